// Conformance of emulator responses to what Xero itself wrote: xero-node's model metadata (always)
// and Xero's OpenAPI document (when ../shared/xero-openapi exists). This is the Node entry point:
// the index is built here (build-index.ts) and the checks are checks.ts's pure functions, which the
// worker tests also run inside workerd (test/worker/setup.ts) over the same index.

import { buildConformanceIndex } from "./build-index.ts";
import { checkResponseWith, withConformanceIndex } from "./checks.ts";
import { deserializeWithSdk } from "./xero-node.ts";

/**
 * Checks one Accounting API response body. `path` may be a URL or a path, with or without the
 * /api.xro/2.0 prefix and query. Returns violations (empty = conformant).
 */
export function checkResponse(method: string, path: string, status: number, body: unknown): string[] {
  return checkResponseWith(buildConformanceIndex(), method, path, status, body, {
    deserialize: deserializeWithSdk,
  });
}

/** Wraps a fetch so every JSON response from /api.xro/2.0/* is checked; violations accumulate. */
export function withConformance(
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>,
): {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  violations: string[];
} {
  const { fetch, log } = withConformanceIndex(buildConformanceIndex, fetchFn, {
    deserialize: deserializeWithSdk,
  });
  return { fetch, violations: log.violations };
}
