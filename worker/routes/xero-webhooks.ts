import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { tenantStub } from "../tenant/stub.ts";
import type { XeroEventItem } from "../tenant/xero-events.ts";
import { tenantsForXero } from "../tenant/xero-map.ts";
import {
  MAX_WEBHOOK_BYTES,
  parseDelivery,
  readCapped,
  verifyXeroSignature,
} from "../xero/webhook-payload.ts";

const log = (event: string, fields: Record<string, unknown>) =>
  console.warn(JSON.stringify({ event, ...fields }));

/**
 * `POST /webhooks/xero`: reads at most 1 MB (413 beyond), verifies the signature over the raw
 * bytes (401 with an empty body when wrong — also Xero's intent-to-receive check), answers 200 at
 * once and processes afterwards: maps Xero's tenantId to AGG SMART tenants and hands each its
 * events (deduped there). A correctly signed body the worker cannot read still gets 200 and a log
 * line: Xero retries failures for 24 h and then disables the webhook, and a retry of the same
 * bytes would fail the same way; the scheduled sync catches up.
 * @see https://developer.xero.com/documentation/guides/webhooks/overview
 */
export const xeroWebhooks = new Hono<AppEnv>().post("/webhooks/xero", async (c) => {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BYTES) return c.body(null, 413);
  const bytes = await readCapped(c.req.raw.body, MAX_WEBHOOK_BYTES);
  if (!bytes) return c.body(null, 413);
  if (!(await verifyXeroSignature(c.env.XERO_WEBHOOK_KEY, bytes, c.req.header("x-xero-signature"))))
    return c.body(null, 401);
  const parsed = parseDelivery(bytes);
  if (!parsed.ok) {
    log("xero_webhook_unreadable", { reason: parsed.reason, bytes: bytes.byteLength });
    return c.body(null, 200);
  }
  if (parsed.dropped > 0)
    log("xero_webhook_events_dropped", { reason: "resourceId is not a GUID", count: parsed.dropped });
  if (parsed.events.length === 0) return c.body(null, 200);
  const byTenant = new Map<string, XeroEventItem[]>();
  for (const e of parsed.events) {
    const key = `${e.tenantId}:${e.category}:${e.type}:${e.resourceId}:${e.eventDateUtc}`;
    const list = byTenant.get(e.tenantId) ?? [];
    list.push({
      category: e.category,
      resourceId: e.resourceId,
      key,
      ...(e.creditType ? { creditType: e.creditType } : {}),
    });
    byTenant.set(e.tenantId, list);
  }
  c.executionCtx.waitUntil(
    Promise.all(
      [...byTenant].map(async ([xeroTenant, items]) => {
        for (const tenant of await tenantsForXero(c.env.KV, xeroTenant)) {
          await tenantStub(c.env, tenant)
            .onXeroEvents(tenant, items)
            .catch((err) => {
              console.error(JSON.stringify({ event: "xero_webhook_failed", tenant, error: String(err) }));
            });
        }
      }),
    ),
  );
  return c.body(null, 200);
});
