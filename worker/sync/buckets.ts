import type { MatchTier } from "../credit/matching.ts";

/**
 * Index keys are grouped into a fixed number of KV entries per tier, so the KV writes of a sync
 * are bounded by 4 × BUCKETS (512) whatever the size of the organisation — one invocation's KV
 * budget — while a badge read stays at one KV get per tier. A 10,000-contact organisation puts
 * ~80 keys (~25 KB) in each entry.
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

/** A bucket of one tier: the unit the KV read model is written in ("contactNumber|17"). */
export type BucketId = `${MatchTier}|${number}`;
