import * as z from "zod";
import { type CreditPosition, isStale } from "../../shared/credit.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import { matchCustomer, tierKeys } from "../credit/matching.ts";
import { parseCreditLimit } from "../credit/network-key.ts";
import { creditVerdict } from "../credit/verdict.ts";
import { tenantPrefix } from "../store/tenant-data.ts";
import type { ContactStore, IndexKey } from "./contact-store.ts";
import { ContactCredit, LimitField, toSummary } from "./xero-contact.ts";

/** Per-tenant facts every badge read needs, kept beside the contact entries. */
export const ReadMeta = z.object({
  connected: z.boolean(),
  reason: z.string().optional(),
  currency: z.string(),
  lastSyncedAt: z.number().nullable(),
  syncIntervalMinutes: z.number(),
  warningThreshold: z.number(),
  limitField: LimitField,
});
export type ReadMeta = z.infer<typeof ReadMeta>;

const TIER_CODE = { contactId: "i", contactNumber: "n", accountNumber: "a", name: "m" } as const;

/** KV key of one index entry: `t:{tenant}:k:{tier}:{key}` (long keys hashed to stay under KV's 512 bytes). */
export async function entryKey(tenant: string, key: IndexKey): Promise<string> {
  const i = key.indexOf("|");
  const tier = key.slice(0, i) as keyof typeof TIER_CODE;
  let value = encodeURIComponent(key.slice(i + 1));
  if (value.length > 300) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
    value = `#${btoa(String.fromCharCode(...new Uint8Array(digest)))}`;
  }
  return `${tenantPrefix(tenant)}k:${TIER_CODE[tier]}:${value}`;
}

/** KV key of the tenant's read-model meta. */
export const metaKey = (tenant: string) => `${tenantPrefix(tenant)}meta`;

/** Writes the tenant's read-model meta. */
export async function writeMeta(kv: KVNamespace, tenant: string, meta: ReadMeta): Promise<void> {
  await kv.put(metaKey(tenant), JSON.stringify(meta));
}

/** Writes up to `max` dirty index entries from the store to KV; returns how many remain. */
export async function flushDirty(
  kv: KVNamespace,
  tenant: string,
  store: ContactStore,
  max: number,
): Promise<number> {
  const keys = store.dirty(max);
  await Promise.all(
    keys.map(async (k) => {
      const rows = store.byKey(k);
      const kvKey = await entryKey(tenant, k);
      if (rows.length === 0) await kv.delete(kvKey);
      else await kv.put(kvKey, JSON.stringify(rows));
    }),
  );
  store.clean(keys);
  return store.dirtyCount();
}

async function readEntry(kv: KVNamespace, tenant: string, key: IndexKey): Promise<ContactCredit[]> {
  const raw = await kv.get(await entryKey(tenant, key), "json");
  const parsed = z.array(ContactCredit).safeParse(raw ?? []);
  return parsed.success ? parsed.data : [];
}

/** Options for a credit read. */
export interface LookupOptions {
  jobValueMinor?: number;
  /** Admins and the server see why a limit could not be read; staff do not. */
  includeLimitProblem: boolean;
  now: number;
}

/**
 * The credit badge's read path: KV only, never Xero. Reads the meta and the four index entries
 * of `ref` in parallel, follows merged contacts, then applies the pure matching and verdict rules.
 */
export async function lookupCredit(
  kv: KVNamespace,
  tenant: string,
  ref: string,
  opts: LookupOptions,
): Promise<CreditLookup> {
  const keys = tierKeys(ref);
  const wanted = (Object.entries(keys) as [keyof typeof keys, string][]).filter(([, v]) => v !== "");
  const [metaRaw, ...entries] = await Promise.all([
    kv.get(metaKey(tenant), "json"),
    ...wanted.map(([tier, v]) => readEntry(kv, tenant, `${tier}|${v}`)),
  ]);
  const meta = ReadMeta.safeParse(metaRaw);
  if (!meta.success || !meta.data.connected)
    return meta.success && meta.data.reason
      ? { state: "not_connected", reason: meta.data.reason }
      : { state: "not_connected" };
  if (meta.data.lastSyncedAt === null) return { state: "not_synced" };
  const byId = new Map<string, ContactCredit>();
  for (const c of entries.flat()) byId.set(c.contactId.toLowerCase(), c);
  for (let depth = 0; depth < 5; depth++) {
    const missing = [...byId.values()]
      .filter(
        (c) => c.status !== "ACTIVE" && c.mergedToContactId && !byId.has(c.mergedToContactId.toLowerCase()),
      )
      .map((c) => c.mergedToContactId?.toLowerCase() ?? "");
    if (missing.length === 0) break;
    for (const c of (await Promise.all(missing.map((id) => readEntry(kv, tenant, `contactId|${id}`)))).flat())
      byId.set(c.contactId.toLowerCase(), c);
  }
  const match = matchCustomer(ref, [...byId.values()].map(toSummary));
  if (match.kind === "not_found") return { state: "not_found", ref };
  if (match.kind === "ambiguous") {
    return {
      state: "ambiguous",
      ref,
      candidates: match.candidates.map((c) => ({
        contactId: c.contactId,
        name: c.name,
        contactNumber: c.contactNumber,
        accountNumber: c.accountNumber,
      })),
    };
  }
  const rec = byId.get(match.contact.contactId.toLowerCase());
  if (!rec) return { state: "not_found", ref };
  const { currency, warningThreshold, syncIntervalMinutes, lastSyncedAt } = meta.data;
  const verdict = creditVerdict({
    limit: parseCreditLimit(rec.limitRaw, currency),
    balanceMinor: rec.outstandingMinor,
    overdueMinor: rec.overdueMinor,
    jobValueMinor: opts.jobValueMinor,
    warningThreshold,
  });
  if (!opts.includeLimitProblem) delete verdict.limitProblem;
  const lastSynced = new Date(lastSyncedAt).toISOString();
  const position: CreditPosition = {
    ...verdict,
    currency,
    customer: {
      ref,
      contactId: rec.contactId,
      name: rec.name,
      ...(match.archived ? { archived: true } : {}),
    },
    lastSyncedAt: lastSynced,
  };
  return {
    state: "found",
    position,
    stale: isStale(lastSynced, new Date(opts.now), syncIntervalMinutes * 60_000),
    syncIntervalMinutes,
  };
}
