// The front every cloud provider's WebhookReceiver shares: refuse a body over the cap before
// reading it (413), read it as bytes without ever buffering more than the cap, check the
// provider's signature over exactly those bytes (401), and only then parse and group the events by
// organisation. Signing the bytes matters: a body with a BOM or invalid UTF-8 decodes to text
// whose bytes differ from what was signed. A signed body that cannot be read is still a 200 (with
// a note for the log): a retry of the same bytes would fail the same way, and the poll catches up.

import type { WebhookDelivery, WebhookItem } from "./capabilities.ts";

/**
 * Reads a request body as bytes, stopping as soon as it exceeds `max` (null then), so a huge or
 * endless body is never buffered whole.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  max: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** A verified delivery's events (with notes for the log), or why it cannot be read. */
export type Parsed<E> =
  | { ok: true; events: E[]; notes?: Record<string, unknown>[] }
  | { ok: false; reason: string };

/** What one provider's deliveries are: their cap, signature, format and grouping. */
export interface SignedDeliveries<E> {
  maxBytes: number;
  /** Checks the signature over the raw bytes (the headers are the request's). */
  verify(bytes: Uint8Array<ArrayBuffer>, header: (name: string) => string | undefined): Promise<boolean>;
  parse(bytes: Uint8Array<ArrayBuffer>): Parsed<E>;
  /** The log note's `event` when a signed body cannot be read. */
  unreadableNote: string;
  /** The organisation an event concerns (the provider's orgRef). */
  org(e: E): string;
  /** The event as the tenant's WebhookApplier takes it, with its dedupe key. */
  item(e: E): WebhookItem;
}

/** Reads, verifies, parses and groups one delivery as `spec` describes (see the file comment). */
export async function receiveSigned<E>(
  body: ReadableStream<Uint8Array> | null,
  header: (name: string) => string | undefined,
  spec: SignedDeliveries<E>,
): Promise<WebhookDelivery> {
  if (Number(header("content-length") ?? "0") > spec.maxBytes) return { status: 413 };
  const bytes = await readCapped(body, spec.maxBytes);
  if (!bytes) return { status: 413 };
  if (!(await spec.verify(bytes, header))) return { status: 401 };
  const parsed = spec.parse(bytes);
  const byOrg = new Map<string, WebhookItem[]>();
  if (!parsed.ok)
    return {
      status: 200,
      byOrg,
      notes: [{ event: spec.unreadableNote, reason: parsed.reason, bytes: bytes.byteLength }],
    };
  for (const e of parsed.events) {
    const org = spec.org(e);
    const list = byOrg.get(org) ?? [];
    list.push(spec.item(e));
    byOrg.set(org, list);
  }
  return { status: 200, byOrg, notes: parsed.notes ?? [] };
}
