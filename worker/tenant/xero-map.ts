import * as z from "zod";
import { base64url } from "../encoding.ts";

// Xero webhooks name the organisation (Xero tenantId); "x:{xeroTenantId}" lists the AGG SMART
// tenants connected to it (normally one), written on connect and removed on disconnect.

/** Xero tenant ids are UUIDs; anything else (never seen, but it arrives in a webhook body) is hashed. */
const PLAIN_XERO_ID = /^[\w-]{1,64}$/;

/**
 * KV key of a Xero organisation's tenant list: `x:{id}` for a UUID-like id, `x:#{sha256}` for
 * anything else, so the key stays far below KV's 512-byte limit whatever Xero sends.
 */
export async function xeroMapKey(xeroTenant: string): Promise<string> {
  const id = xeroTenant.toLowerCase();
  if (PLAIN_XERO_ID.test(id)) return `x:${id}`;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id));
  return `x:#${base64url(new Uint8Array(digest))}`;
}

/** AGG SMART tenants connected to a Xero organisation. */
export async function tenantsForXero(kv: KVNamespace, xeroTenant: string): Promise<string[]> {
  const parsed = z.array(z.string()).safeParse(await kv.get(await xeroMapKey(xeroTenant), "json"));
  return parsed.success ? parsed.data : [];
}

/** Records that `tenant` is connected to `xeroTenant`. */
export async function mapXeroTenant(kv: KVNamespace, xeroTenant: string, tenant: string): Promise<void> {
  const list = await tenantsForXero(kv, xeroTenant);
  if (!list.includes(tenant)) await kv.put(await xeroMapKey(xeroTenant), JSON.stringify([...list, tenant]));
}

/** Forgets that `tenant` is connected to `xeroTenant`. */
export async function unmapXeroTenant(kv: KVNamespace, xeroTenant: string, tenant: string): Promise<void> {
  const list = (await tenantsForXero(kv, xeroTenant)).filter((t) => t !== tenant);
  if (list.length === 0) await kv.delete(await xeroMapKey(xeroTenant));
  else await kv.put(await xeroMapKey(xeroTenant), JSON.stringify(list));
}
