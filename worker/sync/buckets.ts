import type { MatchTier } from "../credit/matching.ts";

/**
 * Index keys are grouped into a fixed number of KV entries per tier, so the KV writes of a sync
 * are bounded by 2 × BUCKETS (256) whatever the size of the organisation — well inside one
 * invocation's KV budget — while a badge read needs two buckets (codes, name) besides the meta,
 * all three fetched in one bulk KV get. A 10,000-contact organisation puts ~200 keys (~50 KB) in
 * a code bucket.
 */
export const BUCKETS = 128;

/** FNV-1a (32-bit) of a normalised key, mod BUCKETS. */
export function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

/**
 * Bucket families: the code tiers (ContactID, ContactNumber, AccountNumber) share one, because a
 * reference has the same normalised key in each — one KV read answers all three; names have their own.
 */
export type Family = "code" | "name";

/** A bucket: the unit the KV read model is written in ("code|17"). */
export type BucketId = `${Family}|${number}`;

/** The family a tier's keys are bucketed in. */
export const familyOf = (tier: MatchTier): Family => (tier === "name" ? "name" : "code");

/** The bucket holding `key` of `tier`. */
export const bucketFor = (tier: MatchTier, key: string): BucketId => `${familyOf(tier)}|${bucketOf(key)}`;
