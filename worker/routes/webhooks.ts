import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { findProvider } from "../provider/registry.ts";
import { tenantsForOrg } from "../store/org-map.ts";
import { tenantStub } from "../tenant/stub.ts";

const log = (fields: Record<string, unknown>) => console.warn(JSON.stringify(fields));

/**
 * `POST /webhooks/{provider}`: the provider's receiver reads, verifies
 * and parses the delivery (413 too large, 401 badly signed, an empty body either way); the
 * answer is 200 at once and the events are processed afterwards: each organisation's AGG SMART
 * tenants get its events (deduped there). A signed delivery that cannot be read is still a 200,
 * with a log line: a retry of the same bytes would fail the same way; the scheduled sync catches up.
 */
export const webhooks = new Hono<AppEnv>().post("/webhooks/:provider", async (c) => {
  const provider = findProvider(c.req.param("provider"));
  if (!provider?.webhooks) return c.json({ error: { code: "not_found", message: "No such webhook." } }, 404);
  const delivery = await provider.webhooks(c.env).receive(c.req.raw.body, (name) => c.req.header(name));
  if (delivery.status !== 200) return c.body(null, delivery.status);
  for (const note of delivery.notes) log(note);
  c.executionCtx.waitUntil(
    Promise.all(
      [...delivery.byOrg].map(async ([orgRef, items]) => {
        for (const tenant of await tenantsForOrg(c.env.KV, provider.orgs, orgRef)) {
          await tenantStub(c.env, tenant)
            .onProviderEvents(tenant, provider.id, items)
            .catch((err: unknown) => {
              console.error(
                JSON.stringify({
                  event: "webhook_failed",
                  provider: provider.id,
                  tenant,
                  error: String(err),
                }),
              );
            });
        }
      }),
    ),
  );
  return c.body(null, 200);
});
