import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CreditPosition, isStale, parseMoneyInput } from "../../shared/credit.ts";
import { minorToDecimal } from "../../shared/money.ts";

describe("parseMoneyInput: the job-value attribute and jobValue query param", () => {
  it.each([
    ["450.00", "GBP", 45_000],
    ["450", "GBP", 45_000],
    ["1,250.5", "GBP", 125_050],
    ["1250.50", "GBP", 125_050],
    ["£450", "GBP", 45_000],
    [" 0 ", "GBP", 0],
    ["3000", "JPY", 3_000],
  ])("%j in %s is %d minor units", (value, currency, minor) => {
    expect(parseMoneyInput(value, currency)).toEqual({ kind: "amount", minor });
  });

  it.each([[""], ["  "], [null], [undefined]])("%j is absent", (value) => {
    expect(parseMoneyInput(value, "GBP")).toEqual({ kind: "absent" });
  });

  it.each([
    ["abc", /plain number/],
    ["-5", /negative/i],
    ["1e3", /exponent/i],
    ["450.001", /decimal places/],
    ["4,50", /groups of three/],
    ["NaN", /finite/],
    ["$450", /currency/],
  ])("%j is invalid with a reason", (value, reason) => {
    const parsed = parseMoneyInput(value, "GBP");
    expect(parsed.kind).toBe("invalid");
    if (parsed.kind === "invalid") expect(parsed.reason).toMatch(reason);
  });

  it("reads back any amount written as a plain decimal", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (pence) => {
        expect(parseMoneyInput(minorToDecimal(pence, "GBP"), "GBP")).toEqual({
          kind: "amount",
          minor: pence,
        });
      }),
    );
  });
});

describe("isStale: older than twice the sync interval", () => {
  const interval = 5 * 60_000;
  const synced = "2026-11-25T10:00:00.000Z";
  it.each([
    ["2026-11-25T10:00:00.000Z", false],
    ["2026-11-25T10:10:00.000Z", false],
    ["2026-11-25T10:10:00.001Z", true],
    ["2026-11-26T10:00:00.000Z", true],
  ])("at %s → %s", (now, stale) => {
    expect(isStale(synced, new Date(now), interval)).toBe(stale);
  });

  it("treats an unreadable timestamp as stale", () => {
    expect(isStale("yesterday-ish", new Date(synced), interval)).toBe(true);
  });
});

describe("CreditPosition schema", () => {
  const position = {
    status: "warning",
    flags: { isOverLimit: false, hasOverdue: false, isWarning: true },
    limitMinor: 1_000_000,
    balanceMinor: 750_000,
    overdueMinor: 0,
    availableMinor: 250_000,
    utilisation: 0.75,
    warningThreshold: 0.7,
    job: { valueMinor: 45_000, wouldExceed: false, exceedByMinor: 0, availableAfterMinor: 205_000 },
    currency: "GBP",
    customer: {
      ref: "ACME01",
      contactId: "6d2a1f3e-0b7c-4a8e-9f10-1234567890ab",
      name: "Acme Aggregates Ltd",
    },
    lastSyncedAt: "2026-11-25T10:00:00.000Z",
  };

  it("accepts a position the API returns", () => {
    expect(CreditPosition.parse(position)).toEqual(position);
    const noLimit = {
      ...position,
      status: "no_limit",
      limitMinor: null,
      availableMinor: null,
      utilisation: null,
      limitProblem: { raw: "5k", reason: "Abbreviations like 5k are not understood." },
    };
    expect(CreditPosition.safeParse(noLimit).success).toBe(true);
  });

  it.each([
    ["fractional money", { balanceMinor: 10.5 }],
    ["an unknown status", { status: "fine" }],
    ["a lower-case currency", { currency: "gbp" }],
    ["a timestamp that is not ISO", { lastSyncedAt: "yesterday" }],
    ["missing flags", { flags: undefined }],
  ])("rejects %s", (_label, change) => {
    expect(CreditPosition.safeParse({ ...position, ...change }).success).toBe(false);
  });
});
