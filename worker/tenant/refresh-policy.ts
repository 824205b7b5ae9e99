// When an on-demand customer refresh is refused, and in what words, as pure functions (the
// route answers 429 with Retry-After). CustomerRefresh does the I/O.

/** One customer may be refreshed on demand at most this often. */
export const REFRESH_COOLDOWN_MS = 30_000;

/** An on-demand refresh refused for now (the route answers 429 with Retry-After). */
export interface RefreshRefused {
  retryAfterS: number;
  message: string;
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

/** The storage key of a customer ref's last refresh (case and surrounding space do not matter). */
export function refreshKey(ref: string): string {
  return `refresh:${ref.trim().toLowerCase()}`;
}

/** Refused while the same customer was refreshed less than REFRESH_COOLDOWN_MS ago (null: allowed). */
export function cooldownRefusal(last: number, now: number): RefreshRefused | null {
  if (now - last >= REFRESH_COOLDOWN_MS) return null;
  const s = seconds(REFRESH_COOLDOWN_MS - (now - last));
  return { retryAfterS: s, message: `This customer was refreshed moments ago. Try again in ${s} s.` };
}

/** Refused because the provider's day budget left for on-demand work is spent for `waitMs`. */
export function dayBudgetRefusal(waitMs: number, providerName: string): RefreshRefused {
  const s = seconds(waitMs);
  const message = `${providerName}'s daily call budget for this organisation is nearly spent; refresh is back in ${s} s.`;
  return { retryAfterS: s, message };
}

/** Refused because the tenant's shared refresh bucket is empty for `retryAfterMs`. */
export function bucketRefusal(retryAfterMs: number): RefreshRefused {
  const s = seconds(retryAfterMs);
  return { retryAfterS: s, message: `Too many refreshes for this account just now. Try again in ${s} s.` };
}
