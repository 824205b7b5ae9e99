import * as z from "zod";
import { type CreditPosition, isStale, parseMoneyInput } from "../../shared/credit.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import { PROVIDER_IDS } from "../../shared/providers.ts";
import { type MatchTier, matchCustomer, tierKeys } from "../credit/matching.ts";
import { parseCreditLimit } from "../credit/network-key.ts";
import { creditVerdict } from "../credit/verdict.ts";
import { AppError } from "../errors.ts";
import { Customer, LEGACY_PROVIDER, toSummary } from "../provider/model.ts";
import { tenantPrefix } from "../store/tenant-data.ts";
import { type BucketId, bucketFor } from "./buckets.ts";
import type { ContactStore } from "./contact-store.ts";

/** Per-tenant facts every badge read needs, kept beside the contact entries. */
export const ReadMeta = z.object({
  connected: z.boolean(),
  reason: z.string().optional(),
  currency: z.string(),
  lastSyncedAt: z.number().nullable(),
  syncIntervalMinutes: z.number(),
  warningThreshold: z.number(),
  /** The provider field credit limits are read from (for the badge's "where to fix it" hint). */
  limitField: z.string(),
  /** Absent in meta written before providers existed: that was always LEGACY_PROVIDER. */
  provider: z.enum(PROVIDER_IDS).optional(),
});
export type ReadMeta = z.infer<typeof ReadMeta>;

/** KV key of one bucket of the contact index: `t:{tenant}:k:{family}:{n}`. */
export function bucketKey(tenant: string, id: BucketId): string {
  const [family, n] = id.split("|") as [string, string];
  return `${tenantPrefix(tenant)}k:${family}:${n}`;
}

/** KV key of the tenant's read-model meta. */
export const metaKey = (tenant: string) => `${tenantPrefix(tenant)}meta`;

/** Writes the tenant's read-model meta. */
export async function writeMeta(kv: KVNamespace, tenant: string, meta: ReadMeta): Promise<void> {
  await kv.put(metaKey(tenant), JSON.stringify(meta));
}

/** Writes up to `max` dirty buckets from the store to KV; returns how many remain. */
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
  return store.dirtyCount();
}

const Entries = z.array(Customer);

/** KV's bulk get takes at most 100 keys in one operation. */
const BULK_GET_MAX = 100;

/**
 * The contacts filed under `keys`, picked out of already-read bucket values. Only the picked
 * entries are validated: a 10,000-contact organisation has ~150–200 keys (35–50 KB) per code
 * bucket, and validating all of them on every badge read added ~60 % to the JSON parse itself.
 */
function pickEntries(
  buckets: ReadonlyMap<string, unknown>,
  tenant: string,
  keys: readonly [MatchTier, string][],
): Customer[] {
  const out: Customer[] = [];
  for (const [tier, key] of keys) {
    const bucket = buckets.get(bucketKey(tenant, bucketFor(tier, key)));
    if (typeof bucket !== "object" || bucket === null) continue;
    const field = `${tier}|${key}`;
    if (!Object.hasOwn(bucket, field)) continue;
    const entries = Entries.safeParse((bucket as Record<string, unknown>)[field]);
    if (entries.success) out.push(...entries.data);
  }
  return out;
}

/** The KV keys of the buckets holding `keys`, each once. */
const bucketKeysFor = (tenant: string, keys: readonly [MatchTier, string][]) => [
  ...new Set(keys.map(([tier, key]) => bucketKey(tenant, bucketFor(tier, key)))),
];

/** Reads `keys` in as few KV operations as the bulk limit allows (one, for up to 100 keys). */
async function bulkGet(kv: KVNamespace, keys: readonly string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (let i = 0; i < keys.length; i += BULK_GET_MAX) {
    const got = await kv.get(keys.slice(i, i + BULK_GET_MAX), "json");
    for (const [k, v] of got) out.set(k, v);
  }
  return out;
}

/** Reads the buckets holding `keys` (one bulk KV get) and returns their contacts. */
async function readEntries(
  kv: KVNamespace,
  tenant: string,
  keys: readonly [MatchTier, string][],
): Promise<Customer[]> {
  return pickEntries(await bulkGet(kv, bucketKeysFor(tenant, keys)), tenant, keys);
}

/** Options for a credit read. */
export interface LookupOptions {
  /** The job value as typed ("450.00"); parsed in the organisation's currency. */
  jobValue?: string;
  /** Admins and the server see why a limit could not be read; staff do not. */
  includeLimitProblem: boolean;
  now: number;
}

/**
 * The credit badge's read path: KV only, never the provider. Reads the meta and the two buckets holding
 * `ref` (codes, name) in ONE bulk KV get, follows merged contacts (rare: one more bulk get per
 * hop), then applies the pure matching and verdict rules.
 */
export async function lookupCredit(
  kv: KVNamespace,
  tenant: string,
  ref: string,
  opts: LookupOptions,
): Promise<CreditLookup> {
  const keys = tierKeys(ref);
  const wanted = (Object.entries(keys) as [MatchTier, string][]).filter(([, v]) => v !== "");
  const got = await bulkGet(kv, [metaKey(tenant), ...bucketKeysFor(tenant, wanted)]);
  const meta = ReadMeta.safeParse(got.get(metaKey(tenant)));
  if (!meta.success) return { state: "not_connected" };
  const provider = meta.data.provider ?? LEGACY_PROVIDER;
  if (!meta.data.connected)
    return meta.data.reason
      ? { state: "not_connected", provider, reason: meta.data.reason }
      : { state: "not_connected", provider };
  if (meta.data.lastSyncedAt === null) return { state: "not_synced", provider };
  const byId = new Map<string, Customer>();
  for (const c of pickEntries(got, tenant, wanted)) byId.set(c.contactId.toLowerCase(), c);
  for (let depth = 0; depth < 5; depth++) {
    const missing = [...byId.values()]
      .filter(
        (c) => c.status !== "ACTIVE" && c.mergedToContactId && !byId.has(c.mergedToContactId.toLowerCase()),
      )
      .map((c) => c.mergedToContactId?.toLowerCase() ?? "");
    if (missing.length === 0) break;
    for (const c of await readEntries(
      kv,
      tenant,
      missing.map((id) => ["contactId", id] as [MatchTier, string]),
    ))
      byId.set(c.contactId.toLowerCase(), c);
  }
  const match = matchCustomer(ref, [...byId.values()].map(toSummary));
  if (match.kind === "not_found") return { state: "not_found", provider, ref };
  if (match.kind === "ambiguous") {
    return {
      state: "ambiguous",
      provider,
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
  if (!rec) return { state: "not_found", provider, ref };
  const { currency, warningThreshold, syncIntervalMinutes, lastSyncedAt } = meta.data;
  const job = parseMoneyInput(opts.jobValue, currency);
  if (job.kind === "invalid")
    throw new AppError(
      400,
      "validation_failed",
      `jobValue "${opts.jobValue}" is not an amount: ${job.reason}`,
    );
  const verdict = creditVerdict({
    limit: parseCreditLimit(rec.limitRaw, currency),
    balanceMinor: rec.outstandingMinor,
    overdueMinor: rec.overdueMinor,
    jobValueMinor: job.kind === "amount" ? job.minor : undefined,
    warningThreshold,
    onHold: rec.onHold,
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
    provider,
    position,
    stale: isStale(lastSynced, new Date(opts.now), syncIntervalMinutes * 60_000),
    syncIntervalMinutes,
  };
}
