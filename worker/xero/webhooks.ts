// Xero's side of `POST /webhooks/xero` (the shared front is provider/webhook-intake.ts): at most
// 1 MB (413 beyond), `x-xero-signature` over the raw bytes (401 when wrong — also Xero's
// intent-to-receive check), events grouped by Xero tenantId (orgRef) with their dedupe keys. A
// correctly signed body the worker cannot read is still a 200 (with a note for the log): Xero
// retries failures for 24 h and then disables the webhook; the scheduled sync catches up.
// @see https://developer.xero.com/documentation/guides/webhooks/overview

import { verifyBase64Signature } from "../hmac.ts";
import type { WebhookReceiver } from "../provider/capabilities.ts";
import { receiveSigned } from "../provider/webhook-intake.ts";
import { MAX_WEBHOOK_BYTES, parseDelivery, type XeroWebhookEvent } from "./webhook-payload.ts";

/** The receiver for deliveries signed with `key` (XERO_WEBHOOK_KEY). */
export function xeroWebhooks(key: string): WebhookReceiver {
  return {
    receive: (body, header) =>
      receiveSigned<XeroWebhookEvent>(body, header, {
        maxBytes: MAX_WEBHOOK_BYTES,
        verify: (bytes, h) => verifyBase64Signature(key, bytes, h("x-xero-signature")),
        parse: (bytes) => {
          const parsed = parseDelivery(bytes);
          if (!parsed.ok || parsed.dropped === 0) return parsed;
          const dropped = { event: "xero_webhook_events_dropped", reason: "resourceId is not a GUID" };
          return { ...parsed, notes: [{ ...dropped, count: parsed.dropped }] };
        },
        unreadableNote: "xero_webhook_unreadable",
        org: (e) => e.tenantId,
        item: (e) => ({
          key: `${e.tenantId}:${e.category}:${e.type}:${e.resourceId}:${e.eventDateUtc}`,
          category: e.category,
          resourceId: e.resourceId,
          ...(e.creditType ? { creditType: e.creditType } : {}),
        }),
      }),
  };
}
