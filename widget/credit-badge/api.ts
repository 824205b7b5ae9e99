import { CreditLookup } from "../../shared/credit-api.ts";
import type { AggElement } from "../base/agg-element.ts";
import { ApiError } from "../base/api-client.ts";

function readLookup(json: unknown): CreditLookup {
  const parsed = CreditLookup.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ApiError(502, "bad_response", "AGG SMART Accounts Connect sent an answer this page can't read.");
}

const path = (ref: string, what: "credit" | "refresh") => `/api/customers/${encodeURIComponent(ref)}/${what}`;

/** `GET /api/customers/{ref}/credit`: the customer's credit position from the read model. */
export function fetchCredit(el: AggElement, ref: string, signal: AbortSignal): Promise<CreditLookup> {
  return el.call(path(ref, "credit"), readLookup, { signal });
}

/** `POST /api/customers/{ref}/refresh`: syncs that one customer from Xero now, then answers its lookup. */
export function refreshCredit(el: AggElement, ref: string): Promise<CreditLookup> {
  return el.call(path(ref, "refresh"), readLookup, { method: "POST" });
}

/** Any thrown value as an ApiError the UI can show. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, "internal_error", "Something went wrong. Please try again.");
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
