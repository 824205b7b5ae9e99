// Sage DOUBLE pounds → integer pence, half away from zero, without binary-float surprises.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { flag, localDate, localTime, toCustomer } from "../../connector/sage50/src/mapping.ts";
import { toPence } from "../../connector/sage50/src/money.ts";

describe("toPence", () => {
  it("rounds the decimal value half away from zero, not the binary one", () => {
    expect(1.005 * 100).toBeLessThan(100.5); // why Math.round(x * 100) is wrong
    expect(toPence(1.005)).toBe(101);
    expect(toPence(-1.005)).toBe(-101);
    expect(toPence(0.1 + 0.2)).toBe(30);
    expect(toPence(-0.005)).toBe(-1);
    expect(toPence(0.004999)).toBe(0);
    expect(toPence(2.675)).toBe(268);
    expect(toPence(1200.5)).toBe(120050);
    expect(toPence(-0)).toBe(0);
    expect(Object.is(toPence(-0.001), 0)).toBe(true);
    expect(toPence(9_999_999_999.99)).toBe(999_999_999_999);
    expect(toPence(1e-9)).toBe(0);
  });

  it("NULL is zero; strings are read; junk and absurd amounts are errors", () => {
    expect(toPence(null)).toBe(0);
    expect(toPence("12.34")).toBe(1234);
    expect(() => toPence("abc", "BALANCE")).toThrow(/BALANCE is not a number/);
    expect(() => toPence(Number.NaN)).toThrow();
    expect(() => toPence(1e11, "CREDIT_LIMIT")).toThrow(/CREDIT_LIMIT is out of range/);
  });

  it("every 2-dp amount stored as a DOUBLE comes back as exactly its pence", () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), (pence) => {
        expect(toPence(pence / 100)).toBe(pence);
      }),
    );
  });
});

describe("Sage row mapping", () => {
  it("reads timestamps as the driver returns them (string or Date) into local ISO", () => {
    expect(localTime("2026-11-30 17:04:05")).toBe("2026-11-30T17:04:05");
    expect(localTime("2026-11-30 17:04:05.123")).toBe("2026-11-30T17:04:05");
    expect(localTime("2026-11-30")).toBe("2026-11-30T00:00:00");
    expect(localTime(new Date(2026, 10, 30, 17, 4, 5))).toBe("2026-11-30T17:04:05");
    expect(localTime(null)).toBeNull();
    expect(localTime("garbage")).toBeNull();
    expect(localDate("2026-12-01 00:00:00")).toBe("2026-12-01");
  });

  it("reads TINYINT and 'Y'/'N' flags", () => {
    expect([flag(1), flag(0), flag("Y"), flag("N"), flag(null), flag(" y "), flag(-1)]).toEqual([
      true,
      false,
      true,
      false,
      false,
      true,
      true,
    ]);
  });

  it("a customer is on hold by its flag or by an on-hold account status", () => {
    const row = {
      ACCOUNT_REF: "ACME001 ",
      NAME: " Acme ",
      BALANCE: 10,
      CREDIT_LIMIT: 0,
      ACCOUNT_ON_HOLD: 0,
      STATUS_NUMBER: 2,
    };
    expect(toCustomer(row, new Set([2]))).toMatchObject({
      ref: "ACME001",
      name: "Acme",
      onHold: true,
      limit: 0,
    });
    expect(toCustomer(row, new Set([3])).onHold).toBe(false);
    expect(toCustomer({ ...row, ACCOUNT_ON_HOLD: 1 }, new Set()).onHold).toBe(true);
  });
});
