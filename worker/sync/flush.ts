import type { ContactStore } from "./contact-store.ts";
import { bucketKey, LAYOUT, legacyBucketKey, metaKey, ReadMeta } from "./kv-layout.ts";
import { forgetMeta } from "./meta-cache.ts";

/** Writes the tenant's read-model meta (and drops this isolate's cached copy of it). */
export async function writeMeta(kv: KVNamespace, tenant: string, meta: ReadMeta): Promise<void> {
  await kv.put(metaKey(tenant), JSON.stringify(meta));
  forgetMeta(tenant);
}

/**
 * Writes up to `max` dirty buckets from the store to KV; returns how many KV writes remain (dirty
 * buckets, and old-layout keys still to delete). After migration 8, once every new bucket is
 * written, the meta is marked {@link LAYOUT} (badge reads stop falling back to the old keys) and
 * only then are the old keys deleted, within the same `max` per invocation.
 */
export async function flushDirty(
  kv: KVNamespace,
  tenant: string,
  store: ContactStore,
  max: number,
): Promise<number> {
  const ids = store.dirty(max);
  await Promise.all(
    ids.map(async (id) => {
      const content = store.bucket(id);
      if (Object.keys(content).length === 0) await kv.delete(bucketKey(tenant, id));
      else await kv.put(bucketKey(tenant, id), JSON.stringify(content));
    }),
  );
  store.clean(ids);
  let left = max - ids.length;
  if (store.migrating() && store.dirtyCount() === 0 && left > 0) {
    const meta = ReadMeta.safeParse(await kv.get(metaKey(tenant), "json"));
    if (meta.success) {
      await writeMeta(kv, tenant, { ...meta.data, layout: LAYOUT });
      left--;
    }
    store.migrated();
  }
  if (!store.migrating() && left > 0) {
    const old = store.legacy(left);
    await Promise.all(old.map((id) => kv.delete(legacyBucketKey(tenant, id))));
    store.forgetLegacy(old);
  }
  return store.dirtyCount() + store.legacyCount();
}
