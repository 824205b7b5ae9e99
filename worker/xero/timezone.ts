/**
 * Xero names an organisation's timezone with Windows-style ids in capitals ("GMTSTANDARDTIME");
 * "today" for due dates is that organisation's calendar day. The zones of the countries Xero
 * serves are mapped; anything else falls back to UTC.
 * @see https://developer.xero.com/documentation/api/accounting/organisation
 */
const ZONES: Readonly<Record<string, string>> = {
  GMTSTANDARDTIME: "Europe/London",
  GREENWICHSTANDARDTIME: "Atlantic/Reykjavik",
  WEUROPESTANDARDTIME: "Europe/Berlin",
  ROMANCESTANDARDTIME: "Europe/Paris",
  CENTRALEUROPESTANDARDTIME: "Europe/Budapest",
  SOUTHAFRICASTANDARDTIME: "Africa/Johannesburg",
  AUSEASTERNSTANDARDTIME: "Australia/Sydney",
  EAUSTRALIASTANDARDTIME: "Australia/Brisbane",
  CENAUSTRALIASTANDARDTIME: "Australia/Adelaide",
  AUSCENTRALSTANDARDTIME: "Australia/Darwin",
  WAUSTRALIASTANDARDTIME: "Australia/Perth",
  TASMANIASTANDARDTIME: "Australia/Hobart",
  NEWZEALANDSTANDARDTIME: "Pacific/Auckland",
  EASTERNSTANDARDTIME: "America/New_York",
  CENTRALSTANDARDTIME: "America/Chicago",
  MOUNTAINSTANDARDTIME: "America/Denver",
  PACIFICSTANDARDTIME: "America/Los_Angeles",
  SINGAPORESTANDARDTIME: "Asia/Singapore",
  UTC: "UTC",
};

/** The IANA zone for a Xero timezone id (UTC when unknown). */
export function ianaZone(xeroTimezone: string | null | undefined): string {
  return ZONES[(xeroTimezone ?? "").toUpperCase().replace(/[^A-Z]/g, "")] ?? "UTC";
}
