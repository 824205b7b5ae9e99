import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CALLS_PER_POLL,
  DAY_RESERVE,
  dayLeft,
  nextReset,
  onDemandWait,
  PAYMENT_RESERVE,
  planNextPoll,
  reservePause,
  SAFETY_NET_MS,
  WEBHOOK_HEALTHY_MS,
} from "../../worker/xero/day-plan.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const MIDNIGHT = Date.parse("2026-12-01T00:00:00Z");

/** Drives the plan over one UTC day against a fake budget; returns polls made and calls left. */
function simulateDay(opts: { limit: number; intervalMin: number; webhooks: boolean; startAt?: number }) {
  let now = opts.startAt ?? MIDNIGHT;
  let left = opts.limit;
  let readAt: number | undefined;
  let polls = 0;
  const end = MIDNIGHT + DAY;
  while (now < end) {
    const pause = reservePause({ now, dayRemaining: left, dayReadAt: readAt });
    if (pause === null) {
      left -= CALLS_PER_POLL;
      readAt = now;
      polls++;
    }
    const plan = planNextPoll({
      now,
      dayRemaining: readAt === undefined ? undefined : left,
      dayReadAt: readAt,
      intervalMs: opts.intervalMin * MIN,
      lastWebhookAt: opts.webhooks ? now - 60 * MIN : null,
    });
    expect(plan.at).toBeGreaterThan(now);
    now = plan.at;
  }
  return { polls, left };
}

describe("the day plan", () => {
  it("without webhooks polls at the interval while the budget allows", () => {
    const p = planNextPoll({
      now: MIDNIGHT,
      dayRemaining: 4000,
      dayReadAt: MIDNIGHT,
      intervalMs: 5 * MIN,
      lastWebhookAt: null,
    });
    expect(p).toEqual({ at: MIDNIGHT + 5 * MIN, why: "interval" });
  });

  it("with healthy webhooks polls hourly as a safety net; a webhook older than the health window no longer counts", () => {
    const base = { now: MIDNIGHT, dayRemaining: 4000, dayReadAt: MIDNIGHT, intervalMs: 5 * MIN };
    expect(planNextPoll({ ...base, lastWebhookAt: MIDNIGHT - MIN })).toEqual({
      at: MIDNIGHT + SAFETY_NET_MS,
      why: "safety_net",
    });
    expect(planNextPoll({ ...base, lastWebhookAt: MIDNIGHT - WEBHOOK_HEALTHY_MS }).why).toBe("interval");
  });

  it("spreads what is left above the reserve over the rest of the day when the interval cannot be paid for", () => {
    const now = MIDNIGHT + 12 * 60 * MIN; // 12 h left
    const p = planNextPoll({
      now,
      dayRemaining: DAY_RESERVE + 30,
      dayReadAt: now,
      intervalMs: MIN,
      lastWebhookAt: null,
    });
    expect(p.why).toBe("spread");
    expect(p.at - now).toBe(Math.ceil((12 * 60 * MIN) / (30 / CALLS_PER_POLL)));
  });

  it("never polls into the reserve: waits for the window reset (or the reset a day 429 named)", () => {
    const now = MIDNIGHT + 20 * 60 * MIN;
    const s = { now, dayRemaining: DAY_RESERVE, dayReadAt: now, intervalMs: 5 * MIN, lastWebhookAt: null };
    expect(planNextPoll(s)).toEqual({ at: MIDNIGHT + DAY, why: "reserve" });
    expect(reservePause(s)).toBe(4 * 60 * MIN);
    expect(planNextPoll({ ...s, dayResetAt: now + 90 * MIN }).at).toBe(now + 90 * MIN);
  });

  it("forgets yesterday's reading once the window has reset", () => {
    const now = MIDNIGHT + 60_000;
    expect(dayLeft({ now, dayRemaining: 0, dayReadAt: MIDNIGHT - 60_000 })).toBeUndefined();
    expect(dayLeft({ now, dayRemaining: 7, dayReadAt: MIDNIGHT })).toBe(7);
    expect(nextReset({ now })).toBe(MIDNIGHT + DAY);
  });

  it("a day 429's reset time sets the window from then on, days later too", () => {
    const reset = MIDNIGHT + 10 * 3600_000; // Xero said: 10:00 UTC
    const at429 = reset - 3600_000;
    const s = { dayRemaining: 0, dayReadAt: at429, dayResetAt: reset };
    expect(dayLeft({ ...s, now: reset - 1 })).toBe(0);
    expect(nextReset({ ...s, now: reset - 1 })).toBe(reset);
    expect(dayLeft({ ...s, now: reset })).toBeUndefined();
    // Read again later that day (low), then a day passes with no poll: the next 10:00 frees it.
    const later = { dayRemaining: 50, dayReadAt: reset + 3600_000, dayResetAt: reset };
    expect(nextReset({ ...later, now: reset + 2 * 3600_000 })).toBe(reset + DAY);
    expect(dayLeft({ ...later, now: reset + DAY + 1 })).toBeUndefined();
  });

  it("on-demand refresh may use the polling reserve but not the payments' part", () => {
    const now = MIDNIGHT;
    expect(onDemandWait({ now, dayRemaining: DAY_RESERVE, dayReadAt: now })).toBeNull();
    expect(onDemandWait({ now, dayRemaining: PAYMENT_RESERVE, dayReadAt: now })).toBe(DAY);
    expect(onDemandWait({ now })).toBeNull();
  });

  it("property: the next poll is always in the future, never later than the reset unless the interval is", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: DAY - 1 }),
        fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 1440 }),
        fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: null }),
        (offset, remaining, intervalMin, webhookAgo) => {
          const now = MIDNIGHT + offset;
          const p = planNextPoll({
            now,
            dayRemaining: remaining,
            dayReadAt: remaining === undefined ? undefined : now,
            intervalMs: intervalMin * MIN,
            lastWebhookAt: webhookAgo === null ? null : now - webhookAgo,
          });
          expect(p.at).toBeGreaterThan(now);
          if (p.why === "spread") expect(p.at).toBeLessThanOrEqual(MIDNIGHT + DAY);
          if (p.why === "reserve") expect(p.at).toBe(MIDNIGHT + DAY);
          if (remaining !== undefined && remaining - DAY_RESERVE < CALLS_PER_POLL)
            expect(p.why).toBe("reserve");
        },
      ),
    );
  });

  it("property: over a simulated day polling never spends the reserve, whatever the budget, interval and start", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6000 }),
        fc.integer({ min: 1, max: 60 }),
        fc.boolean(),
        fc.integer({ min: 0, max: DAY - 1 }),
        (limit, intervalMin, webhooks, start) => {
          const { left } = simulateDay({ limit, intervalMin, webhooks, startAt: MIDNIGHT + start });
          // Only the very first poll, before Xero has said what is left, can dip below.
          expect(left).toBeGreaterThanOrEqual(Math.min(limit - CALLS_PER_POLL, DAY_RESERVE));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a Starter day (1,000 calls) at a 1-minute interval: polls spread to fit; with webhooks about hourly", () => {
    const without = simulateDay({ limit: 1000, intervalMin: 1, webhooks: false });
    expect(without.polls * CALLS_PER_POLL).toBeLessThanOrEqual(1000 - DAY_RESERVE);
    expect(without.polls).toBeGreaterThan(250); // spends the budget, not a sixth of it
    expect(simulateDay({ limit: 1000, intervalMin: 1, webhooks: true }).polls).toBe(24);
  });
});
