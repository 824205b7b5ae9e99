// Money is exact: amounts are integer minor units (pence, cents) and are parsed from their decimal
// digits as strings, never through floating-point arithmetic. Shared by the worker and the widget.

/** The largest amount, in minor units, any parser here accepts (10 billion pounds; anything bigger is a typo). */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/** Thrown when a currency code is not a well-formed ISO 4217 code. */
export class CurrencyCodeError extends Error {
  override readonly name = "CurrencyCodeError";
}

/** Upper-cases and checks a currency code; Intl accepts any well-formed code (unknown ones get 2 decimals). */
export function currencyCode(currency: string): string {
  const code = currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new CurrencyCodeError(`"${currency}" is not an ISO 4217 currency code`);
  return code;
}

const digitsCache = new Map<string, number>();

/** How many minor-unit digits the currency has (GBP 2, JPY 0, KWD 3), as Intl knows it. */
export function minorUnitDigits(currency: string): number {
  const code = currencyCode(currency);
  let digits = digitsCache.get(code);
  if (digits === undefined) {
    const format = new Intl.NumberFormat("en", { style: "currency", currency: code });
    digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(code, digits);
  }
  return digits;
}

// Locales whose symbols people in AGG SMART's markets type: "£", "€", "$", "US$", "A$", "NZ$", "R"…
const SYMBOL_LOCALES = [
  "en",
  "en-GB",
  "en-IE",
  "en-US",
  "en-CA",
  "en-AU",
  "en-NZ",
  "en-ZA",
  "de-DE",
  "fr-FR",
];
const symbolCache = new Map<string, readonly string[]>();

/** Every way the currency is written (its symbols, narrow symbols and ISO code), longest first. */
export function currencySymbols(currency: string): readonly string[] {
  const code = currencyCode(currency);
  const cached = symbolCache.get(code);
  if (cached) return cached;
  const found = new Set<string>([code]);
  for (const locale of SYMBOL_LOCALES) {
    for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
      const parts = new Intl.NumberFormat(locale, { style: "currency", currency: code, currencyDisplay });
      const symbol = parts
        .formatToParts(1)
        .find((p) => p.type === "currency")
        ?.value.normalize("NFKC");
      if (symbol && !/[\d.,\s]/.test(symbol)) found.add(symbol);
    }
  }
  const symbols = [...found].sort((a, b) => b.length - a.length);
  symbolCache.set(code, symbols);
  return symbols;
}

/** The symbol shown in messages, e.g. "£" for GBP, "ZAR" where English has no symbol. */
export function primarySymbol(currency: string): string {
  const code = currencyCode(currency);
  const parts = new Intl.NumberFormat("en-GB", { style: "currency", currency: code }).formatToParts(1);
  return parts.find((p) => p.type === "currency")?.value ?? code;
}

/** Integer minor units as an exact decimal string: 1000050 GBP → "10000.50", 500 JPY → "500". */
export function minorToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`${minor} is not an integer amount of minor units`);
  const digits = minorUnitDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(minor)).padStart(digits + 1, "0");
  if (digits === 0) return sign + text;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Formats minor units for people with Intl.NumberFormat, exactly (the decimal string is formatted, not a float). */
export function formatMinor(minor: number, currency: string, locale?: string): string {
  const format = new Intl.NumberFormat(locale ?? "en-GB", {
    style: "currency",
    currency: currencyCode(currency),
  });
  return format.format(minorToDecimal(minor, currency) as Intl.StringNumericLiteral);
}

/**
 * The canonical form of a plain decimal string ("010.50" → "10.5", "10.00" → "10"), so two strings
 * are the same amount exactly when their canonical forms are equal, whatever the currency.
 */
export function canonicalDecimal(text: string): string {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a plain decimal amount`);
  const whole = (m[1] ?? "").replace(/^0+(?=\d)/, "");
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

/** The outcome of reading a typed amount. */
export type AmountParse =
  | { kind: "amount"; minor: number }
  | { kind: "empty" }
  | { kind: "invalid"; reason: string };

const MINUS = "-\u2212\u2012\u2013\u2014";
const LEADING_SIGN = new RegExp(`^[${MINUS}]\\s*`);
const TRAILING_SIGN = new RegExp(`\\s*[${MINUS}]$`);

/**
 * Reads an amount a person typed — `10000`, `10,000`, `10000.50`, `£10,000.00`, ` 450 ` — into
 * integer minor units, from its digits. Anything it cannot read without guessing is `invalid`
 * with a reason a person can act on; blank is `empty`. Zero is an amount.
 */
export function parseAmount(raw: string, currency: string): AmountParse {
  const digits = minorUnitDigits(currency);
  let text = raw.normalize("NFKC").trim();
  if (text === "") return { kind: "empty" };
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) [negative, text] = [true, (paren[1] ?? "").trim()];
  if (LEADING_SIGN.test(text) || TRAILING_SIGN.test(text)) negative = true;
  text = text.replace(LEADING_SIGN, "").replace(TRAILING_SIGN, "");
  text = stripOwnCurrency(text, currency);
  if (LEADING_SIGN.test(text)) negative = true;
  text = text.replace(LEADING_SIGN, "");
  const result = readNumber(text, digits, currency);
  if (result.kind === "amount" && negative && result.minor !== 0) {
    return invalid("Negative amounts are not allowed.");
  }
  if (result.kind === "empty")
    return invalid(`No digits found: write a number such as ${example(currency)}.`);
  return result;
}

function invalid(reason: string): AmountParse {
  return { kind: "invalid", reason };
}

function example(currency: string): string {
  return minorUnitDigits(currency) === 0 ? "10000 or 10,000" : "10000 or 10,000.00";
}

function stripOwnCurrency(text: string, currency: string): string {
  for (const symbol of currencySymbols(currency)) {
    // Codes and letter symbols ("GBP", "R") are matched without regard to case; "$", "£" are exact.
    const head = text.slice(0, symbol.length);
    const tail = text.slice(text.length - symbol.length);
    if (head.toUpperCase() === symbol.toUpperCase()) return text.slice(symbol.length).trim();
    if (tail.toUpperCase() === symbol.toUpperCase()) return text.slice(0, -symbol.length).trim();
  }
  return text;
}

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const GROUPED = /^([1-9]\d{0,2}(?:,\d{3})+)(?:\.(\d+))?$/;

function readNumber(text: string, digits: number, currency: string): AmountParse {
  if (text === "") return { kind: "empty" };
  if (/^[+]?(nan|inf|infinity|∞)$/i.test(text)) return invalid("Not a finite number.");
  if (/^\d[\d,]*(\.\d*)?e[+-]?\d+$/i.test(text)) {
    return invalid("Exponent notation (like 1e3) is not accepted: write the number in full.");
  }
  if (/^\d[\d,]*(\.\d+)?\s*(k|m|bn|b|mil|million|thousand)$/i.test(text)) {
    return invalid("Abbreviations like 5k are not understood: write the full number, e.g. 5000.");
  }
  const foreign = /^([^\d\s.,]+)\s*\d|\d\s*([^\d\s.,]+)$/u.exec(text);
  const affix = foreign?.[1] ?? foreign?.[2];
  if (affix && (/\p{Sc}/u.test(affix) || /^[A-Z]{3}$/.test(affix))) {
    return invalid(`"${affix}" is not this organisation's currency (${currencyCode(currency)}).`);
  }
  if (/^[\d.,]+(\s+[\d.,]+)+$/.test(text)) {
    return invalid(`Spaces inside the number are not accepted: write ${example(currency)}.`);
  }
  const match = PLAIN.exec(text) ?? GROUPED.exec(text);
  if (!match) return invalid(explainMalformed(text, currency));
  const whole = (match[1] ?? "").replaceAll(",", "");
  const fraction = match[2] ?? "";
  if (fraction.length > digits) {
    return invalid(
      digits === 0
        ? `${currencyCode(currency)} has no minor unit: write a whole number.`
        : `At most ${digits} decimal places are allowed.`,
    );
  }
  const minorDigits = `${whole}${fraction.padEnd(digits, "0")}`.replace(/^0+(?=\d)/, "");
  // More than 13 digits is above the ceiling; checking length first keeps Number() exact.
  if (minorDigits.length > 13 || Number(minorDigits) > MAX_AMOUNT_MINOR) {
    return invalid(`Too large: the most accepted is ${minorToDecimal(MAX_AMOUNT_MINOR, currency)}.`);
  }
  return { kind: "amount", minor: Number(minorDigits) };
}

function explainMalformed(text: string, currency: string): string {
  if (/^[\d,]+(\.\d+)?$/.test(text) && text.includes(",")) {
    return "Thousands separators must mark groups of three digits (10,000 or 1,000,000), and decimals use a point.";
  }
  if (/^\d{1,3}(\.\d{3})*,\d+$/.test(text)) return "Decimals use a point, not a comma: write 10000.50.";
  if (/^\d*\.\d*$/.test(text)) return "A decimal point needs digits on both sides, e.g. 10000.50.";
  return `Not a plain number: write digits only, optionally with thousands commas, a decimal point and ${primarySymbol(currency)}, e.g. ${example(currency)}.`;
}
