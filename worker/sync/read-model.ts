import * as z from "zod";
import { type CreditPosition, isStale, parseMoneyInput } from "../../shared/credit.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import { type MatchTier, matchCustomer, tierKeys } from "../credit/matching.ts";
import { parseCreditLimit } from "../credit/network-key.ts";
import { creditVerdict } from "../credit/verdict.ts";
import { AppError } from "../errors.ts";
import { Customer, LEGACY_PROVIDER, toSummary } from "../provider/model.ts";
import { bucketFor, bucketOf, legacyBucketFor } from "./buckets.ts";
import { bucketKey, LAYOUT, legacyBucketKey, metaKey, ReadMeta } from "./kv-layout.ts";
import { recalledMeta, rememberMeta } from "./meta-cache.ts";

export { flushDirty, writeMeta } from "./flush.ts";
export { bucketKey, metaKey, ReadMeta } from "./kv-layout.ts";

const Entries = z.array(Customer);

/** KV's bulk get takes at most 100 keys in one operation. */
const BULK_GET_MAX = 100;

/** Parses one KV text value; a value that is not JSON reads as missing. */
function parsed(v: string | null): unknown {
  if (v === null) return null;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

/**
 * Bulk-gets `keys` as text and parses each value here, so one value that is not JSON reads as
 * missing instead of failing the whole read (a "json" bulk get refuses every key if one is not
 * JSON). Measured on the local stack, text and "json" cost the same.
 */
export async function readValues(kv: KVNamespace, keys: readonly string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const [k, v] of await kv.get([...keys], "text")) out.set(k, parsed(v));
  return out;
}

/** A key a reference (or a merge target) is looked up under: its tier and normalised value. */
type Wanted = readonly [MatchTier, string];

/**
 * The contacts filed under `keys` in an already-read bucket value. Only the picked entries are
 * validated: a 10,000-contact organisation has ~300 keys (~65 KB) per bucket, and validating all
 * of them on every badge read added ~60 % to the JSON parse itself.
 */
function pickEntries(bucket: unknown, keys: readonly Wanted[], out: Customer[]): void {
  if (typeof bucket !== "object" || bucket === null) return;
  for (const [tier, key] of keys) {
    const field = `${tier}|${key}`;
    if (!Object.hasOwn(bucket, field)) continue;
    const entries = Entries.safeParse((bucket as Record<string, unknown>)[field]);
    if (entries.success) out.push(...entries.data);
  }
}

/**
 * The contacts filed under `keys` (all in one bucket) from `value`, that bucket as read. A
 * missing bucket of a tenant whose meta is not yet at {@link LAYOUT} (migration 8's buckets still
 * being written) is answered from the two-family keys instead: one more bulk get, until then only.
 */
async function entriesIn(
  kv: KVNamespace,
  tenant: string,
  value: unknown,
  keys: readonly Wanted[],
  legacy: boolean,
): Promise<Customer[]> {
  const out: Customer[] = [];
  if (value !== null || !legacy) {
    pickEntries(value, keys, out);
    return out;
  }
  const where = (w: Wanted) => legacyBucketKey(tenant, legacyBucketFor(...w));
  const got = await readValues(kv, [...new Set(keys.map(where))]);
  for (const w of keys) pickEntries(got.get(where(w)), [w], out);
  return out;
}

/** The contacts with these ContactIDs (merge targets; one bulk get for up to 100 buckets). */
async function byContactId(
  kv: KVNamespace,
  tenant: string,
  ids: readonly string[],
  legacy: boolean,
): Promise<Customer[]> {
  const perBucket = new Map<string, Wanted[]>();
  for (const id of ids) {
    const k = bucketKey(tenant, bucketFor("contactId", id));
    perBucket.set(k, [...(perBucket.get(k) ?? []), ["contactId", id]]);
  }
  const all = [...perBucket.keys()];
  const got = new Map<string, unknown>();
  for (let i = 0; i < all.length; i += BULK_GET_MAX)
    for (const [k, v] of await readValues(kv, all.slice(i, i + BULK_GET_MAX))) got.set(k, v);
  const out: Customer[] = [];
  for (const [k, keys] of perBucket)
    out.push(...(await entriesIn(kv, tenant, got.get(k) ?? null, keys, legacy)));
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
 * The meta and the bucket `bk`: ONE KV get of the bucket while this isolate's copy of the meta is
 * fresh (./meta-cache.ts), else one bulk get of both (and the meta is remembered).
 */
async function metaAndBucket(
  kv: KVNamespace,
  tenant: string,
  bk: string,
  now: number,
): Promise<{ meta: unknown; bucket: unknown }> {
  const known = recalledMeta(tenant, now);
  if (known) return { meta: known.value, bucket: parsed(await kv.get(bk, "text")) };
  const mk = metaKey(tenant);
  const got = await readValues(kv, [mk, bk]);
  const meta = got.get(mk) ?? null;
  rememberMeta(tenant, meta, now);
  return { meta, bucket: got.get(bk) ?? null };
}

/**
 * The credit badge's read path: KV only, never the provider. Reads the ONE bucket holding every
 * key of `ref` (its codes and its name, worker/sync/buckets.ts) — one KV get while the isolate's
 * copy of the meta is fresh, else one bulk get of meta and bucket — follows merged contacts (rare:
 * one more bulk get per hop), then applies the pure matching and verdict rules. While a tenant's
 * meta predates {@link LAYOUT}, a missing bucket costs one more bulk get of the old two-family
 * keys (see migration 8).
 */
export async function lookupCredit(
  kv: KVNamespace,
  tenant: string,
  ref: string,
  opts: LookupOptions,
): Promise<CreditLookup> {
  const keys = tierKeys(ref);
  const wanted = (Object.entries(keys) as [MatchTier, string][]).filter(([, v]) => v !== "");
  // bucketOf(keys.name) = refBucket(ref), computed from the name key already at hand.
  const bk = bucketKey(tenant, bucketOf(keys.name));
  const got = await metaAndBucket(kv, tenant, bk, opts.now);
  const meta = ReadMeta.safeParse(got.meta);
  if (!meta.success) return { state: "not_connected" };
  const provider = meta.data.provider ?? LEGACY_PROVIDER;
  if (!meta.data.connected)
    return meta.data.reason
      ? { state: "not_connected", provider, reason: meta.data.reason }
      : { state: "not_connected", provider };
  if (meta.data.lastSyncedAt === null) return { state: "not_synced", provider };
  const legacy = meta.data.layout !== LAYOUT;
  const byId = new Map<string, Customer>();
  for (const c of await entriesIn(kv, tenant, got.bucket, wanted, legacy))
    byId.set(c.contactId.toLowerCase(), c);
  for (let depth = 0; depth < 5; depth++) {
    const missing = [...byId.values()]
      .filter(
        (c) => c.status !== "ACTIVE" && c.mergedToContactId && !byId.has(c.mergedToContactId.toLowerCase()),
      )
      .map((c) => c.mergedToContactId?.toLowerCase() ?? "");
    if (missing.length === 0) break;
    for (const c of await byContactId(kv, tenant, missing, legacy)) byId.set(c.contactId.toLowerCase(), c);
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
