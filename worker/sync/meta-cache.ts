// The badge's meta as this isolate last read it, trusted for a few seconds, so a badge read is ONE
// KV get (the bucket holding the ref) instead of a bulk get of two (issue 9 item 6). A few seconds
// is well inside what KV promises anyway: a value written in one place may be served stale
// elsewhere for up to 60 s (KV's cacheTtl floor). The tenant object, which writes the meta, forgets
// its tenant's entry when it does, so in its own isolate (and in `wrangler dev` / the tests, where
// the object and the routes share one) a state change is seen at once.

/** How long an isolate trusts a meta it read from KV (ms). */
export const META_TTL_MS = 5_000;
/** Tenants remembered at most; the oldest entry goes first (an isolate serves many tenants). */
export const META_CACHE_MAX = 1_000;

type Entry = { value: unknown; until: number };
const entries = new Map<string, Entry>();

/** The meta read for `tenant` less than {@link META_TTL_MS} ago (`value` may be null: none stored). */
export function recalledMeta(tenant: string, now: number): { value: unknown } | undefined {
  const e = entries.get(tenant);
  if (!e) return undefined;
  if (e.until > now) return { value: e.value };
  entries.delete(tenant);
  return undefined;
}

/** Remembers the meta just read from KV for `tenant`. */
export function rememberMeta(tenant: string, value: unknown, now: number): void {
  entries.delete(tenant);
  entries.set(tenant, { value, until: now + META_TTL_MS });
  while (entries.size > META_CACHE_MAX) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    entries.delete(oldest);
  }
}

/** Forgets `tenant`'s meta (it was just written), or every tenant's. */
export function forgetMeta(tenant?: string): void {
  if (tenant === undefined) entries.clear();
  else entries.delete(tenant);
}
