// Polling that stays cheap in a jobs list of many rows: backoff while nothing changes, a
// per-job spread so rows don't poll in lockstep, and a shared cap on requests in flight.

/** Waits between polls while nothing changes: 15 s, 30 s, 60 s, then 120 s; a change starts again at 15 s. */
export const POLL_STEPS_MS: readonly number[] = [15_000, 30_000, 60_000, 120_000];

/** How much later than its step a job may poll (10%), so rows loaded together spread out. */
const SPREAD = 0.1;

/** A stable number in [0, 1) for a string (FNV-1a), so a job's spread is the same every time. */
function unit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

/** The wait before the next poll: `step` polls since the last change, spread by up to +10% per job. */
export function pollDelay(step: number, job: string): number {
  const base = POLL_STEPS_MS[Math.min(step, POLL_STEPS_MS.length - 1)] ?? 120_000;
  return Math.round(base * (1 + SPREAD * unit(job)));
}

/** Runs tasks with at most `max` in flight, the rest in order: 100 rows never make a burst of 100 requests. */
export function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finished task hands its slot straight to the next waiter, so `active` never overshoots.
    if (active < max) active++;
    else await new Promise<void>((go) => waiting.push(go));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** The one queue every `<agg-payment-status>` on the page shares. */
export const inFlight: <T>(task: () => Promise<T>) => Promise<T> = limiter(4);
