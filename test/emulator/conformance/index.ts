// Conformance of emulator responses to what Xero itself wrote: xero-node's model metadata (always)
// and Xero's OpenAPI document (when ../shared/xero-openapi exists). Node-only; used by tests.

import { checkWithOpenApi } from "./openapi.ts";
import { checkWithXeroNode } from "./xero-node.ts";

const API_PREFIX = /^\/api\.xro\/2\.0/i;

/** xero-node root model, and the model whose fields Xero echoes inside validation Elements, per area. */
const AREAS: Record<string, { root: string; element: string | null }> = {
  organisation: { root: "Organisations", element: null },
  contacts: { root: "Contacts", element: "Contact" },
  invoices: { root: "Invoices", element: "Invoice" },
  accounts: { root: "Accounts", element: "Account" },
  payments: { root: "Payments", element: "Payment" },
};

/** Auth/limit problem bodies Xero sends outside the Accounting models: {Type, Title, Status, Detail, Instance}. */
const PROBLEM_KEYS: Record<string, string> = {
  Type: "string",
  Title: "string",
  Status: "number",
  Detail: "string",
  Instance: "string",
  title: "string",
  status: "number",
  detail: "string",
  type: "string",
  instance: "string",
};

function checkProblem(body: Record<string, unknown>): string[] {
  return Object.entries(body).flatMap(([k, v]) => {
    const want = PROBLEM_KEYS[k];
    if (!want) return [`$.${k}: not a field of Xero's problem body`];
    return typeof v === want ? [] : [`$.${k}: expected ${want}`];
  });
}

/**
 * Checks one Accounting API response body. `path` may be a URL or a path, with or without the
 * /api.xro/2.0 prefix and query. Returns violations (empty = conformant).
 */
export function checkResponse(method: string, path: string, status: number, body: unknown): string[] {
  const bare = (path.startsWith("http") ? new URL(path).pathname : (path.split("?")[0] ?? "")).replace(
    API_PREFIX,
    "",
  );
  const area = AREAS[(bare.split("/")[1] ?? "").toLowerCase()];
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return status === 404
      ? []
      : [`expected a JSON object body, got ${Array.isArray(body) ? "array" : typeof body}`];
  }
  const obj = body as Record<string, unknown>;
  if (status === 404) return ["Xero answers 404 with plain text, not JSON"];
  if (
    status === 401 ||
    status === 403 ||
    status === 429 ||
    (status >= 400 && !("ErrorNumber" in obj || "Elements" in obj))
  ) {
    return checkProblem(obj);
  }
  if (!area) return [`no Accounting area for path ${bare}`];
  const isError = status >= 400;
  const root = isError ? "ModelError" : area.root;
  const extra: Record<string, string[]> = isError && area.element ? { Element: [area.element] } : {};
  const out = checkWithXeroNode(obj, root, { envelope: !isError, extra }).map((m) => `[xero-node] ${m}`);
  out.push(
    ...checkWithOpenApi(method, bare, status, obj, isError ? area.element : null).map(
      (m) => `[openapi] ${m}`,
    ),
  );
  return out;
}

/** Wraps a fetch so every JSON response from /api.xro/2.0/* is checked; violations accumulate. */
export function withConformance(
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>,
): {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  violations: string[];
} {
  const violations: string[] = [];
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const res = await fetchFn(input, init);
    const url = new URL(req.url);
    const type = res.headers.get("content-type") ?? "";
    if (API_PREFIX.test(url.pathname)) {
      if (type.includes("json")) {
        let body: unknown;
        try {
          body = await res.clone().json();
        } catch {
          violations.push(`${req.method} ${url.pathname} ${res.status}: body is not valid JSON`);
          return res;
        }
        for (const v of checkResponse(req.method, url.pathname, res.status, body)) {
          violations.push(`${req.method} ${url.pathname}${url.search} ${res.status}: ${v}`);
        }
      } else if (res.status < 300) {
        violations.push(`${req.method} ${url.pathname} ${res.status}: success without a JSON body`);
      }
    }
    return res;
  };
  return { fetch: wrapped, violations };
}
