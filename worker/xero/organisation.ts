import * as z from "zod";
import type { FetchFn, XeroConfig } from "./config.ts";
import { ianaZone } from "./timezone.ts";

const OrganisationResponse = z.object({
  Organisations: z
    .array(
      z.object({ Name: z.string(), BaseCurrency: z.string().optional(), Timezone: z.string().nullish() }),
    )
    .min(1),
});

/** Reads the organisation's name and base currency. @see https://developer.xero.com/documentation/api/accounting/organisation */
export async function fetchOrganisation(
  cfg: XeroConfig,
  fetchFn: FetchFn,
  accessToken: string,
  xeroTenantId: string,
): Promise<{ name: string; currency?: string; timezone: string }> {
  const res = await fetchFn(`${cfg.apiUrl}/api.xro/2.0/Organisation`, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      "xero-tenant-id": xeroTenantId,
      Accept: "application/json",
    },
  });
  if (!res.ok) throw new Error(`Organisation: HTTP ${res.status}`);
  const org = OrganisationResponse.parse(await res.json()).Organisations[0];
  if (!org) throw new Error("Organisation: empty");
  const timezone = ianaZone(org.Timezone);
  return org.BaseCurrency
    ? { name: org.Name, currency: org.BaseCurrency, timezone }
    : { name: org.Name, timezone };
}
