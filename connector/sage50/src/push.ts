// The HTTP side: POSTs batches to the worker (gzip above 1 KB), retries what may heal (network,
// 5xx, 429) with backoff, and maps the rest to exit codes. fetch and sleep are injected.
import { gzipSync } from "node:zlib";
import {
  SAGE50_BATCHES_PATH,
  SAGE50_CHECK_PATH,
  type Sage50Batch,
  Sage50BatchAck,
  Sage50CheckAnswer,
} from "../../../shared/sage50-protocol.ts";
import { ConnectorError, EXIT, oneLine } from "./errors.ts";

/** Bodies above this are gzipped (Content-Encoding: gzip); smaller ones are not worth it. */
export const GZIP_ABOVE = 1024;

/** How a pusher reaches the worker. */
export interface PushOptions {
  worker: string;
  key: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per request (default 4: waits 1 s, 4 s, 16 s between them). */
  attempts?: number;
  timeoutMs?: number;
}

/** What one delivered batch cost. */
export interface Delivery {
  duplicate: boolean;
  /** Bytes on the wire (the body as sent, gzipped or not). */
  bytes: number;
  /** The JSON body's size before compression. */
  jsonBytes: number;
}

/** Sends batches and checks the key. */
export interface Pusher {
  send(batch: Sage50Batch): Promise<Delivery>;
  check(): Promise<Sage50CheckAnswer>;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const msg = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
    if (msg) return oneLine(msg);
  } catch {}
  return oneLine(text.slice(0, 200)) || res.statusText;
}

/** A pusher for one worker URL and key. */
export function createPusher(opts: PushOptions): Pusher {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? sleepReal;
  const attempts = opts.attempts ?? 4;
  const base = opts.worker.replace(/\/+$/, "");

  async function request(path: string, init: RequestInit): Promise<Response> {
    const url = `${base}${path}`;
    let last = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(1000 * 4 ** (attempt - 2));
      let res: Response;
      try {
        res = await doFetch(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${opts.key}` },
          signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
        });
      } catch (err) {
        const cause = (err as { cause?: unknown }).cause;
        last = oneLine(cause ?? err);
        continue;
      }
      if (res.status === 401 || res.status === 403)
        throw new ConnectorError(
          EXIT.key,
          `The worker refused the connector key (${res.status}): copy the current key from AGG SMART Admin → Accounts (a new key replaces the old one).`,
        );
      if (res.status >= 500 || res.status === 429) {
        last = `${res.status} ${await errorText(res)}`;
        continue;
      }
      if (res.status === 404)
        throw new ConnectorError(
          EXIT.unreachable,
          `${url} answered 404: check --worker (the AGG SMART Accounts Connect worker URL).`,
        );
      if (!res.ok)
        throw new ConnectorError(
          EXIT.rejected,
          `The worker rejected the batch (${res.status}): ${await errorText(res)}`,
        );
      return res;
    }
    throw new ConnectorError(
      EXIT.unreachable,
      `Worker unreachable at ${base} after ${attempts} attempts (${last}).`,
    );
  }

  async function parse<T>(res: Response, schema: { safeParse(v: unknown): { success: boolean; data?: T } }) {
    const body = await res.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success || parsed.data === undefined)
      throw new ConnectorError(
        EXIT.unreachable,
        `${base} did not answer like the AGG SMART worker: check --worker.`,
      );
    return parsed.data;
  }

  return {
    async send(batch) {
      const json = Buffer.from(JSON.stringify(batch));
      const gzip = json.length > GZIP_ABOVE;
      const body = gzip ? gzipSync(json) : json;
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (gzip) headers["Content-Encoding"] = "gzip";
      const res = await request(SAGE50_BATCHES_PATH, { method: "POST", headers, body });
      const ack = await parse(res, Sage50BatchAck);
      if (!ack.accepted && !ack.duplicate)
        throw new ConnectorError(EXIT.rejected, `The worker did not accept batch ${batch.batchId}.`);
      return { duplicate: ack.duplicate, bytes: body.length, jsonBytes: json.length };
    },
    async check() {
      return parse(await request(SAGE50_CHECK_PATH, { method: "GET" }), Sage50CheckAnswer);
    },
  };
}
