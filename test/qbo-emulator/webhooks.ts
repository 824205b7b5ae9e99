// Intuit webhooks: every ChangeEvent is POSTed, signed, to the configured endpoint, in one of the
// two payload formats (the control API picks which):
//   legacy       {"eventNotifications":[{"realmId","dataChangeEvent":{"entities":[{name, id,
//                operation, lastUpdated[, deletedID]}]}}]}
//   cloudevents  a JSON array of {specversion:"1.0", id, source, type:"qbo.<entity>.<verb>.v1",
//                datacontenttype, time, intuitentityid, intuitaccountid (= realmId), data}; one POST
//                may mix realms. The void/merge type names and `source` are UNVERIFIED.
// Header intuit-signature = base64(HMAC-SHA256(raw body bytes, verifier token)): the body is
// encoded once and exactly those bytes are signed and sent. Events raised in the same tick share a
// POST. The receiver must answer 2xx within 3 s, else the POST is retried (Intuit: 10 s, 20 s,
// 30 s, 5 min, 20 min, 2 h, 4 h, 6 h…; here real-time delays, short by default).
// @see https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks

import { sign } from "../emulator/webhooks.ts";
import { webhookDateTime } from "./format.ts";
import type { ChangeEvent } from "./state.ts";

export { sign } from "../emulator/webhooks.ts";

/** The verifier token the local stack uses unless told otherwise. */
export const DEFAULT_VERIFIER = "demo-qbo-verifier-token-0123456789";
/** Intuit's documented retry schedule (for reference and for a test that wants it). */
export const INTUIT_RETRY_SCHEDULE_MS = [10, 20, 30, 300, 1200, 7200, 14400, 21600].map((s) => s * 1000);

/** Payload format. */
export type WebhookFormat = "legacy" | "cloudevents";

/** Sender options (createQboEmulator's `webhook`). */
export interface QboWebhookOptions {
  url?: string;
  verifier: string;
  format?: WebhookFormat;
  enabled?: boolean;
  deliver?: (req: Request) => Promise<Response>;
  /** Real-time waits between attempts (default 50, 250, 1000 ms). */
  retryDelaysMs?: number[];
  /** A receiver slower than this fails the attempt (default 3000 ms, Intuit's limit). */
  timeoutMs?: number;
  /** Send on a timer (default true); false = only flush() sends (workerd). */
  auto?: boolean;
}

/** One POST's record. */
export interface QboWebhookDelivery {
  url: string;
  format: WebhookFormat;
  events: number;
  attempts: number;
  status?: number;
  error?: string;
  ok: boolean;
  body: string;
  signature: string;
}

/** The sender; config is live (the control API edits it). */
export interface QboWebhookSender {
  config: {
    url?: string;
    verifier: string;
    format: WebhookFormat;
    enabled: boolean;
    retryDelaysMs: number[];
    timeoutMs: number;
  };
  deliveries: QboWebhookDelivery[];
  onChange(e: ChangeEvent): void;
  flush(): Promise<void>;
  reset(): void;
}

const VERB: Record<ChangeEvent["operation"], string> = {
  Create: "created",
  Update: "updated",
  Delete: "deleted",
  Void: "voided",
  Merge: "merged",
};

/** The body for `events` in `format`. */
export function webhookPayload(events: ChangeEvent[], format: WebhookFormat): unknown {
  if (format === "cloudevents") {
    return events.map((e) => ({
      specversion: "1.0",
      id: crypto.randomUUID(),
      source: "//quickbooks.api.intuit.com",
      type: `qbo.${e.entity.toLowerCase()}.${VERB[e.operation]}.v1`,
      datacontenttype: "application/json",
      time: new Date(e.at).toISOString(),
      intuitentityid: e.id,
      intuitaccountid: e.realmId,
      // Intuit's documented merge payload: `"data": {"deletedid": "27"}` (lower case).
      data: e.deletedId ? { deletedid: e.deletedId } : {},
    }));
  }
  const realms = [...new Set(events.map((e) => e.realmId))];
  return {
    eventNotifications: realms.map((realmId) => ({
      realmId,
      dataChangeEvent: {
        entities: events
          .filter((e) => e.realmId === realmId)
          .map((e) => ({
            name: e.entity,
            id: e.id,
            operation: e.operation,
            lastUpdated: webhookDateTime(e.at),
            ...(e.deletedId ? { deletedID: e.deletedId } : {}),
          })),
      },
    })),
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the sender. */
export function createQboWebhookSender(opts: QboWebhookOptions): QboWebhookSender {
  const config = {
    url: opts.url,
    verifier: opts.verifier,
    format: opts.format ?? "cloudevents",
    enabled: opts.enabled ?? true,
    retryDelaysMs: opts.retryDelaysMs ?? [50, 250, 1000],
    timeoutMs: opts.timeoutMs ?? 3000,
  };
  const deliver = opts.deliver ?? ((req: Request) => fetch(req));
  const auto = opts.auto ?? true;
  let queue: ChangeEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Set<Promise<void>>();
  const deliveries: QboWebhookDelivery[] = [];

  const attempt = async (url: string, bytes: Uint8Array<ArrayBuffer>, signature: string) => {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), config.timeoutMs);
    try {
      return await deliver(
        new Request(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", "intuit-signature": signature },
          body: bytes,
          signal: ctl.signal,
        }),
      );
    } finally {
      clearTimeout(t);
    }
  };

  const send = async (events: ChangeEvent[]) => {
    const url = config.url;
    if (!url || !config.enabled || !events.length) return;
    const body = JSON.stringify(webhookPayload(events, config.format));
    const bytes = new TextEncoder().encode(body) as Uint8Array<ArrayBuffer>;
    const signature = await sign(bytes, config.verifier);
    const rec: QboWebhookDelivery = {
      url,
      format: config.format,
      events: events.length,
      attempts: 0,
      ok: false,
      body,
      signature,
    };
    deliveries.push(rec);
    for (let i = 0; i <= config.retryDelaysMs.length; i++) {
      if (i > 0) await wait(config.retryDelaysMs[i - 1] ?? 0);
      rec.attempts++;
      try {
        const res = await attempt(url, bytes, signature);
        await res.body?.cancel();
        rec.status = res.status;
        delete rec.error;
        if (res.ok) {
          rec.ok = true;
          return;
        }
      } catch (e) {
        rec.error = e instanceof Error ? e.message : String(e);
      }
    }
  };

  const drain = () => {
    timer = undefined;
    const batch = queue;
    queue = [];
    const p = send(batch).finally(() => pending.delete(p));
    pending.add(p);
  };

  return {
    config,
    deliveries,
    onChange(e) {
      queue.push(e);
      if (auto && !timer) timer = setTimeout(drain, 0);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      if (queue.length) drain();
      while (pending.size) await Promise.all([...pending]);
    },
    reset() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      queue = [];
      deliveries.length = 0;
    },
  };
}
