import { formatMinor, minorToDecimal, minorUnitDigits } from "../../shared/money.ts";

// The badge's words are English, so numbers and times are formatted for en-GB to match them.
const LOCALE = "en-GB";
const whole = new Map<string, Intl.NumberFormat>();

/** Money for the pill and one-line messages: "£6,500" when whole, "£6,500.50" otherwise. */
export function money(minor: number, currency: string): string {
  if (minor % 10 ** minorUnitDigits(currency) !== 0) return formatMinor(minor, currency, LOCALE);
  let f = whole.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { style: "currency", currency, maximumFractionDigits: 0 });
    whole.set(currency, f);
  }
  return f.format(minorToDecimal(minor, currency) as Intl.StringNumericLiteral);
}

/** Money for the detail table: always with its minor digits ("£6,500.00"), so columns line up. */
export function moneyFull(minor: number, currency: string): string {
  return formatMinor(minor, currency, LOCALE);
}

const rtf = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto", style: "short" });

/** How long ago `iso` was at `now`: "just now", "25 min ago", "3 hr ago", "yesterday". */
export function ago(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "at an unknown time";
  // A clock a little ahead of the server's must not say "in 1 min".
  const s = Math.min(0, Math.round((then - now) / 1000));
  if (s > -45) return "just now";
  if (s > -3600) return rtf.format(Math.round(s / 60), "minute");
  if (s > -86400) return rtf.format(Math.round(s / 3600), "hour");
  return rtf.format(Math.round(s / 86400), "day");
}

const stamp = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" });

/** An absolute date and time for a tooltip, e.g. "3 Mar 2025, 10:15". */
export function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : stamp.format(d);
}

/** Utilisation as a whole percentage for people (120 when over the limit); null without a ratio. */
export function percent(utilisation: number | null): number | null {
  return utilisation === null ? null : Math.round(utilisation * 100);
}
