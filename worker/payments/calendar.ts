// Organisation calendars: what is due or overdue depends on the organisation's own day.

/** The calendar day ("YYYY-MM-DD") at `now` in the organisation's zone. */
export function orgToday(now: number, zone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}
