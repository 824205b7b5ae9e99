import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env.ts";
import { tenantStub } from "../tenant/stub.ts";
import { tenantsForXero } from "../tenant/xero-map.ts";

const Payload = z.object({
  events: z.array(
    z.object({
      resourceId: z.string(),
      eventDateUtc: z.string(),
      eventType: z.string(),
      eventCategory: z.string(),
      tenantId: z.string(),
    }),
  ),
});

/** Constant-time check of `x-xero-signature` = base64(HMAC-SHA256(raw body, webhook key)). */
export async function verifyXeroSignature(
  key: string,
  body: string,
  signature: string | undefined,
): Promise<boolean> {
  if (!key || !signature) return false;
  let mac: Uint8Array<ArrayBuffer>;
  try {
    mac = Uint8Array.from(atob(signature), (ch) => ch.charCodeAt(0));
  } catch {
    return false;
  }
  const k = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  return crypto.subtle.verify("HMAC", k, mac, new TextEncoder().encode(body));
}

/**
 * `POST /webhooks/xero`: verifies the signature over the raw body (401 with an empty body when
 * wrong — also Xero's intent-to-receive check), answers 200 at once and processes afterwards:
 * maps Xero's tenantId to AGG SMART tenants and hands each its events (deduped there).
 * @see https://developer.xero.com/documentation/guides/webhooks/overview
 */
export const xeroWebhooks = new Hono<AppEnv>().post("/webhooks/xero", async (c) => {
  const body = await c.req.text();
  if (!(await verifyXeroSignature(c.env.XERO_WEBHOOK_KEY, body, c.req.header("x-xero-signature"))))
    return c.body(null, 401);
  let json: unknown;
  try {
    json = JSON.parse(body || "{}");
  } catch {
    return c.body(null, 400);
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success || parsed.data.events.length === 0) return c.body(null, 200);
  const byTenant = new Map<string, { category: string; resourceId: string; key: string }[]>();
  for (const e of parsed.data.events) {
    const key = `${e.tenantId}:${e.eventCategory}:${e.eventType}:${e.resourceId}:${e.eventDateUtc}`;
    const list = byTenant.get(e.tenantId) ?? [];
    list.push({ category: e.eventCategory, resourceId: e.resourceId, key });
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
