// Xero webhooks: every ChangeEvent becomes an event in a signed POST to the configured URL.
// Body {events:[{resourceUrl, resourceId, eventDateUtc, eventType, eventCategory, tenantId,
// tenantType[, data]}], firstEventSequence, lastEventSequence, entropy}; categories CONTACT,
// INVOICE, CREDITNOTE (with `data {Type, Status}`, per xero-webhooks.yaml), PREPAYMENT and
// OVERPAYMENT. Header x-xero-signature = base64(HMAC-SHA256(raw body bytes, webhook key)): the
// body is encoded once and exactly those bytes are signed and sent. Events raised in the same
// tick share one payload.
// Delivery is async (never blocks the request that caused it) and retried on non-2xx.
// @see https://developer.xero.com/documentation/guides/webhooks/overview

import type { ChangeEvent } from "./state.ts";

/** The webhook key the local stack uses unless told otherwise. */
export const DEFAULT_WEBHOOK_KEY = "demo-webhook-key-0123456789";

/** base64(HMAC-SHA256(body bytes, key)): the x-xero-signature value; a string is signed as UTF-8. */
export async function sign(body: string | Uint8Array<ArrayBuffer>, key: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, bytes));
  let s = "";
  for (const b of mac) s += String.fromCharCode(b);
  return btoa(s);
}

/** Options for the sender (createEmulator's `webhook` option). */
export interface WebhookOptions {
  url?: string;
  key: string;
  /** Sends one request; defaults to the global fetch at call time. */
  deliver?: (req: Request) => Promise<Response>;
  enabled?: boolean;
  /** Real-time waits between attempts (default 50, 250, 1000 ms: four attempts in all). */
  retryDelaysMs?: number[];
  /**
   * Send on a timer right after the change (default true). False = only flushWebhooks() sends, so
   * delivery runs in the caller's context (useful in workerd, where I/O belongs to one request).
   */
  auto?: boolean;
}

/** One payload's delivery record. */
export interface WebhookDelivery {
  url: string;
  firstEventSequence: number;
  lastEventSequence: number;
  events: number;
  attempts: number;
  status?: number;
  error?: string;
  ok: boolean;
  body: string;
}

/** One intent-to-receive probe. */
export interface IntentProbe {
  signature: "valid" | "invalid";
  expectedStatus: 200 | 401;
  status?: number;
  error?: string;
  emptyBody: boolean;
  ms: number;
  ok: boolean;
}

/** The sender behind createEmulator: config is live (the control API edits it). */
export interface WebhookSender {
  config: { url?: string; key: string; enabled: boolean; retryDelaysMs: number[] };
  deliveries: WebhookDelivery[];
  onChange(e: ChangeEvent): void;
  /** Sends anything queued and waits for every delivery (retries included) to finish. */
  flush(): Promise<void>;
  /** Xero's intent-to-receive check: a correctly signed empty payload must get 200, a badly signed one 401. */
  intentToReceive(): Promise<{ ok: boolean; results: IntentProbe[] }>;
  reset(): void;
}

/** Where each category's record is read (the event's resourceUrl). */
const COLLECTION: Record<ChangeEvent["category"], string> = {
  INVOICE: "Invoices",
  CONTACT: "Contacts",
  CREDITNOTE: "CreditNotes",
  PREPAYMENT: "Prepayments",
  OVERPAYMENT: "Overpayments",
};

function entropy(): string {
  const a = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(a, (b) => String.fromCharCode(65 + (b % 26))).join("");
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the sender; `origin` is the public base used in resourceUrl. */
export function createWebhookSender(origin: string, opts: WebhookOptions): WebhookSender {
  const config = {
    url: opts.url,
    key: opts.key,
    enabled: opts.enabled ?? true,
    retryDelaysMs: opts.retryDelaysMs ?? [50, 250, 1000],
  };
  const deliver = opts.deliver ?? ((req: Request) => fetch(req));
  let queue: ChangeEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;
  const pending = new Set<Promise<void>>();
  const deliveries: WebhookDelivery[] = [];

  const post = async (url: string, body: Uint8Array<ArrayBuffer>, signature: string): Promise<Response> =>
    deliver(
      new Request(url, {
        method: "POST",
        headers: { "Content-Type": "application/json; charset=utf-8", "x-xero-signature": signature },
        body,
      }),
    );

  async function send(record: WebhookDelivery): Promise<void> {
    const bytes = new TextEncoder().encode(record.body);
    const signature = await sign(bytes, config.key);
    for (let attempt = 0; ; attempt++) {
      record.attempts = attempt + 1;
      try {
        const res = await post(record.url, bytes, signature);
        await res.body?.cancel();
        record.status = res.status;
        delete record.error;
        record.ok = res.status >= 200 && res.status < 300;
      } catch (err) {
        record.error = err instanceof Error ? err.message : String(err);
        record.ok = false;
      }
      const delay = config.retryDelaysMs[attempt];
      if (record.ok || delay === undefined) return;
      await wait(delay);
    }
  }

  function dispatch(): void {
    timer = undefined;
    const events = queue;
    queue = [];
    const url = config.url;
    if (!events.length || !url || !config.enabled) return;
    const first = sequence + 1;
    sequence += events.length;
    const body = JSON.stringify({
      events: events.map((e) => ({
        resourceUrl: `${origin}/api.xro/2.0/${COLLECTION[e.category]}/${e.resourceId}`,
        resourceId: e.resourceId,
        eventDateUtc: new Date(e.at).toISOString().slice(0, -1),
        eventType: e.type,
        eventCategory: e.category,
        tenantId: e.tenantId,
        tenantType: "ORGANISATION",
        ...(e.category === "CREDITNOTE" && e.data ? { data: e.data } : {}),
      })),
      firstEventSequence: first,
      lastEventSequence: sequence,
      entropy: entropy(),
    });
    const record: WebhookDelivery = {
      url,
      firstEventSequence: first,
      lastEventSequence: sequence,
      events: events.length,
      attempts: 0,
      ok: false,
      body,
    };
    deliveries.push(record);
    const p = send(record).finally(() => pending.delete(p));
    pending.add(p);
  }

  async function probe(url: string, valid: boolean): Promise<IntentProbe> {
    const body = JSON.stringify({
      events: [],
      firstEventSequence: 0,
      lastEventSequence: 0,
      entropy: entropy(),
    });
    const bytes = new TextEncoder().encode(body);
    const signature = await sign(bytes, valid ? config.key : `${config.key}-not-the-key`);
    const expectedStatus = valid ? 200 : 401;
    const started = Date.now();
    try {
      const res = await post(url, bytes, signature);
      const text = await res.text();
      const ms = Date.now() - started;
      const ok = res.status === expectedStatus && ms <= 5000;
      return {
        signature: valid ? "valid" : "invalid",
        expectedStatus,
        status: res.status,
        emptyBody: text === "",
        ms,
        ok,
      };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const ms = Date.now() - started;
      return {
        signature: valid ? "valid" : "invalid",
        expectedStatus,
        error,
        emptyBody: true,
        ms,
        ok: false,
      };
    }
  }

  return {
    config,
    deliveries,
    onChange(e) {
      if (!config.url || !config.enabled) return;
      queue.push(e);
      if (opts.auto ?? true) timer ??= setTimeout(dispatch, 0);
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      dispatch();
      while (pending.size) await Promise.allSettled([...pending]);
    },
    async intentToReceive() {
      const url = config.url;
      if (!url) throw new Error("No webhook url is configured.");
      const results = [await probe(url, true), await probe(url, false)];
      return { ok: results.every((r) => r.ok), results };
    },
    reset() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      queue = [];
      sequence = 0;
      deliveries.length = 0;
    },
  };
}
