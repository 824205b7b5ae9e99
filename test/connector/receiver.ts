// A stand-in for the worker's PushIngest endpoint, strict about the protocol: Bearer key, gzip,
// size cap, the shared zod schema, dedupe by batchId, and "missing from a full snapshot's
// complete list ⇒ deleted". It counts how often each record version was applied, so tests can
// prove nothing was lost or applied twice. Loopback only.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import {
  SAGE50_BATCHES_PATH,
  SAGE50_CHECK_PATH,
  SAGE50_MAX_BODY_BYTES,
  Sage50Batch,
  type Sage50Customer,
  type Sage50Invoice,
} from "../../shared/sage50-protocol.ts";

/** What the receiver does with the next requests. */
export type ReceiverMode =
  | "ok"
  /** 503 to everything. */
  | "down"
  /** Apply the batch, then never answer (the test kills the connector meanwhile). */
  | "apply-then-hang";

/** A running receiver and everything it saw. */
export interface Receiver {
  url: string;
  key: string;
  mode: ReceiverMode;
  company: { name: string; currency: string } | null;
  customers: Map<string, Sage50Customer & { gone?: boolean }>;
  invoices: Map<number, Sage50Invoice & { gone?: boolean }>;
  /** batchIds applied, in order. */
  applied: string[];
  duplicates: number;
  /** How often each "c:ref@modified" / "i:tran@modified" was applied. */
  applyCount: Map<string, number>;
  /** Wire bytes of each POST body (as received, i.e. gzipped when gzipped). */
  requestBytes: number[];
  onApplied?: (batch: Sage50Batch) => void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const error = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/** Starts a receiver accepting `key`. */
export async function startReceiver(key = "sage-test-key"): Promise<Receiver> {
  const rx: Receiver = {
    url: "",
    key,
    mode: "ok",
    company: null,
    customers: new Map(),
    invoices: new Map(),
    applied: [],
    duplicates: 0,
    applyCount: new Map(),
    requestBytes: [],
    close: async () => {},
  };
  const seen = new Set<string>();
  const apply = (b: Sage50Batch) => {
    rx.company = b.company;
    for (const c of b.customers) {
      rx.customers.set(c.ref, c);
      const k = `c:${c.ref}@${c.modified}`;
      rx.applyCount.set(k, (rx.applyCount.get(k) ?? 0) + 1);
    }
    for (const i of b.invoices) {
      rx.invoices.set(i.tran, i);
      const k = `i:${i.tran}@${i.modified}`;
      rx.applyCount.set(k, (rx.applyCount.get(k) ?? 0) + 1);
    }
    if (b.complete) {
      const refs = new Set(b.complete.customerRefs);
      const trans = new Set(b.complete.invoiceTrans);
      for (const [ref, c] of rx.customers) if (!refs.has(ref)) rx.customers.set(ref, { ...c, gone: true });
      for (const [t, i] of rx.invoices) if (!trans.has(t)) rx.invoices.set(t, { ...i, gone: true });
    }
    seen.add(b.batchId);
    rx.applied.push(b.batchId);
    rx.onApplied?.(b);
  };

  const server = createServer(async (req, res) => {
    const send = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    };
    const raw = await readBody(req);
    if (rx.mode === "down") return send(503, error("upstream_error", "worker is restarting"));
    if (req.headers.authorization !== `Bearer ${rx.key}`)
      return send(401, error("unauthorized", "unknown connector key"));
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "GET" && path === SAGE50_CHECK_PATH)
      return send(200, JSON.stringify({ ok: true, tenant: "t-sage" }));
    if (req.method !== "POST" || path !== SAGE50_BATCHES_PATH)
      return send(404, error("not_found", "no such route"));
    rx.requestBytes.push(raw.length);
    let body: Buffer;
    try {
      body =
        req.headers["content-encoding"] === "gzip"
          ? gunzipSync(raw, { maxOutputLength: SAGE50_MAX_BODY_BYTES })
          : raw;
    } catch {
      return send(413, error("bad_request", "body too large or not gzip"));
    }
    if (body.length > SAGE50_MAX_BODY_BYTES) return send(413, error("bad_request", "body too large"));
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      return send(400, error("bad_request", "body is not JSON"));
    }
    const parsed = Sage50Batch.safeParse(json);
    if (!parsed.success) return send(400, error("validation_failed", parsed.error.message.slice(0, 500)));
    const batch = parsed.data;
    if (seen.has(batch.batchId)) {
      rx.duplicates++;
      return send(200, JSON.stringify({ accepted: true, duplicate: true }));
    }
    apply(batch);
    if (rx.mode === "apply-then-hang") return; // the answer never comes
    send(200, JSON.stringify({ accepted: true, duplicate: false }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  rx.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rx.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return rx;
}
