// Intuit's wire formats: money as JSON numbers with at most 2 decimals, dates "YYYY-MM-DD" in the
// company's day, and dateTimes with a numeric offset. MetaData times are rendered in US Pacific
// time ("-08:00"/"-07:00") as Intuit's servers send them for every company (UNVERIFIED for UK
// companies; a client must honour the offset either way, which is the point).

const PACIFIC = "America/Los_Angeles";
const LONDON = "Europe/London";

/** Pence → the JSON number Intuit sends (120.5 for 12050). */
export function money(pence: number): number {
  return Math.round(pence) / 100;
}

/** A decimal amount from a request → pence, or null when it has more than 2 decimals or is not finite. */
export function toPence(amount: number): number | null {
  if (!Number.isFinite(amount)) return null;
  const p = Math.round(amount * 100);
  return Math.abs(p - amount * 100) < 1e-6 ? p : null;
}

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

// Building an Intl.DateTimeFormat is costly; one per time zone serves every call.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f) return f;
  f = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  formatters.set(timeZone, f);
  return f;
}

function parts(ms: number, timeZone: string): Parts {
  const f = formatter(timeZone);
  const got = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: got.year ?? "",
    month: got.month ?? "",
    day: got.day ?? "",
    hour: got.hour ?? "",
    minute: got.minute ?? "",
    second: got.second ?? "",
  };
}

function offsetFrom(p: Parts, ms: number): string {
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const mins = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = mins < 0 ? "-" : "+";
  const a = Math.abs(mins);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** "2026-12-01T04:00:00-08:00": an Intuit dateTime (MetaData) in Pacific time. */
export function intuitDateTime(ms: number, withMillis = false): string {
  const p = parts(ms, PACIFIC);
  const offset = offsetFrom(p, ms);
  const frac = withMillis ? `.${String(((ms % 1000) + 1000) % 1000).padStart(3, "0")}` : "";
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${frac}${offset}`;
}

/** The legacy webhook's lastUpdated form: "2015-10-05T14:42:19-0700" (no colon in the offset). */
export function webhookDateTime(ms: number): string {
  return intuitDateTime(ms).replace(/([+-]\d{2}):(\d{2})$/, "$1$2");
}

/** The company's calendar day (UK companies: Europe/London) for `ms`. */
export function companyDay(ms: number): string {
  const p = parts(ms, LONDON);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `day` plus `n` days. */
export function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** True for a real calendar date "YYYY-MM-DD". */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}
