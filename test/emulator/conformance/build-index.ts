// Node-only: builds the ConformanceIndex (xero-node metadata always; OpenAPI schemas when
// ../shared/xero-openapi exists) that the pure checks in checks.ts run over, in Node or in workerd.

import type { ConformanceIndex } from "./checks.ts";
import { OPENAPI_SKIP_MESSAGE, openapiIndex } from "./openapi.ts";
import { xeroNodeIndex } from "./xero-node.ts";

let built: ConformanceIndex | undefined;

/** The index, built once per process. Prints a visible message when the OpenAPI check is skipped. */
export function buildConformanceIndex(): ConformanceIndex {
  if (built) return built;
  const openapi = openapiIndex();
  built = { xeroNode: xeroNodeIndex(), openapi, openapiSkipped: openapi ? null : OPENAPI_SKIP_MESSAGE };
  return built;
}
