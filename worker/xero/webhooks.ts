// Xero's side of `POST /webhooks/xero`: read at most 1 MB (413 beyond), verify the signature
// over the raw bytes (401 when wrong — also Xero's intent-to-receive check), parse, and group
// the events by Xero tenantId (orgRef) with their dedupe keys. A correctly signed body the worker
// cannot read is still a 200 (with a note for the log): Xero retries failures for 24 h and then
// disables the webhook, and a retry of the same bytes would fail the same way; the scheduled sync
// catches up. @see https://developer.xero.com/documentation/guides/webhooks/overview

import type { WebhookDelivery, WebhookItem, WebhookReceiver } from "../provider/capabilities.ts";
import { MAX_WEBHOOK_BYTES, parseDelivery, readCapped, verifyXeroSignature } from "./webhook-payload.ts";

/** The receiver for deliveries signed with `key` (XERO_WEBHOOK_KEY). */
export function xeroWebhooks(key: string): WebhookReceiver {
  return {
    async receive(body, header): Promise<WebhookDelivery> {
      if (Number(header("content-length") ?? "0") > MAX_WEBHOOK_BYTES) return { status: 413 };
      const bytes = await readCapped(body, MAX_WEBHOOK_BYTES);
      if (!bytes) return { status: 413 };
      if (!(await verifyXeroSignature(key, bytes, header("x-xero-signature")))) return { status: 401 };
      const parsed = parseDelivery(bytes);
      const byOrg = new Map<string, WebhookItem[]>();
      if (!parsed.ok)
        return {
          status: 200,
          byOrg,
          notes: [{ event: "xero_webhook_unreadable", reason: parsed.reason, bytes: bytes.byteLength }],
        };
      const notes =
        parsed.dropped > 0
          ? [
              {
                event: "xero_webhook_events_dropped",
                reason: "resourceId is not a GUID",
                count: parsed.dropped,
              },
            ]
          : [];
      for (const e of parsed.events) {
        const list = byOrg.get(e.tenantId) ?? [];
        list.push({
          key: `${e.tenantId}:${e.category}:${e.type}:${e.resourceId}:${e.eventDateUtc}`,
          category: e.category,
          resourceId: e.resourceId,
          ...(e.creditType ? { creditType: e.creditType } : {}),
        });
        byOrg.set(e.tenantId, list);
      }
      return { status: 200, byOrg, notes };
    },
  };
}
