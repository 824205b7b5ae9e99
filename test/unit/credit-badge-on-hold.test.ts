// The badge's words for an account on hold in Sage 50 (pure model; the element renders these).
import { describe, expect, it } from "vitest";
import type { CreditLookup } from "../../shared/credit-api.ts";
import { creditVerdict } from "../../shared/credit-verdict.ts";
import { changeDetail, present } from "../../widget/credit-badge/credit-badge.model.ts";

const now = Date.parse("2026-12-01T12:00:00Z");

function found(onHold: boolean, stale = false): CreditLookup {
  const v = creditVerdict({
    limit: { kind: "limit", minor: 1_000_000 },
    balanceMinor: 0,
    overdueMinor: 0,
    onHold,
  });
  return {
    state: "found",
    provider: "sage50",
    position: {
      ...v,
      currency: "GBP",
      customer: { ref: "HOLD001", contactId: "HOLD001", name: "Held Ltd" },
      lastSyncedAt: new Date(now - 60_000).toISOString(),
    },
    stale,
    syncIntervalMinutes: 15,
  };
}

describe("on hold in the credit badge", () => {
  it("says on hold in Sage 50 and blocks, although the numbers are fine", () => {
    const lookup = found(true);
    const shown = present("ready", lookup, null, "10.00", now);
    expect(shown.headline).toMatchObject({
      attr: "on-hold",
      tone: "danger",
      text: "On hold in Sage 50",
      sentence: "No new jobs on account until the customer is taken off hold in Sage 50.",
    });
    // The job line must not offer what is "available after this job".
    expect(shown.job).toMatchObject({ kind: "exceed", text: "On hold: this job can't go on account" });
    const detail = changeDetail("HOLD001", shown, lookup);
    expect(detail.job?.wouldExceed).toBe(false);
    expect(detail.blocked).toBe(true);
  });

  it("not on hold: the usual available headline, not blocked; a stale lookup is shown stale", () => {
    const lookup = found(false, true);
    const shown = present("ready", lookup, null, null, now);
    expect(shown.headline).toMatchObject({ attr: "ok" });
    expect(shown.stale).toBe(true);
    expect(changeDetail("HOLD001", shown, lookup).blocked).toBe(false);
  });
});
