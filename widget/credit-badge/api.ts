import type { CreditLookup } from "../../shared/credit-api.ts";
import type { AggElement } from "../base/agg-element.ts";
import { type ApiError, fields, reader } from "../base/api-client.ts";

const STATES = ["not_found", "ambiguous", "not_synced", "not_connected"];

// A found position must carry the figures the badge formats; an ambiguous one its candidates.
const readLookup = reader<CreditLookup>((o) => {
  if (o.state === "ambiguous") return Array.isArray(o.candidates);
  if (o.state !== "found") return STATES.includes(o.state as string);
  const p = fields(o.position);
  return (
    !!p &&
    typeof p.currency === "string" &&
    typeof p.balanceMinor === "number" &&
    typeof p.status === "string" &&
    !!fields(p.flags) &&
    !!fields(p.customer)
  );
});

const path = (ref: string, what: "credit" | "refresh") => `/api/customers/${encodeURIComponent(ref)}/${what}`;

/** `GET /api/customers/{ref}/credit`: the customer's credit position from the read model. */
export function fetchCredit(el: AggElement, ref: string, signal: AbortSignal): Promise<CreditLookup> {
  return el.call(path(ref, "credit"), readLookup, { signal });
}

/** `POST /api/customers/{ref}/refresh`: syncs that one customer from the accounting system now, then answers its lookup. */
export function refreshCredit(el: AggElement, ref: string): Promise<CreditLookup> {
  return el.call(path(ref, "refresh"), readLookup, { method: "POST" });
}

/**
 * Seconds to wait after a 429: the error's `retryAfter` (Retry-After header) when the API client
 * carries it, else a number of seconds in the server's message, else null.
 */
export function retryAfterSeconds(err: ApiError): number | null {
  const carried = (err as ApiError & { retryAfter?: unknown }).retryAfter;
  if (typeof carried === "number" && carried > 0) return Math.ceil(carried);
  const said = /(\d+)\s*(?:s\b|sec|second)/i.exec(err.message)?.[1];
  return said ? Number(said) : null;
}
