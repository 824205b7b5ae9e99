import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import type { Sage50Batch, Sage50Customer, Sage50Invoice } from "../../shared/sage50-protocol.ts";
import { HOST, WORKER } from "./connect-helpers.ts";
import { bearer, embedToken } from "./tokens.ts";

/** Admin connects Sage 50: the key, shown once. */
export async function issueKey(tenant: string): Promise<string> {
  const res = await SELF.fetch(`${WORKER}/api/connection/start`, {
    method: "POST",
    headers: { ...bearer(await embedToken({ tenant })), Origin: HOST, "Content-Type": "application/json" },
    body: JSON.stringify({ provider: "sage50" }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { provider: string; connectorKey: string };
  expect(body.provider).toBe("sage50");
  return body.connectorKey;
}

/** A SALES_LEDGER row as the connector sends it. */
export const customer = (over: Partial<Sage50Customer> & { ref: string }): Sage50Customer => ({
  name: `Customer ${over.ref}`,
  balance: 0,
  limit: 500_000,
  onHold: false,
  inactive: false,
  deleted: false,
  modified: "2026-11-20T09:00:00",
  ...over,
});

/** An SI row as the connector sends it. */
export const invoice = (
  over: Partial<Sage50Invoice> & { tran: number; customer: string },
): Sage50Invoice => ({
  number: `AGG-${over.tran}`,
  date: "2026-11-01",
  due: "2026-12-31",
  gross: 100_000,
  outstanding: 100_000,
  paid: 0,
  paidFlag: false,
  deleted: false,
  modified: "2026-11-20T09:00:00",
  ...over,
});

let n = 0;
/** A one-batch cycle (full with `complete` listing what it carries, or a delta). */
export function batch(
  kind: "full" | "delta",
  customers: Sage50Customer[],
  invoices: Sage50Invoice[],
  over: Partial<Sage50Batch> = {},
): Sage50Batch {
  const cycleId = `20261201T1200${String(n++).padStart(2, "0")}-ab12cd34`;
  return {
    v: 1,
    batchId: `${cycleId}.1.${crypto.randomUUID()}`,
    cycleId,
    seq: 1,
    final: true,
    kind,
    company: { name: "Hartley Plumbing & Heating Ltd", currency: "GBP" },
    customers,
    invoices,
    ...(kind === "full"
      ? { complete: { customerRefs: customers.map((c) => c.ref), invoiceTrans: invoices.map((i) => i.tran) } }
      : {}),
    sentAt: "2026-12-01T12:00:03.000Z",
    ...over,
  };
}

/** POSTs a batch like the connector: gzip when asked. */
export async function post(key: string, body: unknown, gzip = false): Promise<Response> {
  const json = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = { ...bearer(key), "Content-Type": "application/json" };
  let payload: BodyInit = json;
  if (gzip) {
    headers["Content-Encoding"] = "gzip";
    payload = await new Response(
      new Blob([json]).stream().pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer();
  }
  return SELF.fetch(`${WORKER}/connector/sage50/batches`, { method: "POST", headers, body: payload });
}
