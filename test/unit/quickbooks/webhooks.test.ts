// QuickBooks webhooks: intuit-signature over the raw bytes, both payload formats (a CloudEvents
// POST may mix companies), size cap, dedupe keys; and the applier's re-reads (a payment is
// followed to its invoices and customer) against the QBO emulator.

import { describe, expect, it } from "vitest";
import type { WebhookItem } from "../../../worker/provider/capabilities.ts";
import { qboCall } from "../../../worker/quickbooks/api.ts";
import { applyQboEvents } from "../../../worker/quickbooks/events.ts";
import { MAX_QBO_WEBHOOK_BYTES, qboWebhooks } from "../../../worker/quickbooks/webhooks.ts";
import { DEMO_REALM_ID, sign, webhookPayload } from "../../qbo-emulator/index.ts";
import { connected } from "./helpers.ts";

const VERIFIER = "test-qbo-verifier";
const OTHER_REALM = "9341453172640999";
const at = Date.parse("2026-03-01T10:00:00Z");
const events = [
  { realmId: DEMO_REALM_ID, entity: "Invoice" as const, operation: "Update" as const, id: "130", at },
  {
    realmId: OTHER_REALM,
    entity: "Customer" as const,
    operation: "Merge" as const,
    id: "5",
    deletedId: "9",
    at,
  },
];

const stream = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]).stream();

async function deliver(body: unknown, opts: { signature?: string; verifier?: string; length?: string } = {}) {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  const signature = opts.signature ?? (await sign(bytes, VERIFIER));
  const headers: Record<string, string> = { "intuit-signature": signature };
  if (opts.length) headers["content-length"] = opts.length;
  return qboWebhooks(opts.verifier ?? VERIFIER).receive(stream(bytes), (n) => headers[n]);
}

describe("QuickBooks webhook receiver", () => {
  it.each(["legacy", "cloudevents"] as const)(
    "%s: verified and grouped by realm with the same items",
    async (format) => {
      const d = await deliver(webhookPayload(events, format));
      if (d.status !== 200) throw new Error(`status ${d.status}`);
      expect([...d.byOrg.keys()].sort()).toEqual([DEMO_REALM_ID, OTHER_REALM].sort());
      expect(d.byOrg.get(DEMO_REALM_ID)).toEqual([
        expect.objectContaining({ entity: "Invoice", operation: "Update", resourceId: "130" }),
      ]);
      expect(d.byOrg.get(OTHER_REALM)?.[0]).toMatchObject({
        entity: "Customer",
        operation: "Merge",
        deletedId: "9",
      });
    },
  );

  it("Intuit's documented CloudEvents merge (data.deletedid, lower case) names the record merged away", async () => {
    // developer.intuit.com …/develop/webhooks/data-objects, "Customer merged".
    const d = await deliver([
      {
        specversion: "1.0",
        id: "00000000-0000-0000-0000-000000000000-Customer-123",
        source: "intuit.0000",
        type: "qbo.customer.merged.v1",
        datacontenttype: "application/json",
        time: "2025-12-04T15:25:05Z",
        intuitentityid: "123",
        intuitaccountid: DEMO_REALM_ID,
        data: { deletedid: "27" },
      },
    ]);
    if (d.status !== 200) throw new Error(`status ${d.status}`);
    expect(d.byOrg.get(DEMO_REALM_ID)?.[0]).toMatchObject({
      entity: "Customer",
      operation: "Merge",
      resourceId: "123",
      deletedId: "27",
    });
  });

  it("the same event delivered again has the same dedupe key", async () => {
    const body = webhookPayload(events, "cloudevents");
    const a = await deliver(body);
    const b = await deliver(body);
    if (a.status !== 200 || b.status !== 200) throw new Error("not 200");
    expect(a.byOrg.get(DEMO_REALM_ID)?.[0]?.key).toBe(b.byOrg.get(DEMO_REALM_ID)?.[0]?.key);
  });

  it("a wrong, missing or other-key signature → 401; a changed byte → 401", async () => {
    expect((await deliver(webhookPayload(events, "legacy"), { signature: "AAAA" })).status).toBe(401);
    expect((await deliver(webhookPayload(events, "legacy"), { verifier: "other" })).status).toBe(401);
    expect((await deliver(webhookPayload(events, "legacy"), { verifier: "" })).status).toBe(401);
    const bytes = new TextEncoder().encode(JSON.stringify(webhookPayload(events, "legacy")));
    const sig = await sign(bytes, VERIFIER);
    const changed = bytes.slice();
    changed[10] = (changed[10] ?? 0) ^ 1;
    const r = await qboWebhooks(VERIFIER).receive(stream(changed), (n) =>
      n === "intuit-signature" ? sig : undefined,
    );
    expect(r.status).toBe(401);
  });

  it("too large → 413 (declared or streamed)", async () => {
    expect((await deliver([], { length: String(MAX_QBO_WEBHOOK_BYTES + 1) })).status).toBe(413);
    const big = new Uint8Array(MAX_QBO_WEBHOOK_BYTES + 10).fill(32);
    const r = await qboWebhooks(VERIFIER).receive(stream(big), () => undefined);
    expect(r.status).toBe(413);
  });

  it("a signed body that is not a QuickBooks payload is a 200 with a note (a retry would fail the same)", async () => {
    const d = await deliver({ hello: "world" });
    expect(d.status).toBe(200);
    if (d.status === 200) expect(d.notes[0]).toMatchObject({ event: "qbo_webhook_unreadable" });
  });
});

describe("applyQboEvents", () => {
  it("a payment is read and followed to its invoices and customer; a merge re-reads both customers", async () => {
    const q = await connected();
    const pay = await q.control(`/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`, {});
    const seen = { invoices: [] as string[], customers: [] as string[] };
    const merged: [string, string, number][] = [];
    const merges = {
      record: (f: string, t: string, at: number) => void merged.push([f, t, at]),
      get: () => undefined,
    };
    const items: WebhookItem[] = [
      { key: "1", entity: "Payment", operation: "Create", resourceId: pay.Id },
      { key: "2", entity: "Customer", operation: "Merge", resourceId: "5", deletedId: "9" },
    ];
    const r = await applyQboEvents(
      (req) => qboCall(q.deps, req),
      items,
      {
        invoices: async (ids) => {
          seen.invoices.push(...ids);
          return { customerRefs: ["77"] };
        },
        customers: async (ids) => {
          seen.customers.push(...ids);
        },
      },
      { merges, now: () => 1_800_000_000_000 },
    );
    expect(r.overflow).toBe(false);
    expect(merged).toEqual([["9", "5", 1_800_000_000_000]]);
    expect(seen.invoices).toEqual([pay.Line[0].LinkedTxn[0].TxnId]);
    expect(seen.customers.sort()).toEqual(["5", "77", "9", pay.CustomerRef.value].sort());
    expect(q.log.reads).toBe(1);
  });
});
