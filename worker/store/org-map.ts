import * as z from "zod";
import { base64url } from "../encoding.ts";
import type { ProviderId } from "../provider/model.ts";

// A provider's webhooks name the organisation (its orgRef); "o:{provider}:{orgRef}" lists the
// AGG SMART tenants connected to it (normally one), written on connect and removed on
// disconnect. Before the provider seam the list lived at "{legacyPrefix}{orgRef}" (OrgMapScope):
// such a list is moved to the new key the first time it is read.

/** Organisation ids seen so far are UUIDs or digits; anything else (it arrives in a webhook body) is hashed. */
const PLAIN_ID = /^[\w-]{1,64}$/;

async function idPart(orgRef: string): Promise<string> {
  const id = orgRef.toLowerCase();
  if (PLAIN_ID.test(id)) return id;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id));
  return `#${base64url(new Uint8Array(digest))}`;
}

/**
 * KV key of an organisation's tenant list: `o:{provider}:{id}` for a plain id,
 * `o:{provider}:#{sha256}` for anything else, so the key stays far below KV's 512-byte limit.
 */
export async function orgMapKey(provider: ProviderId, orgRef: string): Promise<string> {
  return `o:${provider}:${await idPart(orgRef)}`;
}

/** The key the same list had before the seam (`legacyPrefix` + id), for providers that had one. */
export async function legacyOrgMapKey(legacyPrefix: string, orgRef: string): Promise<string> {
  return `${legacyPrefix}${await idPart(orgRef)}`;
}

/** Where a provider's lists are, and where they were before the seam (Provider.legacyOrgPrefix). */
export interface OrgMapScope {
  provider: ProviderId;
  legacyPrefix?: string;
}

const List = z.array(z.string());

/** AGG SMART tenants connected to an organisation (a list still at the legacy key is moved first). */
export async function tenantsForOrg(kv: KVNamespace, scope: OrgMapScope, orgRef: string): Promise<string[]> {
  const key = await orgMapKey(scope.provider, orgRef);
  const raw = await kv.get(key, "json");
  if (raw !== null || !scope.legacyPrefix) return List.safeParse(raw).data ?? [];
  const old = await legacyOrgMapKey(scope.legacyPrefix, orgRef);
  const legacy = List.safeParse(await kv.get(old, "json"));
  if (!legacy.success) return [];
  await kv.put(key, JSON.stringify(legacy.data));
  await kv.delete(old);
  return legacy.data;
}

/** Records that `tenant` is connected to the organisation. */
export async function mapOrg(
  kv: KVNamespace,
  scope: OrgMapScope,
  orgRef: string,
  tenant: string,
): Promise<void> {
  const list = await tenantsForOrg(kv, scope, orgRef);
  if (!list.includes(tenant))
    await kv.put(await orgMapKey(scope.provider, orgRef), JSON.stringify([...list, tenant]));
}

/** Forgets that `tenant` is connected to the organisation. */
export async function unmapOrg(
  kv: KVNamespace,
  scope: OrgMapScope,
  orgRef: string,
  tenant: string,
): Promise<void> {
  const list = (await tenantsForOrg(kv, scope, orgRef)).filter((t) => t !== tenant);
  const key = await orgMapKey(scope.provider, orgRef);
  if (list.length === 0) await kv.delete(key);
  else await kv.put(key, JSON.stringify(list));
}
