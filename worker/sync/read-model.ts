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
  /** Absent in meta written before providers existed: that was always Xero. */
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

const Bucket = z.record(z.string(), z.array(Customer));

/** Reads the buckets holding `keys` (one KV get per distinct bucket) and returns their contacts. */
async function readEntries(
  kv: KVNamespace,
  tenant: string,
  keys: readonly [MatchTier, string][],
): Promise<Customer[]> {
  const ids = [...new Set(keys.map(([tier, key]) => bucketFor(tier, key)))];
  const buckets = await Promise.all(
    ids.map(async (id) => Bucket.safeParse((await kv.get(bucketKey(tenant, id), "json")) ?? {})),
  );
  const out: Customer[] = [];
  for (const [tier, key] of keys) {
    for (const b of buckets) if (b.success) out.push(...(b.data[`${tier}|${key}`] ?? []));
  }
  return out;
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
 * The credit badge's read path: KV only, never Xero. Reads the meta and the two buckets holding
 * `ref` (codes, name) in parallel, follows merged contacts, then applies the pure matching and
 * verdict rules.
 */
export async function lookupCredit(
  kv: KVNamespace,
  tenant: string,
  ref: string,
  opts: LookupOptions,
): Promise<CreditLookup> {
  const keys = tierKeys(ref);
  const wanted = (Object.entries(keys) as [MatchTier, string][]).filter(([, v]) => v !== "");
  const [metaRaw, entries] = await Promise.all([
    kv.get(metaKey(tenant), "json"),
    readEntries(kv, tenant, wanted),
  ]);
  const meta = ReadMeta.safeParse(metaRaw);
  if (!meta.success) return { state: "not_connected" };
  const provider = meta.data.provider ?? LEGACY_PROVIDER;
  if (!meta.data.connected)
    return meta.data.reason
      ? { state: "not_connected", provider, reason: meta.data.reason }
      : { state: "not_connected", provider };
  if (meta.data.lastSyncedAt === null) return { state: "not_synced", provider };
  const byId = new Map<string, Customer>();
  for (const c of entries) byId.set(c.contactId.toLowerCase(), c);
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
