import { formatMinor, minorToDecimal, minorUnitDigits } from "../../shared/money.ts";

// The elements' words are English, so numbers and dates are formatted for en-GB to match them.
export const LOCALE = "en-GB";
const whole = new Map<string, Intl.NumberFormat>();

/** Money for a pill, cell or sentence: "£450" when whole, "£450.50" otherwise; an unknown currency falls back to its code. */
export function money(minor: number, currency: string): string {
  try {
    if (minor % 10 ** minorUnitDigits(currency) !== 0) return formatMinor(minor, currency, LOCALE);
    let f = whole.get(currency);
    if (!f) {
      f = new Intl.NumberFormat(LOCALE, { style: "currency", currency, maximumFractionDigits: 0 });
      whole.set(currency, f);
    }
    return f.format(minorToDecimal(minor, currency) as Intl.StringNumericLiteral);
  } catch {
    return `${currency} ${minor}`;
  }
}
