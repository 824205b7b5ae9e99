import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorToDecimal } from "../../shared/money.ts";
import { parseCreditLimit } from "../../worker/credit/network-key.ts";

// AGG SMART's convention: the credit limit is a plain number in the contact's Xero Network Key.

describe("parseCreditLimit: accepted values", () => {
  it.each([
    ["10000", "GBP", 1_000_000],
    ["10,000", "GBP", 1_000_000],
    ["10000.50", "GBP", 1_000_050],
    ["10000.5", "GBP", 1_000_050],
    ["£10,000.00", "GBP", 1_000_000],
    ["£10000", "GBP", 1_000_000],
    ["£ 10,000", "GBP", 1_000_000],
    ["  10000  ", "GBP", 1_000_000],
    ["\t£10,000.00\n", "GBP", 1_000_000],
    ["\u00a010000\u00a0", "GBP", 1_000_000],
    ["10000 GBP", "GBP", 1_000_000],
    ["gbp 10000", "GBP", 1_000_000],
    ["1,000,000", "GBP", 100_000_000],
    ["0", "GBP", 0],
    ["0.00", "GBP", 0],
    ["£0", "GBP", 0],
    ["0.01", "GBP", 1],
    ["007", "GBP", 700],
    ["€10,000.00", "EUR", 1_000_000],
    ["10000 €", "EUR", 1_000_000],
    ["$10,000.00", "USD", 1_000_000],
    ["US$10,000", "USD", 1_000_000],
    ["$10,000", "AUD", 1_000_000],
    ["A$10,000", "AUD", 1_000_000],
    ["NZ$10,000.25", "NZD", 1_000_025],
    ["$5000", "NZD", 500_000],
    ["R10,000", "ZAR", 1_000_000],
    ["CA$2,500", "CAD", 250_000],
    ["¥1,000,000", "JPY", 1_000_000],
    ["1000000", "JPY", 1_000_000],
    ["10.125", "KWD", 10_125],
    ["１０,０００", "GBP", 1_000_000],
    ["10000000000", "GBP", 1_000_000_000_000],
    ["gbp 10000", "gbp", 1_000_000],
  ])("%j in %s is a limit of %d minor units", (raw, currency, minor) => {
    expect(parseCreditLimit(raw, currency)).toEqual({ kind: "limit", minor });
  });
});

describe("parseCreditLimit: no limit set", () => {
  it.each([[null], [undefined], [""], ["   "], ["\n\t"]])("%j means no limit", (raw) => {
    expect(parseCreditLimit(raw, "GBP")).toEqual({ kind: "none" });
  });
});

describe("parseCreditLimit: rejected values keep the raw value and say why", () => {
  it.each([
    ["abc", "GBP", /plain number/],
    ["5k", "GBP", /abbreviation/i],
    ["5K", "GBP", /abbreviation/i],
    ["2.5m", "GBP", /abbreviation/i],
    ["10 thousand", "GBP", /abbreviation/i],
    ["-100", "GBP", /negative/i],
    ["−100", "GBP", /negative/i],
    ["-£100", "GBP", /negative/i],
    ["£-100", "GBP", /negative/i],
    ["(100)", "GBP", /negative/i],
    ["100-", "GBP", /negative/i],
    ["1,00,000", "GBP", /groups of three/],
    ["10,00", "GBP", /groups of three/],
    ["1,0000", "GBP", /groups of three/],
    [",100", "GBP", /groups of three/],
    ["10000.505", "GBP", /2 decimal places/],
    ["10.000", "GBP", /2 decimal places/],
    ["10.000,00", "EUR", /comma/],
    ["10000.5", "JPY", /no minor unit/],
    ["10.0001", "KWD", /3 decimal places/],
    ["NaN", "GBP", /finite/],
    ["Infinity", "GBP", /finite/],
    ["-Infinity", "GBP", /finite/],
    ["1e3", "GBP", /exponent/i],
    ["1E+6", "GBP", /exponent/i],
    ["1.5e-2", "GBP", /exponent/i],
    ["10000000000.01", "GBP", /too large/i],
    ["99999999999999999999", "GBP", /too large/i],
    ["$10,000", "GBP", /not this organisation's currency \(GBP\)/],
    ["10000 USD", "GBP", /currency/],
    ["€100", "GBP", /currency/],
    ["A$100", "NZD", /currency/],
    ["10 000", "GBP", /spaces/i],
    ["10.", "GBP", /both sides/],
    [".5", "GBP", /both sides/],
    ["1.2.3", "GBP", /plain number/],
    ["£", "GBP", /no digits/i],
    ["+100", "GBP", /plain number/],
    ["ten thousand", "GBP", /plain number/],
    ["0x10", "GBP", /plain number/],
    ["10000 credit", "GBP", /plain number/],
  ])("%j in %s is invalid (%s)", (raw, currency, reason) => {
    const parsed = parseCreditLimit(raw, currency);
    expect(parsed).toMatchObject({ kind: "invalid", raw });
    if (parsed.kind !== "invalid") throw new Error("unreachable");
    expect(parsed.reason).toMatch(reason);
  });

  it("keeps the raw value exactly as typed, spaces included", () => {
    expect(parseCreditLimit("  5k ", "GBP")).toMatchObject({ kind: "invalid", raw: "  5k " });
  });

  it("rejects a malformed organisation currency instead of guessing its decimals", () => {
    expect(() => parseCreditLimit("100", "POUNDS")).toThrow(/ISO 4217/);
  });
});

// Formats every way a person could write an amount of pence in GBP.
function writings(pence: number): string[] {
  const plain = minorToDecimal(pence, "GBP");
  const [whole = "", fraction = ""] = plain.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  const short = fraction.replace(/0+$/, "");
  const forms = [plain, `${grouped}.${fraction}`, `£${grouped}.${fraction}`, ` £ ${plain} `, `${plain} GBP`];
  if (short === "") forms.push(whole, grouped, `£${grouped}`);
  else forms.push(`${whole}.${short}`, `£${grouped}.${short}`);
  return forms;
}

describe("parseCreditLimit: properties", () => {
  it("reads every writing of any amount of pence back to exactly that amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (pence) => {
        for (const raw of writings(pence))
          expect(parseCreditLimit(raw, "GBP")).toEqual({ kind: "limit", minor: pence });
      }),
    );
  });

  it("reads any whole amount in any supported currency with its own symbol", () => {
    const currencies = fc.constantFrom(
      ["GBP", "£"],
      ["EUR", "€"],
      ["USD", "$"],
      ["AUD", "A$"],
      ["NZD", "NZ$"],
      ["ZAR", "R"],
      ["JPY", "¥"],
    );
    fc.assert(
      fc.property(currencies, fc.integer({ min: 0, max: 1_000_000_000 }), ([currency, symbol], whole) => {
        const scale = currency === "JPY" ? 1 : 100;
        const grouped = whole.toLocaleString("en-US");
        expect(parseCreditLimit(`${symbol}${grouped}`, currency)).toEqual({
          kind: "limit",
          minor: whole * scale,
        });
      }),
    );
  });

  it("never returns a negative, fractional or oversized limit, whatever the text", () => {
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[-£$€ ,.\d()ekKmM]{0,16}$/));
    fc.assert(
      fc.property(text, (raw) => {
        const parsed = parseCreditLimit(raw, "GBP");
        if (parsed.kind === "limit") {
          expect(Number.isSafeInteger(parsed.minor)).toBe(true);
          expect(parsed.minor).toBeGreaterThanOrEqual(0);
          expect(parsed.minor).toBeLessThanOrEqual(1_000_000_000_000);
        }
        if (parsed.kind === "invalid") {
          expect(parsed.raw).toBe(raw);
          expect(parsed.reason.length).toBeGreaterThan(0);
        }
        if (parsed.kind === "none") expect(raw.trim()).toBe("");
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects any negative amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000_000 }), (pence) => {
        const raw = `-${minorToDecimal(pence, "GBP")}`;
        expect(parseCreditLimit(raw, "GBP")).toMatchObject({
          kind: "invalid",
          reason: expect.stringMatching(/negative/i),
        });
      }),
    );
  });
});
