// Planning a tenant's day of Xero calls. Xero gives each organisation a daily budget (about 1,000
// calls on the Starter plan, 5,000 on others) in a fixed window, and says what is left of it in
// X-DayLimit-Remaining on every response. Polling is the only spend we schedule, so polling is what
// gives way: a tenant whose webhooks are healthy polls hourly as a safety net (webhooks carry the
// changes), one without polls at its interval while the budget allows, and no poll ever eats into
// the reserve kept for payments and on-demand refresh — past that, the sync waits for the reset.
// Pure: the caller passes the clock and what Xero said.

import { pollWaitMs, webhooksHealthy } from "../sync/webhook-health.ts";

export { SAFETY_NET_MS, WEBHOOK_HEALTHY_MS, webhooksHealthy } from "../sync/webhook-health.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Calls left in the day that polling never spends (payments and on-demand refresh may): 10% of Starter's 1,000. */
export const DAY_RESERVE = 100;
/** Calls left that on-demand refresh never spends either: they are the payments' (a push costs 2–3). */
export const PAYMENT_RESERVE = 25;
/** What one incremental poll costs, as budgeted: contacts page, invoices page, one IDs= refetch. */
export const CALLS_PER_POLL = 3;
/**
 * When Xero's day window resets, in ms after 00:00 UTC. Xero does not publish it; midnight UTC is
 * assumed until a `day` 429 says exactly (its Retry-After runs to the reset: `dayResetAt`).
 */
export const DAY_RESET_UTC_MS = 0;

/** What the plan knows about the tenant's day. */
export interface DayState {
  now: number;
  /** X-DayLimit-Remaining from Xero's last response (undefined: not known yet). */
  dayRemaining?: number;
  /** When that was read. */
  dayReadAt?: number;
  /** When the day window reset or resets, if a `day` 429 said so (the window repeats daily from there). */
  dayResetAt?: number;
}

/** What the poll plan needs besides the day. */
export interface PollPlanInput extends DayState {
  /** The tenant's configured sync interval. */
  intervalMs: number;
  /** When the last Xero webhook for this tenant arrived (null: never). */
  lastWebhookAt: number | null;
}

/** The next poll, and why then. */
export interface PollPlan {
  at: number;
  why: "interval" | "safety_net" | "spread" | "reserve";
}

/** The start of the fixed day window holding `now`: at the reset time a `day` 429 taught us, else the assumed one. */
function windowStart(s: DayState): number {
  const offset = s.dayResetAt === undefined ? DAY_RESET_UTC_MS : ((s.dayResetAt % DAY) + DAY) % DAY;
  return Math.floor((s.now - offset) / DAY) * DAY + offset;
}

/** When the current day window resets. */
export function nextReset(s: DayState): number {
  return windowStart(s) + DAY;
}

/** Calls left today as far as we know; undefined when Xero has not said since the window reset. */
export function dayLeft(s: DayState): number | undefined {
  if (s.dayRemaining === undefined || s.dayReadAt === undefined) return undefined;
  // A reading from before the reset says nothing about today.
  return s.dayReadAt < windowStart(s) ? undefined : s.dayRemaining;
}

/**
 * The next poll: at the interval (hourly safety net with healthy webhooks) while the budget allows;
 * slower when the day's budget minus the reserve, spread over the time to the reset, cannot pay for
 * that; at the reset when only the reserve is left.
 */
export function planNextPoll(p: PollPlanInput): PollPlan {
  const healthy = webhooksHealthy(p.lastWebhookAt, p.now);
  const base = pollWaitMs(p.intervalMs, p.lastWebhookAt, p.now);
  const why = healthy ? "safety_net" : "interval";
  const left = dayLeft(p);
  if (left === undefined) return { at: p.now + base, why };
  const polls = Math.floor((left - DAY_RESERVE) / CALLS_PER_POLL);
  const reset = nextReset(p);
  if (polls < 1) return { at: reset, why: "reserve" };
  const spread = Math.ceil((reset - p.now) / polls);
  return spread > base ? { at: p.now + spread, why: "spread" } : { at: p.now + base, why };
}

/** Mid-run: how long to stop because only the reserve is left (null: go on). */
export function reservePause(s: DayState): number | null {
  const left = dayLeft(s);
  return left !== undefined && left <= DAY_RESERVE ? nextReset(s) - s.now : null;
}

/** On-demand refresh may spend the polling reserve but not the payments' part of it (ms to wait, or null). */
export function onDemandWait(s: DayState): number | null {
  const left = dayLeft(s);
  return left !== undefined && left <= PAYMENT_RESERVE ? nextReset(s) - s.now : null;
}
