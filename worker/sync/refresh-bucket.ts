import * as z from "zod";

// On-demand refresh ("Refresh" on the badge) is staff-driven, so it is budgeted per tenant: a token
// bucket of a few calls a minute, whatever the customer refs. Without it, a page of 70 refreshes
// made 70 provider calls and stalled sync and payments behind the provider's minute limit.

/** Refreshes a tenant may make in a burst. */
export const REFRESH_BURST = 4;
/** Refreshes per minute the bucket refills at. */
export const REFRESH_PER_MINUTE = 4;

/** The bucket as stored in the tenant's object. */
export const RefreshBucket = z.object({ tokens: z.number().min(0), at: z.number() });
export type RefreshBucket = z.infer<typeof RefreshBucket>;

/** The bucket refilled to `now`. */
function refill(b: RefreshBucket | undefined, now: number): RefreshBucket {
  if (!b) return { tokens: REFRESH_BURST, at: now };
  const gained = (Math.max(0, now - b.at) * REFRESH_PER_MINUTE) / 60_000;
  return { tokens: Math.min(REFRESH_BURST, b.tokens + gained), at: now };
}

/** Takes one refresh from the bucket: the new bucket, or how long until one is there. */
export function takeRefresh(
  stored: RefreshBucket | undefined,
  now: number,
): { ok: true; bucket: RefreshBucket } | { ok: false; retryAfterMs: number } {
  const b = refill(stored, now);
  if (b.tokens >= 1) return { ok: true, bucket: { tokens: b.tokens - 1, at: now } };
  return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) * 60_000) / REFRESH_PER_MINUTE) };
}
