import * as z from "zod";

// Xero webhooks name the organisation (Xero tenantId); "x:{xeroTenantId}" lists the AGG SMART
// tenants connected to it (normally one), written on connect and removed on disconnect.

const key = (xeroTenant: string) => `x:${xeroTenant.toLowerCase()}`;

/** AGG SMART tenants connected to a Xero organisation. */
export async function tenantsForXero(kv: KVNamespace, xeroTenant: string): Promise<string[]> {
  const parsed = z.array(z.string()).safeParse(await kv.get(key(xeroTenant), "json"));
  return parsed.success ? parsed.data : [];
}

/** Records that `tenant` is connected to `xeroTenant`. */
export async function mapXeroTenant(kv: KVNamespace, xeroTenant: string, tenant: string): Promise<void> {
  const list = await tenantsForXero(kv, xeroTenant);
  if (!list.includes(tenant)) await kv.put(key(xeroTenant), JSON.stringify([...list, tenant]));
}

/** Forgets that `tenant` is connected to `xeroTenant`. */
export async function unmapXeroTenant(kv: KVNamespace, xeroTenant: string, tenant: string): Promise<void> {
  const list = (await tenantsForXero(kv, xeroTenant)).filter((t) => t !== tenant);
  if (list.length === 0) await kv.delete(key(xeroTenant));
  else await kv.put(key(xeroTenant), JSON.stringify(list));
}
