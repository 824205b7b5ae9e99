// Xero's failures → the one ProviderError the core acts on. Everything a Xero call can throw
// passes through here at the seam, so nothing outside worker/xero/ knows Xero's error classes.

import * as z from "zod";
import { ProviderError } from "../provider/errors.ts";
import { oauthToProviderError } from "../provider/oauth2.ts";
import { RateLimited, XeroApiError } from "./api.ts";
import { XeroAuthError } from "./oauth.ts";

/**
 * Maps a failure to a ProviderError (kept as is when it already is one). Messages are kept
 * verbatim: they are what admins and AGG SMART's server already read.
 * - 429 → `rate_limited` (Retry-After; `limit` = X-Rate-Limit-Problem: day / minute / appminute)
 * - 401 AuthorizationUnsuccessful → `auth_scope`; 403 (organisation disconnected) → `auth_revoked`
 * - invalid_grant (refresh refused) → `auth_revoked`
 * - 400 → `validation` with Xero's ValidationErrors; 404 → `not_found`
 * - 5xx, network, unreadable or unexpected answers, other 4xx → `transient`
 */
export function toProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof RateLimited)
    return new ProviderError("rate_limited", err.message, {
      retryAfterMs: err.retryAfterMs,
      limit: err.problem,
      status: 429,
    });
  if (err instanceof XeroApiError) {
    const status = err.status;
    if (err.kind === "not_connected") {
      const kind =
        status === 401 && /AuthorizationUnsuccessful/.test(err.message)
          ? "auth_scope"
          : status === 403
            ? "auth_revoked"
            : "not_connected";
      return new ProviderError(kind, err.message, { status });
    }
    if (err.kind === "validation")
      return new ProviderError("validation", err.message, { messages: err.messages, status });
    if (err.kind === "not_found") return new ProviderError("not_found", err.message, { status });
    return new ProviderError("transient", err.message, { status });
  }
  if (err instanceof XeroAuthError) return oauthToProviderError(err);
  if (err instanceof z.ZodError)
    return new ProviderError("transient", `Xero answered in an unexpected shape: ${z.prettifyError(err)}`);
  return new ProviderError("transient", err instanceof Error ? err.message : String(err));
}

/** Runs `fn`, rethrowing any failure as a ProviderError. */
export async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toProviderError(err);
  }
}
