import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CreditVerdict } from "../../shared/credit.ts";
import { CreditInputError, creditVerdict } from "../../shared/credit-verdict.ts";
import type { ParsedLimit } from "../../worker/credit/network-key.ts";

const limit = (minor: number): ParsedLimit => ({ kind: "limit", minor });
const NONE: ParsedLimit = { kind: "none" };
const BAD: ParsedLimit = { kind: "invalid", raw: "5k", reason: "Abbreviations like 5k are not understood." };

describe("creditVerdict: statuses", () => {
  it.each([
    // limit, balance, overdue, status, isOverLimit, hasOverdue, isWarning
    [limit(1_000_000), 0, 0, "ok", false, false, false],
    [limit(1_000_000), 699_999, 0, "ok", false, false, false],
    [limit(1_000_000), 700_000, 0, "warning", false, false, true],
    [limit(1_000_000), 1_000_000, 0, "warning", false, false, true],
    [limit(1_000_000), 1_000_001, 0, "over_limit", true, false, true],
    [limit(1_000_000), 100, 1, "overdue", false, true, false],
    [limit(1_000_000), 800_000, 5_000, "overdue", false, true, true],
    [limit(1_000_000), 1_200_000, 5_000, "over_limit", true, true, true],
    [limit(1_000_000), -50_000, 0, "ok", false, false, false],
    [limit(0), 0, 0, "ok", false, false, false],
    [limit(0), 1, 0, "over_limit", true, false, true],
    [limit(0), -100, 0, "ok", false, false, false],
    [NONE, 5_000_000, 0, "no_limit", false, false, false],
    [NONE, 5_000_000, 100, "no_limit", false, true, false],
    [BAD, 5_000_000, 100, "no_limit", false, true, false],
  ] as const)("limit %j, balance %d, overdue %d → %s", (lim, balance, overdue, status, over, late, warn) => {
    const verdict = creditVerdict({ limit: lim, balanceMinor: balance, overdueMinor: overdue });
    expect(verdict.status).toBe(status);
    expect(verdict.flags).toEqual({ isOverLimit: over, hasOverdue: late, isWarning: warn });
  });

  it("reports the numbers: available, utilisation and the threshold used", () => {
    const verdict = creditVerdict({ limit: limit(1_000_000), balanceMinor: 250_000, overdueMinor: 1_000 });
    expect(verdict).toEqual({
      status: "overdue",
      flags: { isOverLimit: false, hasOverdue: true, isWarning: false },
      limitMinor: 1_000_000,
      balanceMinor: 250_000,
      overdueMinor: 1_000,
      availableMinor: 750_000,
      utilisation: 0.25,
      warningThreshold: 0.7,
    });
  });

  it("has no available credit or utilisation without a limit, and shows admins why the limit is unusable", () => {
    const verdict = creditVerdict({ limit: BAD, balanceMinor: 100, overdueMinor: 0 });
    expect(verdict).toMatchObject({ limitMinor: null, availableMinor: null, utilisation: null });
    expect(verdict.limitProblem).toEqual({ raw: "5k", reason: BAD.kind === "invalid" ? BAD.reason : "" });
    expect(creditVerdict({ limit: NONE, balanceMinor: 100, overdueMinor: 0 }).limitProblem).toBeUndefined();
  });

  it("goes negative on available credit when over the limit", () => {
    expect(creditVerdict({ limit: limit(1_000), balanceMinor: 1_500, overdueMinor: 0 }).availableMinor).toBe(
      -500,
    );
  });

  it("has no finite utilisation for a zero limit with money owed", () => {
    expect(creditVerdict({ limit: limit(0), balanceMinor: 1, overdueMinor: 0 }).utilisation).toBeNull();
    expect(creditVerdict({ limit: limit(0), balanceMinor: 0, overdueMinor: 0 }).utilisation).toBe(0);
  });

  it("uses a configurable warning threshold, inclusive", () => {
    const at = (balanceMinor: number, warningThreshold: number) =>
      creditVerdict({ limit: limit(10_000), balanceMinor, overdueMinor: 0, warningThreshold }).status;
    expect(at(8_000, 0.8)).toBe("warning");
    expect(at(7_999, 0.8)).toBe("ok");
    expect(at(10_000, 1)).toBe("warning");
    expect(at(1, 0.0001)).toBe("warning");
    expect(at(0, 0.0001)).toBe("ok");
  });
});

describe("creditVerdict: the job being booked", () => {
  it.each([
    // balance, job, wouldExceed, exceedBy, availableAfter
    [0, 45_000, false, 0, 955_000],
    [955_000, 45_000, false, 0, 0],
    [955_001, 45_000, true, 1, -1],
    [990_000, 45_000, true, 35_000, -35_000],
    [1_100_000, 0, true, 100_000, -100_000],
    [-20_000, 1_020_000, false, 0, 0],
  ])("balance %d + job %d against a £10,000 limit", (balance, job, wouldExceed, exceedBy, after) => {
    const verdict = creditVerdict({
      limit: limit(1_000_000),
      balanceMinor: balance,
      overdueMinor: 0,
      jobValueMinor: job,
    });
    expect(verdict.job).toEqual({
      valueMinor: job,
      wouldExceed,
      exceedByMinor: exceedBy,
      availableAfterMinor: after,
    });
  });

  it("does not change the status: the status is about the account as it stands", () => {
    const verdict = creditVerdict({
      limit: limit(1_000),
      balanceMinor: 0,
      overdueMinor: 0,
      jobValueMinor: 5_000,
    });
    expect(verdict.status).toBe("ok");
    expect(verdict.job?.wouldExceed).toBe(true);
  });

  it("never exceeds without a limit", () => {
    const verdict = creditVerdict({ limit: NONE, balanceMinor: 10, overdueMinor: 0, jobValueMinor: 5_000 });
    expect(verdict.job).toEqual({
      valueMinor: 5_000,
      wouldExceed: false,
      exceedByMinor: 0,
      availableAfterMinor: null,
    });
  });

  it("leaves job out when no job value is given", () => {
    expect(creditVerdict({ limit: limit(1), balanceMinor: 0, overdueMinor: 0 })).not.toHaveProperty("job");
  });
});

describe("creditVerdict: input validation", () => {
  const base = { limit: limit(1_000), balanceMinor: 0, overdueMinor: 0 };
  it.each([
    ["balanceMinor", { ...base, balanceMinor: 10.5 }],
    ["balanceMinor", { ...base, balanceMinor: Number.NaN }],
    ["overdueMinor", { ...base, overdueMinor: Number.POSITIVE_INFINITY }],
    ["limit.minor", { ...base, limit: limit(0.1) }],
    ["limit.minor", { ...base, limit: limit(-1) }],
    ["jobValueMinor", { ...base, jobValueMinor: -1 }],
    ["jobValueMinor", { ...base, jobValueMinor: 1.5 }],
    ["jobValueMinor", { ...base, jobValueMinor: 2 ** 53 }],
    ["warningThreshold", { ...base, warningThreshold: 0 }],
    ["warningThreshold", { ...base, warningThreshold: 1.01 }],
    ["warningThreshold", { ...base, warningThreshold: -0.5 }],
    ["warningThreshold", { ...base, warningThreshold: Number.NaN }],
    ["warningThreshold", { ...base, warningThreshold: 70 }],
  ])("rejects a bad %s with a typed error", (field, input) => {
    let thrown: unknown;
    try {
      creditVerdict(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CreditInputError);
    expect((thrown as CreditInputError).field).toBe(field);
  });

  it("rejects sums that cannot be computed exactly", () => {
    const base = { limit: limit(1), balanceMinor: 0, overdueMinor: 0 };
    const owedHuge = { ...base, balanceMinor: Number.MIN_SAFE_INTEGER };
    expect(() => creditVerdict(owedHuge)).toThrow(CreditInputError);
    const jobHuge = {
      ...base,
      limit: limit(0),
      balanceMinor: Number.MIN_SAFE_INTEGER + 1,
      jobValueMinor: 2 ** 52,
    };
    expect(() => creditVerdict({ ...jobHuge, jobValueMinor: 0 })).not.toThrow();
    expect(() =>
      creditVerdict({ ...jobHuge, balanceMinor: 2 ** 52, jobValueMinor: Number.MAX_SAFE_INTEGER }),
    ).toThrow(CreditInputError);
  });
});

const money = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });
const positive = fc.integer({ min: 0, max: 1_000_000_000_000 });
const parsedLimit = fc.oneof(
  positive.map(limit),
  fc.constant(NONE),
  fc.constant(BAD),
  fc.constantFrom(0, 1, 100, 1_000_000).map(limit),
);
const threshold = fc.oneof(fc.constant(0.7), fc.double({ min: 0.01, max: 1, noNaN: true }));

describe("creditVerdict: properties", () => {
  it("available = limit − balance; utilisation = balance ÷ limit", () => {
    fc.assert(
      fc.property(positive, money, fc.nat(), (lim, balance, overdue) => {
        const verdict = creditVerdict({ limit: limit(lim), balanceMinor: balance, overdueMinor: overdue });
        expect(verdict.availableMinor).toBe(lim - balance);
        if (lim > 0) expect(verdict.utilisation).toBe(balance / lim);
      }),
    );
  });

  it("wouldExceed ⇔ balance + job > limit, and the numbers add up", () => {
    fc.assert(
      fc.property(positive, money, positive, (lim, balance, job) => {
        const verdict = creditVerdict({
          limit: limit(lim),
          balanceMinor: balance,
          overdueMinor: 0,
          jobValueMinor: job,
        });
        const check = verdict.job;
        if (!check) throw new Error("job check missing");
        expect(check.wouldExceed).toBe(balance + job > lim);
        expect(check.availableAfterMinor).toBe(lim - balance - job);
        expect(check.exceedByMinor).toBe(check.wouldExceed ? balance + job - lim : 0);
        expect(check.exceedByMinor).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("the status is the first flag that holds: no_limit > over_limit > overdue > warning > ok", () => {
    fc.assert(
      fc.property(
        parsedLimit,
        money,
        fc.integer({ min: 0, max: 10_000_000 }),
        threshold,
        (lim, balance, overdue, t) => {
          const verdict = creditVerdict({
            limit: lim,
            balanceMinor: balance,
            overdueMinor: overdue,
            warningThreshold: t,
          });
          const { isOverLimit, hasOverdue, isWarning } = verdict.flags;
          const expected =
            lim.kind !== "limit"
              ? "no_limit"
              : isOverLimit
                ? "over_limit"
                : hasOverdue
                  ? "overdue"
                  : isWarning
                    ? "warning"
                    : "ok";
          expect(verdict.status).toBe(expected);
          expect(hasOverdue).toBe(overdue > 0);
          expect(isOverLimit).toBe(lim.kind === "limit" && balance > lim.minor);
          if (isOverLimit) expect(isWarning).toBe(true);
          if (lim.kind === "limit" && lim.minor > 0) expect(isWarning).toBe(balance / lim.minor >= t);
          if (lim.kind !== "limit") expect(isWarning || isOverLimit).toBe(false);
        },
      ),
    );
  });

  it("always produces a verdict the shared schema accepts", () => {
    fc.assert(
      fc.property(
        parsedLimit,
        money,
        fc.nat(),
        fc.option(positive, { nil: undefined }),
        (lim, balance, overdue, job) => {
          const verdict = creditVerdict({
            limit: lim,
            balanceMinor: balance,
            overdueMinor: overdue,
            jobValueMinor: job,
          });
          expect(CreditVerdict.safeParse(verdict).success).toBe(true);
          expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
        },
      ),
    );
  });
});
