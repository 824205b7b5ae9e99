// The tenant alarm's arithmetic, as pure functions: when the next wake is due, and whether the
// token needs a keep-alive. The Durable Object only reads storage, runs what is due and arms.

import { KEEPALIVE_AFTER_MS } from "./records.ts";

/** The alarm wakes at least daily (keep-alive) and whenever the sync is due. */
export const ALARM_EVERY_MS = 24 * 3600_000;
/** While a sync run or KV writes are unfinished, the next slice runs this soon. */
export const CONTINUE_AFTER_MS = 1000;
/** A consent record expiring at `t` is purged by an alarm at `t + PURGE_SLACK_MS`. */
export const PURGE_SLACK_MS = 1000;

/** A sync is due when its time has come or a run is unfinished. */
export function syncDue(cursor: { nextRunAt: number; phase: string }, now: number): boolean {
  return cursor.nextRunAt <= now || cursor.phase !== "idle";
}

/** Keep-alive: a refresh token older than a week is refreshed (well inside any provider's idle limit). */
export function keepAliveDue(tokens: { refreshIssuedAt: number } | null, now: number): boolean {
  return tokens !== null && now - tokens.refreshIssuedAt >= KEEPALIVE_AFTER_MS;
}

/** What one alarm learnt, for planning the next. */
export interface WakeInput {
  now: number;
  /** The sync run this alarm made (null: none was due; then `cursorNextRunAt` says when one is). */
  run: { phase: string; error?: string; nextRunAt: number; kvPending: number } | null;
  cursorNextRunAt: number;
  /** When event delivery wants to run again (null: nothing to deliver). */
  delivery: number | null;
  /** When the next pending consent record expires (null: none). */
  pendingUntil: number | null;
}

/** The next alarm: daily at the latest, sooner for the sync, an unfinished run, deliveries, purges. */
export function nextWake(i: WakeInput): number {
  let next = i.now + ALARM_EVERY_MS;
  if (i.run) {
    // An unfinished run continues soon — or when the provider's minute budget allows (nextRunAt).
    const r = i.run;
    next = Math.min(
      next,
      r.phase !== "idle" && !r.error ? Math.max(i.now + CONTINUE_AFTER_MS, r.nextRunAt) : r.nextRunAt,
    );
    if (r.kvPending > 0) next = Math.min(next, i.now + CONTINUE_AFTER_MS);
  } else {
    next = Math.min(next, i.cursorNextRunAt);
  }
  if (i.delivery !== null) next = Math.min(next, i.delivery);
  if (i.pendingUntil !== null) next = Math.min(next, i.pendingUntil + PURGE_SLACK_MS);
  return next;
}
