// How long a failing sync waits before it tries again. Without it a permanent failure (a 401
// that no refresh fixes) re-ran at once on every alarm, costing a refresh and two calls per turn
// until the provider answered 429.

/** The wait after the first failed run. */
export const FIRST_RETRY_MS = 60_000;
/** The longest wait between runs of a sync that keeps failing. */
export const MAX_RETRY_MS = 3600_000;

/** Wait before the next run after `failures` consecutive failed runs: 1 min, doubling, at most 1 h. */
export function failureBackoffMs(failures: number): number {
  const n = Math.max(1, Math.floor(failures));
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(n - 1, 30));
}
