// Intuit's error bodies → the seam's ProviderError. Two shapes exist: the capitalised
// `{"Fault":{"Error":[{Message, Detail, code, element}],"type"},"time"}` (a 200 may carry one)
// and the lowercase auth fault `{"fault":{"error":[{message, detail, code}],"type":"AUTHENTICATION"}}`.
// @see ../../shared/QBO-FACTS.md "Errors"

import * as z from "zod";
import { ProviderError } from "../provider/errors.ts";

const Entry = z.looseObject({
  Message: z.string().optional(),
  message: z.string().optional(),
  Detail: z.string().optional(),
  detail: z.string().optional(),
  code: z.union([z.string(), z.number()]).optional(),
});
const Body = z.looseObject({
  Fault: z.looseObject({ Error: z.array(Entry).default([]), type: z.string().optional() }).optional(),
  fault: z.looseObject({ error: z.array(Entry).default([]), type: z.string().optional() }).optional(),
});

/** One Fault entry, whichever case it came in. */
export interface FaultEntry {
  code: string;
  message: string;
  detail: string;
}

/** A Fault as read from a body (null when the body carries none). */
export interface Fault {
  type: string;
  errors: FaultEntry[];
}

/** Reads either Fault shape; the code is also taken from `errorCode=003200` in the message when absent. */
export function readFault(body: unknown): Fault | null {
  const parsed = Body.safeParse(body);
  if (!parsed.success) return null;
  const f = parsed.data.Fault ?? null;
  const l = parsed.data.fault ?? null;
  const list = f?.Error ?? l?.error;
  if (!list) return null;
  const errors = list.map((e) => {
    const message = e.Message ?? e.message ?? "";
    const fromText = /errorCode=0*(\d+)/.exec(message)?.[1];
    return { code: String(e.code ?? fromText ?? ""), message, detail: e.Detail ?? e.detail ?? "" };
  });
  return { type: f?.type ?? l?.type ?? "", errors };
}

const has = (f: Fault | null, code: string) => !!f?.errors.some((e) => e.code.replace(/^0+/, "") === code);

/** The Fault's messages as an admin reads them ("Message: Detail"). */
export const faultMessages = (f: Fault | null): string[] =>
  (f?.errors ?? []).map((e) =>
    e.detail && e.detail !== e.message ? `${e.message}: ${e.detail}` : e.message,
  );

/** What a 401 says: 3200 (or an unrecognised 401) is worth one refresh. */
export const isAuthFailure = (status: number, f: Fault | null) => status === 401 || has(f, "3200");

/** 403 / 3100: authorisation (scope, company, environment, an app taken offline): no refresh fixes it. */
export const isForbidden = (status: number, f: Fault | null) => status === 403 || has(f, "3100");

/** Intuit waits: 429 (ThrottleExceeded, 3001) carries no Retry-After; Intuit says wait 60 s. */
export const RATE_LIMIT_WAIT_MS = 60_000;

/**
 * Maps an answer that is not a success to a ProviderError (auth faults are handled by the
 * caller first: they need the credentials).
 * - 429 / 3001 → `rate_limited` (60 s, limit `minute`)
 * - 400 (ValidationFault) or a 200 carrying a Fault → `validation` with Intuit's messages;
 *   610 on a read → `not_found`
 * - 404 → `not_found`; 5xx and everything else → `transient`
 */
export function faultToError(status: number, f: Fault | null, read: boolean): ProviderError {
  const messages = faultMessages(f);
  const first = messages[0] ?? `QuickBooks Online answered ${status}.`;
  if (status === 429 || has(f, "3001"))
    return new ProviderError("rate_limited", "QuickBooks Online rate limit: retry after 60 s", {
      retryAfterMs: RATE_LIMIT_WAIT_MS,
      limit: "minute",
      status,
    });
  if (status === 404)
    return new ProviderError("not_found", "QuickBooks Online has no such record.", { status });
  if (read && has(f, "610")) return new ProviderError("not_found", first, { status, messages });
  if (status === 400 || (status < 300 && f))
    return new ProviderError("validation", first, { status, messages });
  return new ProviderError("transient", `QuickBooks Online answered ${status}: ${first}`, { status });
}
