import { type MatchTier, tierKeys } from "../credit/matching.ts";
import { normaliseName } from "../credit/normalise-name.ts";

/**
 * The KV contact index is split into a fixed number of entries ("buckets"), so the KV writes of a
 * sync are bounded by BUCKETS (128) whatever the size of the organisation — well inside one
 * invocation's KV budget. Every key of a contact (its ContactID, ContactNumber and AccountNumber
 * codes and its normalised name) is filed in the bucket of `normaliseName` of the key, so every key
 * a reference can match lands in ONE bucket: `refBucket(ref)`. A badge read is then one bulk KV
 * get of exactly two values, the meta and that bucket. A 10,000-contact organisation puts ~300 keys
 * (~65 KB) in a bucket.
 *
 * Why one bucket suffices: a reference's code key is `code(ref)` (trim + lower case) and its name
 * key `normaliseName(ref)`; `normaliseName(code(x)) === normaliseName(x)` for every string
 * (test/unit/buckets.test.ts), so `bucketOf(normaliseName(code(ref)))` — where a matching code is
 * filed — and `bucketOf(normaliseName(ref))` — where a matching name is filed — are the same number.
 * (Name keys are hashed as they are, not normalised again: normaliseName is not idempotent, e.g.
 * "Limi Ted" → "limited" → "ltd".)
 */
export const BUCKETS = 128;

/** FNV-1a (32-bit) of a string, mod BUCKETS. */
export function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

/** A bucket of the index (0 … BUCKETS − 1): the unit the KV read model is written in. */
export type BucketId = number;

/** The bucket a contact's normalised `key` of `tier` is filed in. */
export const bucketFor = (tier: MatchTier, key: string): BucketId =>
  bucketOf(tier === "name" ? key : normaliseName(key));

/** The one bucket holding every key an AGG SMART reference can match (any tier). */
export const refBucket = (ref: string): BucketId => bucketOf(normaliseName(ref));

/**
 * The layout before migration 8 (worker/store/migrations.ts): two families of BUCKETS each, the
 * code tiers bucketed by `bucketOf(code)` ("code|17") and names by `bucketOf(name)` ("name|90").
 * Read only while a migrated tenant's new buckets are not all written, then deleted.
 */
export type LegacyBucketId = `${"code" | "name"}|${number}`;

/** Where the pre-migration layout filed `key` of `tier`. */
export const legacyBucketFor = (tier: MatchTier, key: string): LegacyBucketId =>
  `${tier === "name" ? "name" : "code"}|${bucketOf(key)}`;

/** The pre-migration buckets a reference's keys were filed in (code, then name; "" keys skipped). */
export function legacyRefBuckets(ref: string): LegacyBucketId[] {
  const k = tierKeys(ref);
  return [
    ...(k.contactId ? [legacyBucketFor("contactId", k.contactId)] : []),
    ...(k.name ? [legacyBucketFor("name", k.name)] : []),
  ];
}
