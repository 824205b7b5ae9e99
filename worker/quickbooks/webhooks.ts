// QuickBooks' side of `POST /webhooks/quickbooks`: read at most 1 MB (413 beyond), verify
// `intuit-signature` = base64(HMAC-SHA256(raw bytes, QBO_WEBHOOK_VERIFIER)) over exactly the bytes
// received (constant-time: WebCrypto's verify), then parse either payload Intuit sends: the legacy
// `{"eventNotifications":[{realmId, dataChangeEvent:{entities:[…]}}]}` or the CloudEvents array
// (`intuitaccountid` = realmId; one delivery may mix companies). Events are grouped by realmId
// with dedupe keys stable across Intuit's redeliveries; the route answers at once (Intuit wants
// a 200 within 3 s) and realms no tenant has are ignored there. A signed body that cannot be read
// is still a 200 with a note: a retry of the same bytes would fail the same way.
// @see ../../shared/QBO-FACTS.md "Webhooks"

import * as z from "zod";
import { verifyBase64Signature } from "../hmac.ts";
import type { WebhookReceiver } from "../provider/capabilities.ts";
import { receiveSigned } from "../provider/webhook-intake.ts";

/** Largest delivery accepted (Intuit's are a few KB). */
export const MAX_QBO_WEBHOOK_BYTES = 1024 * 1024;
/** Most events one delivery may carry; more is treated as unreadable. */
export const MAX_QBO_WEBHOOK_EVENTS = 1000;

/** One change as a tenant receives it. */
export interface QboEvent {
  realmId: string;
  /** Intuit's entity name: Customer, Invoice, Payment, … */
  entity: string;
  /** Create, Update, Delete, Void, Merge, Emailed (legacy words; CloudEvents verbs are mapped to them). */
  operation: string;
  id: string;
  time: string;
  /** Merge: the record merged away. */
  deletedId?: string;
}

const Legacy = z.object({
  eventNotifications: z
    .array(
      z.looseObject({
        realmId: z.string(),
        dataChangeEvent: z
          .looseObject({
            entities: z
              .array(
                z.looseObject({
                  name: z.string(),
                  id: z.string(),
                  operation: z.string(),
                  lastUpdated: z.string().default(""),
                  deletedID: z.string().optional(),
                }),
              )
              .default([]),
          })
          .optional(),
      }),
    )
    .default([]),
});

const Cloud = z.array(
  z.looseObject({
    id: z.string(),
    type: z.string(),
    time: z.string().default(""),
    intuitentityid: z.string(),
    intuitaccountid: z.string(),
    // Intuit's documented merge example spells it `deletedid`; `deletedId` is read too.
    data: z.looseObject({ deletedid: z.string().optional(), deletedId: z.string().optional() }).nullish(),
  }),
);

/** CloudEvents verbs → the legacy operation words (`merged`: Intuit's data-objects page; `voided` is UNVERIFIED). */
const VERBS: Record<string, string> = {
  created: "Create",
  updated: "Update",
  deleted: "Delete",
  voided: "Void",
  merged: "Merge",
  emailed: "Emailed",
};

const ENTITY_NAMES: Record<string, string> = {
  customer: "Customer",
  invoice: "Invoice",
  payment: "Payment",
  account: "Account",
  creditmemo: "CreditMemo",
};

/** Parses a verified delivery in either format, or says why it cannot. */
export function parseQboDelivery(
  bytes: Uint8Array,
): { ok: true; events: QboEvent[] } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes) || "null");
  } catch {
    return { ok: false, reason: "body is not UTF-8 JSON" };
  }
  const events: QboEvent[] = [];
  if (Array.isArray(json)) {
    const parsed = Cloud.safeParse(json);
    if (!parsed.success) return { ok: false, reason: "not a CloudEvents array of QuickBooks events" };
    for (const e of parsed.data) {
      // qbo.<entity>.<verb>.v1
      const [, entity = "", verb = ""] = e.type.split(".");
      const deletedId = e.data?.deletedid ?? e.data?.deletedId;
      events.push({
        realmId: e.intuitaccountid,
        entity: ENTITY_NAMES[entity.toLowerCase()] ?? entity,
        operation: VERBS[verb.toLowerCase()] ?? verb,
        id: e.intuitentityid,
        time: e.time,
        ...(deletedId ? { deletedId } : {}),
      });
    }
  } else {
    const parsed = Legacy.safeParse(json);
    if (!parsed.success || !(json as { eventNotifications?: unknown })?.eventNotifications)
      return { ok: false, reason: "not a QuickBooks eventNotifications payload" };
    for (const n of parsed.data.eventNotifications)
      for (const e of n.dataChangeEvent?.entities ?? [])
        events.push({
          realmId: n.realmId,
          entity: e.name,
          operation: e.operation,
          id: e.id,
          time: e.lastUpdated,
          ...(e.deletedID ? { deletedId: e.deletedID } : {}),
        });
  }
  if (events.length > MAX_QBO_WEBHOOK_EVENTS)
    return { ok: false, reason: `${events.length} events (at most ${MAX_QBO_WEBHOOK_EVENTS})` };
  return { ok: true, events };
}

/** The receiver for deliveries signed with `verifier` (QBO_WEBHOOK_VERIFIER). */
export function qboWebhooks(verifier: string): WebhookReceiver {
  return {
    receive: (body, header) =>
      receiveSigned<QboEvent>(body, header, {
        maxBytes: MAX_QBO_WEBHOOK_BYTES,
        verify: (bytes, h) => verifyBase64Signature(verifier, bytes, h("intuit-signature")),
        parse: parseQboDelivery,
        unreadableNote: "qbo_webhook_unreadable",
        org: (e) => e.realmId,
        item: (e) => ({
          key: `${e.realmId}:${e.entity}:${e.operation}:${e.id}:${e.time}`,
          entity: e.entity,
          operation: e.operation,
          resourceId: e.id,
          ...(e.deletedId ? { deletedId: e.deletedId } : {}),
        }),
      }),
  };
}
