import { forgetMeta } from "../sync/meta-cache.ts";

/** Every KV key of one tenant starts with this (see SCHEMA.md): tenant isolation by construction. */
export const tenantPrefix = (tenant: string): string => `t:${encodeURIComponent(tenant)}:`;

/** Deletes every KV record of one tenant (read models, caches). Pages through the listing. */
export async function deleteTenantData(kv: KVNamespace, tenant: string): Promise<number> {
  let cursor: string | undefined;
  let deleted = 0;
  do {
    const page = await kv.list({ prefix: tenantPrefix(tenant), cursor });
    await Promise.all(page.keys.map((k) => kv.delete(k.name)));
    deleted += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  forgetMeta(tenant);
  return deleted;
}
