// Xero webhook deliveries once their signature is checked (over the raw bytes, in
// provider/webhook-intake.ts): decode (strict UTF-8) and parse. Decoding only after the check
// matters: a body with a BOM or invalid UTF-8 decodes to text whose bytes differ from what Xero
// signed, so a check over decoded text would verify something Xero never sent.
// @see https://developer.xero.com/documentation/guides/webhooks/overview

import * as z from "zod";

/** Largest delivery accepted (Xero's are a few KB; anything near this is not from Xero). */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;
/** Most events one delivery may carry; more is treated as unreadable. */
export const MAX_WEBHOOK_EVENTS = 500;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const Payload = z.object({
  events: z
    .array(
      z.object({
        resourceId: z.string(),
        eventDateUtc: z.string(),
        eventType: z.string(),
        eventCategory: z.string(),
        tenantId: z.string(),
        data: z.looseObject({ Type: z.string().optional() }).optional(),
      }),
    )
    .max(MAX_WEBHOOK_EVENTS),
});

/** One event as the worker uses it: who, what, which record, and (credit notes) the note's Type. */
export interface XeroWebhookEvent {
  tenantId: string;
  category: string;
  type: string;
  resourceId: string;
  eventDateUtc: string;
  /** CREDITNOTE events: ACCRECCREDIT (customer) or ACCPAYCREDIT (supplier). */
  creditType?: string;
}

/** A readable, signed delivery's events (non-GUID resourceIds dropped and counted), or why it is unreadable. */
export type ParsedDelivery =
  | { ok: true; events: XeroWebhookEvent[]; dropped: number }
  | { ok: false; reason: string };

/** Decodes (strict UTF-8; a leading BOM is dropped) and parses a delivery whose signature was verified. */
export function parseDelivery(bytes: Uint8Array): ParsedDelivery {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, reason: "body is not valid UTF-8" };
  }
  let json: unknown;
  try {
    json = JSON.parse(text || "{}");
  } catch {
    return { ok: false, reason: "body is not JSON" };
  }
  if (Array.isArray((json as { events?: unknown } | null)?.events)) {
    const n = (json as { events: unknown[] }).events.length;
    if (n > MAX_WEBHOOK_EVENTS) return { ok: false, reason: `${n} events (at most ${MAX_WEBHOOK_EVENTS})` };
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join(".") || "body").slice(0, 3);
    return { ok: false, reason: `not a Xero webhook payload (${where.join(", ")})` };
  }
  const events: XeroWebhookEvent[] = [];
  let dropped = 0;
  for (const e of parsed.data.events) {
    if (!GUID.test(e.resourceId)) {
      dropped++;
      continue;
    }
    events.push({
      tenantId: e.tenantId,
      category: e.eventCategory,
      type: e.eventType,
      resourceId: e.resourceId.toLowerCase(),
      eventDateUtc: e.eventDateUtc,
      ...(e.data?.Type ? { creditType: e.data.Type } : {}),
    });
  }
  return { ok: true, events, dropped };
}
