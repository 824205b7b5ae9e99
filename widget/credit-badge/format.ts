import { formatMinor } from "../../shared/money.ts";
import { LOCALE } from "../base/money.ts";

export { money } from "../base/money.ts";

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
