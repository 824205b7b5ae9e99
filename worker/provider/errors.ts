// One error type for every accounting provider. A provider maps its own failures (HTTP statuses,
// problem bodies, OAuth errors) to a kind at the seam; the tenant layer decides on the kind only.

/**
 * What went wrong, as the core acts on it:
 * - `auth_revoked`: the grant is gone (refresh refused, organisation disconnected) → reconnect.
 * - `auth_scope`: a permission or scope is missing; no refresh fixes it → reconnect by an admin.
 * - `rate_limited`: wait `retryAfterMs`, then resume where the cursor stands.
 * - `transient`: 5xx, timeout, unreadable answer: retry later (resume without gaps or duplicates).
 * - `validation`: the provider refused the request's content (`messages` say why).
 * - `not_found`: no such record.
 * - `not_connected`: no usable connection (nothing was asked).
 */
export type ProviderErrorKind =
  | "auth_revoked"
  | "auth_scope"
  | "rate_limited"
  | "transient"
  | "validation"
  | "not_found"
  | "not_connected";

/** The provider's failure with a kind the core can act on; `message` is safe to show an admin. */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  /** rate_limited: how long to wait. */
  readonly retryAfterMs?: number;
  /** rate_limited: which limit (`day`, `minute`, `appminute`, … as the provider names it). */
  readonly limit?: string;
  /** validation: the provider's messages, verbatim. */
  readonly messages: readonly string[];
  /** The provider's HTTP status, when there was one (diagnostics). */
  readonly status?: number;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    extra: { retryAfterMs?: number; limit?: string; messages?: readonly string[]; status?: number } = {},
  ) {
    super(message);
    this.name = "ProviderError";
    this.kind = kind;
    this.retryAfterMs = extra.retryAfterMs;
    this.limit = extra.limit;
    this.messages = extra.messages ?? [];
    this.status = extra.status;
  }
}

/** True when `err` is a ProviderError of one of `kinds`. */
export function isProviderError(err: unknown, ...kinds: ProviderErrorKind[]): err is ProviderError {
  return err instanceof ProviderError && (kinds.length === 0 || kinds.includes(err.kind));
}

/** True when the connection cannot be used any more (an admin must reconnect). */
export const needsReconnect = (err: unknown) =>
  isProviderError(err, "auth_revoked", "auth_scope", "not_connected");
