// Healthy webhooks turn polling into an hourly safety net, for every provider that has them.
import { describe, expect, it } from "vitest";
import { qboProvider } from "../../worker/quickbooks/provider.ts";
import { pollWaitMs, SAFETY_NET_MS, WEBHOOK_HEALTHY_MS } from "../../worker/sync/webhook-health.ts";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const MIN = 60_000;

describe("poll wait", () => {
  it("is the interval without webhooks, the hourly safety net while they are healthy", () => {
    expect(pollWaitMs(5 * MIN, null, NOW)).toBe(5 * MIN);
    expect(pollWaitMs(5 * MIN, NOW - 10 * MIN, NOW)).toBe(SAFETY_NET_MS);
    expect(pollWaitMs(5 * MIN, NOW - WEBHOOK_HEALTHY_MS, NOW)).toBe(5 * MIN); // a day of silence
    expect(pollWaitMs(120 * MIN, NOW - MIN, NOW)).toBe(120 * MIN); // never faster than asked
  });

  it("QuickBooks paces its metered CDC polls by it (and has no daily reserve)", () => {
    const pacing = qboProvider.pacing;
    if (!pacing) throw new Error("QuickBooks has no pacing");
    expect(pacing.nextPoll({ now: NOW, budget: {}, intervalMs: 5 * MIN, lastWebhookAt: NOW - MIN })).toBe(
      NOW + SAFETY_NET_MS,
    );
    expect(pacing.nextPoll({ now: NOW, budget: {}, intervalMs: 5 * MIN, lastWebhookAt: null })).toBe(
      NOW + 5 * MIN,
    );
    expect(pacing.reservePause(NOW, {})).toBeNull();
  });
});
