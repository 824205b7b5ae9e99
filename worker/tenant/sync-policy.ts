// The sync run's arithmetic, as pure functions: when the next poll is, how long to pause for the
// provider's minute window, and where a failed run leaves the cursor. SyncService does the I/O.

import { isProviderError } from "../provider/errors.ts";
import type { CallBudget, Pacing } from "../provider/provider.ts";
import { failureBackoffMs } from "../sync/backoff.ts";
import type { SyncCursor } from "../sync/cursor.ts";

/** Calls per minute the sync leaves for on-demand work (a Refresh click, a webhook, a payment). */
export const MINUTE_RESERVE = 2;
/** A push provider's cursor never asks for a run (a day ahead, moved on by every batch). */
export const PUSH_IDLE_MS = 24 * 3600_000;
/** A rate limit without Retry-After waits this long. */
export const RATE_LIMIT_WAIT_MS = 60_000;

/** What the pull's pacing questions are asked with. */
export interface PaceInput {
  now: number;
  budget: CallBudget;
  /** How the provider spreads its calls over the day (absent: at the interval, no reserve). */
  pacing?: Pacing;
}

/** How long to wait before the provider's minute window has room again (null: go on). */
export function minutePause(budget: CallBudget, now: number): number | null {
  const { minute, at } = budget;
  if (minute === undefined || at === undefined || minute > MINUTE_RESERVE) return null;
  const left = 60_000 - (now - at);
  return left > 0 ? left : null;
}

/** The pause before the pull's next call: the minute window first, then the day plan's reserve (null: go on). */
export function pauseMs(i: PaceInput): number | null {
  return minutePause(i.budget, i.now) ?? i.pacing?.reservePause(i.now, i.budget) ?? null;
}

/** Until the next poll: the provider's day plan when it has one, else the tenant's interval. */
export function pollDelayMs(i: PaceInput & { intervalMs: number; lastWebhookAt: number | null }): number {
  const at = i.pacing?.nextPoll({
    now: i.now,
    budget: i.budget,
    intervalMs: i.intervalMs,
    lastWebhookAt: i.lastWebhookAt,
  });
  return (at ?? i.now + i.intervalMs) - i.now;
}

/**
 * The cursor after a failed run. Every failure moves the next run forward, a refused token
 * included: the alarm follows nextRunAt, so leaving it in the past re-ran the failing sync at
 * once, over and over. A rate limit waits its Retry-After; anything else backs off by failures.
 */
export function afterFailure(
  cursor: SyncCursor,
  err: unknown,
  now: number,
): { cursor: SyncCursor; error: string } {
  const failures = (cursor.failures ?? 0) + 1;
  const wait = isProviderError(err, "rate_limited")
    ? (err.retryAfterMs ?? RATE_LIMIT_WAIT_MS)
    : failureBackoffMs(failures);
  const error = err instanceof Error ? err.message : String(err);
  return { cursor: { ...cursor, nextRunAt: now + wait, failures }, error };
}

/** A connector's batch counts as a finished sync at `now` (a full one when it ends a snapshot). */
export function pushedCursor(cursor: SyncCursor, now: number, full: boolean): SyncCursor {
  const next: SyncCursor = { ...cursor, phase: "idle", lastSyncedAt: now, nextRunAt: now + PUSH_IDLE_MS };
  if (full) next.lastFullAt = now;
  return next;
}
