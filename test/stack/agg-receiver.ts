// A stand-in for AGG SMART's webhook receiver: records every event with its arrival time and
// whether its Agg-Signature verified against the tenant's signing secret. Loopback only.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../../worker/payments/signing.ts";

/** One delivery as the receiver saw it. */
export interface Received {
  type: string;
  job: string;
  id: string;
  signatureOk: boolean;
  at: number;
}

/** A running receiver; set `secret` once the tenant's signing secret is known. */
export interface AggReceiver {
  url: string;
  events: Received[];
  secret: string;
  close(): Promise<void>;
}

/** Starts the receiver on a free loopback port (path `/agg-hooks`). */
export async function startAggReceiver(): Promise<AggReceiver> {
  const events: Received[] = [];
  const receiver: AggReceiver = { url: "", events, secret: "", close: async () => {} };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", async () => {
      const at = performance.now();
      const signature = String(req.headers["agg-signature"] ?? "");
      const signatureOk = await verifySignature(
        receiver.secret,
        signature,
        body,
        Math.floor(Date.now() / 1000),
      );
      const e = JSON.parse(body) as { type: string; job: string; id: string };
      events.push({ type: e.type, job: e.job, id: e.id, signatureOk, at });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agg-hooks`;
  receiver.close = () => new Promise<void>((r) => server.close(() => r()));
  return receiver;
}
