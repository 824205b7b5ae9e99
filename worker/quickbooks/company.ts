// The company behind a connection: its name (CompanyInfo) and home currency (Preferences).
// QuickBooks names no IANA time zone for a company (UNVERIFIED: none found in CompanyInfo), so
// none is given and the tenant's default applies.
// @see ../../shared/QBO-FACTS.md "Entities" (companyinfo, preferences)

import * as z from "zod";
import type { OrgInfo } from "../provider/model.ts";
import type { Call } from "./reads.ts";

const Info = z.object({
  CompanyInfo: z.looseObject({ CompanyName: z.string(), LegalName: z.string().nullish() }),
});
const Prefs = z.object({
  Preferences: z.looseObject({
    CurrencyPrefs: z.looseObject({ HomeCurrency: z.looseObject({ value: z.string() }).nullish() }).nullish(),
  }),
});

/** Name and home currency of the company (two reads). */
export async function companyInfo(call: Call, realmId: string): Promise<OrgInfo> {
  const info = Info.parse(await call({ path: `/companyinfo/${encodeURIComponent(realmId)}` }));
  const prefs = Prefs.safeParse(await call({ path: "/preferences" }));
  const currency = prefs.success ? prefs.data.Preferences.CurrencyPrefs?.HomeCurrency?.value : undefined;
  return currency ? { name: info.CompanyInfo.CompanyName, currency } : { name: info.CompanyInfo.CompanyName };
}
