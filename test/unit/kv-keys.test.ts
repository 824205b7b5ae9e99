import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { legacyOrgMapKey, orgMapKey } from "../../worker/store/org-map.ts";
import { tenantPrefix } from "../../worker/store/tenant-data.ts";
import { BUCKETS, refBucket } from "../../worker/sync/buckets.ts";
import { bucketKey, legacyBucketKey, metaKey } from "../../worker/sync/kv-layout.ts";
import { registryKey } from "../../worker/tenant/registry.ts";
import { TENANT_ID_MAX, TenantId } from "../../worker/tenant/tenant-id.ts";

// Cloudflare KV refuses keys over 512 bytes (a 500 at write time, long after the request that
// caused it). Every KV key builder is listed here with its longest valid inputs.

const KV_KEY_MAX_BYTES = 512;
const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Valid tenant ids, biased towards the longest and to ':' (the character that encodes widest). */
const tenantId = fc
  .array(fc.constantFrom(...":.-_azAZ09".split("")), { minLength: 1, maxLength: TENANT_ID_MAX })
  .map((cs) => cs.join(""));
const longest = ":".repeat(TENANT_ID_MAX);

/** Every synchronous KV key built from a tenant id. */
const tenantKeys = (tenant: string, ref: string): string[] => [
  tenantPrefix(tenant),
  metaKey(tenant),
  registryKey(tenant),
  bucketKey(tenant, refBucket(ref)),
  bucketKey(tenant, BUCKETS - 1),
  legacyBucketKey(tenant, `name|${BUCKETS - 1}`),
];

describe("KV keys stay within KV's 512-byte limit", () => {
  it("the generator only makes tenant ids the one schema accepts", () => {
    fc.assert(fc.property(tenantId, (t) => TenantId.safeParse(t).success));
    expect(TenantId.safeParse(longest).success).toBe(true);
    expect(TenantId.safeParse(`${longest}a`).success).toBe(false);
  });

  it("for the longest, widest-encoding tenant id", () => {
    for (const key of tenantKeys(longest, "x".repeat(200))) expect(bytes(key)).toBeLessThanOrEqual(512);
  });

  it("for any valid tenant id and any customer reference (refs are hashed into bucket numbers)", () => {
    fc.assert(
      fc.property(tenantId, fc.string({ unit: "grapheme", maxLength: 500 }), (t, ref) =>
        tenantKeys(t, ref).every((k) => bytes(k) <= KV_KEY_MAX_BYTES),
      ),
    );
  });

  it("for any organisation id, even one far longer than a UUID (hashed)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 2000 }), async (id) => {
        return (
          bytes(await orgMapKey("quickbooks", id)) <= KV_KEY_MAX_BYTES &&
          bytes(await legacyOrgMapKey("x:", id)) <= KV_KEY_MAX_BYTES
        );
      }),
    );
    expect(await orgMapKey("xero", "A3B2C1D0-0000-4000-8000-000000000000")).toBe(
      "o:xero:a3b2c1d0-0000-4000-8000-000000000000",
    );
    expect(await legacyOrgMapKey("x:", "A3B2C1D0-0000-4000-8000-000000000000")).toBe(
      "x:a3b2c1d0-0000-4000-8000-000000000000",
    );
    expect(await orgMapKey("xero", "é".repeat(2000))).toMatch(/^o:xero:#[\w-]{43}$/);
  });
});
