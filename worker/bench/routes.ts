import { Hono } from "hono";
import { requireEmbedToken } from "../auth/middleware.ts";
import { tierKeys } from "../credit/matching.ts";
import type { AppEnv } from "../env.ts";
import { widgetCors } from "../middleware/cors.ts";
import { bucketOf, refBucket } from "../sync/buckets.ts";
import { bucketKey, metaKey, readValues } from "../sync/read-model.ts";
import { TenantId } from "../tenant/tenant-id.ts";

/**
 * Comparison routes for test/bench/badge.ts, mounted only by worker/bench-entry.ts (the benchmark
 * stack's entry; worker/index.ts never imports this file): `kv-floor` is the floor any read-model
 * badge pays — the same CORS and embed-token middleware as the badge route, then one KV get of the
 * value the badge cannot answer without (the one bucket holding every key of the ref, parsed as
 * JSON) — `kv-sizes` reports the stored sizes of the values a badge read fetches. The `naive` route
 * (a live call to the accounting system on every badge read) is provider code: the registry's
 * `providerBenchRoutes`, mounted beside these by the same entry.
 */
export const bench = new Hono<AppEnv>();

// The badge's middleware (app.ts puts widgetCors on /api/*; routes/credit.ts adds the embed token).
bench.use("/bench/kv-floor/*", widgetCors(), requireEmbedToken());

bench.get("/bench/kv-floor/:ref", async (c) => {
  const { tenant } = c.get("auth");
  const keys = tierKeys(c.req.param("ref"));
  const bucket = await c.env.KV.get<Record<string, unknown>>(bucketKey(tenant, bucketOf(keys.name)), "json");
  return c.json({ entries: bucket?.[`contactNumber|${keys.contactNumber}`] ?? null });
});

// Diagnostics: the badge's one bulk get (meta and the ref's bucket, as the badge reads them:
// text, parsed in the worker) with none of its logic, to
// split the badge's cost beyond the floor into KV and CPU; `?keys=1` bulk-gets the bucket alone,
// to split the bulk get's cost into the call and the values it reads.
bench.use("/bench/kv-bulk/*", widgetCors(), requireEmbedToken());

bench.get("/bench/kv-bulk/:ref", async (c) => {
  const { tenant } = c.get("auth");
  const bucket = bucketKey(tenant, refBucket(c.req.param("ref")));
  const got = await readValues(c.env.KV, c.req.query("keys") === "1" ? [bucket] : [metaKey(tenant), bucket]);
  return c.json({ keys: got.size });
});

bench.get("/bench/kv-sizes/:tenant/:ref", async (c) => {
  const tenant = TenantId.parse(c.req.param("tenant"));
  const size = async (key: string) => (await c.env.KV.get(key, "text"))?.length ?? 0;
  return c.json({
    meta: await size(metaKey(tenant)),
    bucket: await size(bucketKey(tenant, refBucket(c.req.param("ref")))),
  });
});
