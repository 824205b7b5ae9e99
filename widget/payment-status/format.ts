import { LOCALE } from "../base/money.ts";

export { money } from "../base/money.ts";

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
