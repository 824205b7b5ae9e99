import * as z from "zod";
import { PROVIDER_IDS } from "../../shared/providers.ts";
import { tenantPrefix } from "../store/tenant-data.ts";
import type { BucketId, LegacyBucketId } from "./buckets.ts";

/** The contact index layout in meta: one bucket family (`k:{n}`), see worker/sync/buckets.ts. */
export const LAYOUT = 2;

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
  /**
   * {@link LAYOUT} once every bucket of the one-family index is in KV. Absent (meta written
   * before migration 8, or while a migrated tenant's buckets are still being written): a missing
   * bucket is looked for in the two-family keys too.
   */
  layout: z.literal(LAYOUT).optional(),
});
export type ReadMeta = z.infer<typeof ReadMeta>;

/** KV key of one bucket of the contact index: `t:{tenant}:k:{n}`. */
export const bucketKey = (tenant: string, id: BucketId): string => `${tenantPrefix(tenant)}k:${id}`;

/** KV key of a bucket of the pre-migration layout: `t:{tenant}:k:{code|name}:{n}`. */
export function legacyBucketKey(tenant: string, id: LegacyBucketId): string {
  const [family, n] = id.split("|") as [string, string];
  return `${tenantPrefix(tenant)}k:${family}:${n}`;
}

/** KV key of the tenant's read-model meta. */
export const metaKey = (tenant: string) => `${tenantPrefix(tenant)}meta`;
