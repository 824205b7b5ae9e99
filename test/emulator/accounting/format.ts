// Conversions between the emulator's internal units (pence, Unix ms, "YYYY-MM-DD") and Xero's JSON forms.

/** Xero's JSON instant form, e.g. "/Date(1700000000000+0000)/" (UpdatedDateUTC, invoice Date, …). */
export function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** The envelope's DateTimeUTC form, which Xero writes without an offset: "/Date(1551399323399)/". */
export function msDateNoOffset(ms: number): string {
  return `/Date(${ms})/`;
}

/** A calendar date "YYYY-MM-DD" as Xero sends it: midnight UTC in the /Date()/ form. */
export function msDateOfDay(day: string): string {
  return msDate(dayToMs(day));
}

const dayMs = new Map<string, number>();

/** Midnight UTC of a "YYYY-MM-DD" day, in ms (memoised: big lists serialise the same days often). */
export function dayToMs(day: string): number {
  let ms = dayMs.get(day);
  if (ms === undefined) {
    ms = Date.parse(`${day}T00:00:00Z`);
    if (dayMs.size < 100_000) dayMs.set(day, ms);
  }
  return ms;
}

/** The UTC calendar day of an instant. */
export function msToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Adds whole days to a "YYYY-MM-DD" day. */
export function addDays(day: string, days: number): string {
  return msToDay(dayToMs(day) + days * 86_400_000);
}

/** The calendar day at `now` in an IANA time zone (an organisation's "today"). */
export function localDay(now: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date(now));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Pence to the JSON number Xero emits (12050 → 120.5). */
export function money(pence: number): number {
  return pence / 100;
}

/** A JSON amount (number or numeric string) to pence, or null when it is not a finite amount. */
export function toPence(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) return null;
  return Math.round(n * 100);
}

/**
 * Parses a date a client sent for a calendar-day field: "YYYY-MM-DD", "YYYY-MM-DDTHH:mm:ss[…]" or
 * "/Date(ms[+zzzz])/". Returns the day, or null when it is not a real date.
 */
export function parseDay(value: string): string | null {
  const ms = value.match(/^\/Date\((-?\d+)([+-]\d{4})?\)\/$/);
  if (ms?.[1]) return msToDay(Number(ms[1]));
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/);
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const t = dayToMs(day);
  return Number.isNaN(t) || msToDay(t) !== day ? null : day;
}

/**
 * Parses an If-Modified-Since header in the one format Xero documents, UTC `yyyy-mm-ddThh:mm:ss`
 * (optionally with milliseconds and a `Z`, as xero-node's `toISOString()` sends it). Anything else —
 * an RFC 1123 HTTP date, a bare date, an offset — is ignored (null → the full listing), as a strict
 * server may: a client sending another format silently re-reads everything.
 * @see https://developer.xero.com/documentation/api/accounting/requests-and-responses
 */
export function parseIfModifiedSince(header: string | undefined): number | null {
  if (!header) return null;
  const m = header.trim().match(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?)Z?$/);
  if (!m?.[1]) return null;
  const t = Date.parse(`${m[1]}Z`);
  // Date.parse rolls 2026-02-30 over to March; a real server would not.
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 19) !== m[1].slice(0, 19) ? null : t;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the string is a GUID (Xero's identifier form). */
export function isGuid(s: string): boolean {
  return GUID.test(s);
}
