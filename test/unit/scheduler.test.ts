import { describe, expect, it } from "vitest";
import { KEEPALIVE_AFTER_MS } from "../../worker/tenant/records.ts";
import {
  ALARM_EVERY_MS,
  CONTINUE_AFTER_MS,
  keepAliveDue,
  nextWake,
  PURGE_SLACK_MS,
  syncDue,
} from "../../worker/tenant/scheduler.ts";

const now = 1_795_000_000_000;
const idle = { phase: "idle", nextRunAt: now + 300_000, kvPending: 0 };

describe("the tenant alarm's arithmetic", () => {
  it("a sync is due when its time has come or a run is unfinished", () => {
    expect(syncDue({ nextRunAt: now, phase: "idle" }, now)).toBe(true);
    expect(syncDue({ nextRunAt: now + 1, phase: "idle" }, now)).toBe(false);
    expect(syncDue({ nextRunAt: now + 1, phase: "invoices" }, now)).toBe(true);
  });

  it("keep-alive after a week of an unused refresh token", () => {
    expect(keepAliveDue(null, now)).toBe(false);
    expect(keepAliveDue({ refreshIssuedAt: now - KEEPALIVE_AFTER_MS + 1 }, now)).toBe(false);
    expect(keepAliveDue({ refreshIssuedAt: now - KEEPALIVE_AFTER_MS }, now)).toBe(true);
  });

  it("wakes at the next sync, daily at the latest", () => {
    const base = { now, cursorNextRunAt: now, delivery: null, pendingUntil: null };
    expect(nextWake({ ...base, run: idle })).toBe(now + 300_000);
    expect(nextWake({ ...base, run: { ...idle, nextRunAt: now + 2 * ALARM_EVERY_MS } })).toBe(
      now + ALARM_EVERY_MS,
    );
    expect(nextWake({ ...base, run: null, cursorNextRunAt: now + 60_000 })).toBe(now + 60_000);
  });

  it("an unfinished run continues soon, but not before the provider's minute budget allows", () => {
    const base = { now, cursorNextRunAt: now, delivery: null, pendingUntil: null };
    expect(nextWake({ ...base, run: { phase: "contacts", nextRunAt: now, kvPending: 0 } })).toBe(
      now + CONTINUE_AFTER_MS,
    );
    expect(nextWake({ ...base, run: { phase: "contacts", nextRunAt: now + 40_000, kvPending: 0 } })).toBe(
      now + 40_000,
    );
    // A failed run waits for its backoff, even when unfinished.
    expect(
      nextWake({ ...base, run: { phase: "contacts", error: "x", nextRunAt: now + 120_000, kvPending: 0 } }),
    ).toBe(now + 120_000);
    expect(nextWake({ ...base, run: { ...idle, kvPending: 3 } })).toBe(now + CONTINUE_AFTER_MS);
  });

  it("deliveries and expiring consent records bring it sooner", () => {
    const base = { now, run: idle, cursorNextRunAt: now };
    expect(nextWake({ ...base, delivery: now + 10_000, pendingUntil: null })).toBe(now + 10_000);
    expect(nextWake({ ...base, delivery: null, pendingUntil: now + 5_000 })).toBe(
      now + 5_000 + PURGE_SLACK_MS,
    );
  });
});
