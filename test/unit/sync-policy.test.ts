import { describe, expect, it } from "vitest";
import { ProviderError } from "../../worker/provider/errors.ts";
import type { Pacing } from "../../worker/provider/provider.ts";
import { FIRST_RETRY_MS } from "../../worker/sync/backoff.ts";
import { initialCursor } from "../../worker/sync/cursor.ts";
import {
  bucketRefusal,
  cooldownRefusal,
  dayBudgetRefusal,
  REFRESH_COOLDOWN_MS,
  refreshKey,
} from "../../worker/tenant/refresh-policy.ts";
import {
  afterFailure,
  MINUTE_RESERVE,
  minutePause,
  PUSH_IDLE_MS,
  pauseMs,
  pollDelayMs,
  pushedCursor,
  RATE_LIMIT_WAIT_MS,
} from "../../worker/tenant/sync-policy.ts";

const now = 1_795_000_000_000;
const pacing: Pacing = {
  nextPoll: ({ now: t }) => t + 3600_000,
  reservePause: () => 7_000,
  onDemandWait: () => null,
};

describe("the sync run's pacing", () => {
  it("pauses for the minute window only when no more than the reserve is left", () => {
    expect(minutePause({}, now)).toBeNull();
    expect(minutePause({ minute: MINUTE_RESERVE + 1, at: now - 1000 }, now)).toBeNull();
    expect(minutePause({ minute: MINUTE_RESERVE, at: now - 1000 }, now)).toBe(59_000);
    // The window the budget was read in has passed: go on.
    expect(minutePause({ minute: 0, at: now - 60_000 }, now)).toBeNull();
  });

  it("the minute window comes before the day plan's reserve", () => {
    expect(pauseMs({ now, budget: { minute: 0, at: now - 10_000 }, pacing })).toBe(50_000);
    expect(pauseMs({ now, budget: { minute: 50, at: now }, pacing })).toBe(7_000);
    expect(pauseMs({ now, budget: { minute: 50, at: now } })).toBeNull();
  });

  it("polls by the day plan when the provider has one, else at the tenant's interval", () => {
    const i = { now, budget: {}, intervalMs: 300_000, lastWebhookAt: null };
    expect(pollDelayMs(i)).toBe(300_000);
    expect(pollDelayMs({ ...i, pacing })).toBe(3600_000);
  });
});

describe("where a failed run leaves the cursor", () => {
  it("a rate limit waits its Retry-After (a minute without one); failures are counted", () => {
    const c = initialCursor(now);
    const limited = new ProviderError("rate_limited", "slow down", { retryAfterMs: 42_000, limit: "minute" });
    expect(afterFailure(c, limited, now)).toEqual({
      cursor: { ...c, nextRunAt: now + 42_000, failures: 1 },
      error: "slow down",
    });
    const bare = new ProviderError("rate_limited", "slow down");
    expect(afterFailure(c, bare, now).cursor.nextRunAt).toBe(now + RATE_LIMIT_WAIT_MS);
  });

  it("anything else backs off by the number of failures, and never leaves the next run in the past", () => {
    const c = { ...initialCursor(now - 10 * 3600_000), nextRunAt: now - 1000 };
    const first = afterFailure(c, new Error("boom"), now);
    expect(first).toEqual({ cursor: { ...c, nextRunAt: now + FIRST_RETRY_MS, failures: 1 }, error: "boom" });
    const second = afterFailure(first.cursor, "odd", now);
    expect(second.cursor).toMatchObject({ nextRunAt: now + 2 * FIRST_RETRY_MS, failures: 2 });
    expect(second.error).toBe("odd");
  });

  it("a connector batch is a finished sync that asks for no run for a day", () => {
    const c = { ...initialCursor(now - 1000), phase: "contacts" as const };
    expect(pushedCursor(c, now, false)).toEqual({
      ...c,
      phase: "idle",
      lastSyncedAt: now,
      nextRunAt: now + PUSH_IDLE_MS,
    });
    expect(pushedCursor(c, now, true).lastFullAt).toBe(now);
  });
});

describe("when an on-demand refresh is refused", () => {
  it("one customer at most every 30 s, however its ref is typed", () => {
    expect(refreshKey("  ACME-01 ")).toBe(refreshKey("acme-01"));
    expect(cooldownRefusal(0, now)).toBeNull();
    expect(cooldownRefusal(now - REFRESH_COOLDOWN_MS, now)).toBeNull();
    expect(cooldownRefusal(now - 10_500, now)).toEqual({
      retryAfterS: 20,
      message: "This customer was refreshed moments ago. Try again in 20 s.",
    });
  });

  it("the day budget and the shared bucket say how long, in whole seconds rounded up", () => {
    expect(dayBudgetRefusal(1_001, "Xero")).toEqual({
      retryAfterS: 2,
      message: "Xero's daily call budget for this organisation is nearly spent; refresh is back in 2 s.",
    });
    expect(bucketRefusal(9_000)).toEqual({
      retryAfterS: 9,
      message: "Too many refreshes for this account just now. Try again in 9 s.",
    });
  });
});
