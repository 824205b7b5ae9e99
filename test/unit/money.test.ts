import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CurrencyCodeError,
  canonicalDecimal,
  currencySymbols,
  formatMinor,
  MAX_AMOUNT_MINOR,
  minorToDecimal,
  minorUnitDigits,
  parseAmount,
} from "../../shared/money.ts";

describe("minorUnitDigits", () => {
  it.each([
    ["GBP", 2],
    ["gbp", 2],
    ["EUR", 2],
    ["JPY", 0],
    ["KWD", 3],
    ["ZAR", 2],
  ])("%s has %d", (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  it("rejects a malformed currency code with a typed error", () => {
    expect(() => minorUnitDigits("GB")).toThrow(CurrencyCodeError);
    expect(() => minorUnitDigits("£")).toThrow(CurrencyCodeError);
  });
});

describe("currencySymbols", () => {
  it.each([
    ["GBP", ["£", "GBP"]],
    ["EUR", ["€", "EUR"]],
    ["USD", ["$", "US$", "USD"]],
    ["AUD", ["$", "A$", "AUD"]],
    ["NZD", ["$", "NZ$", "NZD"]],
    ["ZAR", ["R", "ZAR"]],
    ["JPY", ["¥", "JPY"]],
  ])("%s is written %j (among others)", (currency, symbols) => {
    expect(currencySymbols(currency)).toEqual(expect.arrayContaining(symbols));
  });

  it("does not let one currency's symbol stand for another's", () => {
    expect(currencySymbols("GBP")).not.toContain("$");
    expect(currencySymbols("NZD")).not.toContain("A$");
  });

  it("lists longer symbols first, so A$ is stripped before $", () => {
    const symbols = currencySymbols("AUD");
    for (let i = 1; i < symbols.length; i++) {
      expect(symbols[i - 1]?.length).toBeGreaterThanOrEqual(symbols[i]?.length ?? 0);
    }
  });
});

describe("minorToDecimal and formatMinor", () => {
  it.each([
    [1_000_050, "GBP", "10000.50"],
    [5, "GBP", "0.05"],
    [0, "GBP", "0.00"],
    [-1_250, "GBP", "-12.50"],
    [500, "JPY", "500"],
    [10_125, "KWD", "10.125"],
  ])("%d %s is %s", (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });

  it("refuses non-integer minor units", () => {
    expect(() => minorToDecimal(1.5, "GBP")).toThrow(RangeError);
  });

  it("formats in the organisation's currency", () => {
    expect(formatMinor(1_000_050, "GBP")).toBe("£10,000.50");
    expect(formatMinor(-500, "GBP")).toBe("-£5.00");
    expect(formatMinor(1_000, "JPY", "en-GB")).toBe("JP¥1,000");
    expect(formatMinor(123_456, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
  });

  it("formats beyond float precision exactly", () => {
    expect(formatMinor(Number.MAX_SAFE_INTEGER, "GBP")).toBe("£90,071,992,547,409.91");
  });

  it("round-trips every amount through the decimal string and the parser", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        fc.constantFrom("GBP", "JPY", "KWD"),
        (minor, c) => {
          expect(parseAmount(minorToDecimal(minor, c), c)).toEqual({ kind: "amount", minor });
        },
      ),
    );
  });

  it("round-trips what formatMinor prints in English locales", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        fc.constantFrom(
          ["GBP", "en-GB"],
          ["USD", "en-US"],
          ["AUD", "en-AU"],
          ["NZD", "en-NZ"],
          ["EUR", "en-IE"],
        ),
        (minor, [currency, locale]) => {
          expect(parseAmount(formatMinor(minor, currency, locale), currency)).toEqual({
            kind: "amount",
            minor,
          });
        },
      ),
    );
  });
});

describe("parseAmount", () => {
  it("treats blank as empty, not zero", () => {
    expect(parseAmount("", "GBP")).toEqual({ kind: "empty" });
    expect(parseAmount(" \t ", "GBP")).toEqual({ kind: "empty" });
  });

  it("accepts exactly the ceiling and nothing above it", () => {
    expect(parseAmount("10000000000.00", "GBP")).toEqual({ kind: "amount", minor: MAX_AMOUNT_MINOR });
    expect(parseAmount("10000000000.01", "GBP").kind).toBe("invalid");
  });
});

describe("canonicalDecimal", () => {
  it.each([
    ["10", "10"],
    ["10.00", "10"],
    ["010.50", "10.5"],
    ["0.000", "0"],
    ["12.345", "12.345"],
  ])("%s → %s", (text, canonical) => {
    expect(canonicalDecimal(text)).toBe(canonical);
  });

  it("equal canonical forms ⇔ equal amounts in minor units", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        (minor, pad, zeros) => {
          const text = minorToDecimal(minor, "KWD");
          const padded = `${"0".repeat(pad)}${text}${"0".repeat(zeros)}`;
          expect(canonicalDecimal(padded)).toBe(canonicalDecimal(text));
          expect(canonicalDecimal(minorToDecimal(minor + 1, "KWD"))).not.toBe(canonicalDecimal(text));
        },
      ),
    );
  });

  it("refuses anything but a plain decimal", () => {
    expect(() => canonicalDecimal("1e3")).toThrow(RangeError);
  });
});
