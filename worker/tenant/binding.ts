// Which tenant an object belongs to: written on first use and checked on every call after, so an
// object can never serve (or be wiped into) another tenant's data — defence in depth behind
// `idFromName(tenant)`.

/** Storage key of the tenant id the object is bound to. */
export const TENANT_KEY = "tenant";

/** Binds `storage` to `tenant` on first use; throws when it belongs to another tenant. */
export async function bindTenant(storage: DurableObjectStorage, tenant: string): Promise<void> {
  const stored = await storage.get<string>(TENANT_KEY);
  if (stored && stored !== tenant) throw new Error("tenant mismatch");
  if (!stored) await storage.put(TENANT_KEY, tenant);
}

/** The tenant this object is bound to (undefined: never used yet). */
export function boundTenant(storage: DurableObjectStorage): Promise<string | undefined> {
  return storage.get<string>(TENANT_KEY);
}
