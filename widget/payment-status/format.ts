import { formatMinor, minorToDecimal, minorUnitDigits } from "../../shared/money.ts";

// The element's words are English, so numbers and dates are formatted for en-GB to match them.
const LOCALE = "en-GB";
const whole = new Map<string, Intl.NumberFormat>();

/** Money for a list cell: "£450" when whole, "£450.50" otherwise; an unknown currency falls back to its code. */
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

const dayMonth = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "short", timeZone: "UTC" });
const dayMonthYear = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeZone: "UTC" });

/** A YYYY-MM-DD date as "3 Dec" (this year) or "3 Dec 2025"; null when unreadable. */
export function shortDate(ymd: string, now: Date): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return null;
  return (d.getUTCFullYear() === now.getFullYear() ? dayMonth : dayMonthYear).format(d);
}
