// Webhooks: intuit-signature over the raw bytes, the legacy and CloudEvents payloads (a control
// option picks which; one CloudEvents POST may mix realms), Merge with deletedID, retries.

import { describe, expect, it } from "vitest";
import {
  createQboEmulator,
  DEFAULT_VERIFIER,
  DEMO_QBO_IDS,
  DEMO_REALM_ID,
  PEAK_REALM_ID,
  sign,
} from "./index.ts";

type Json = Record<string, any>;

function receiver(statuses: number[] = []) {
  const got: { body: string; bytes: Uint8Array; signature: string | null }[] = [];
  const deliver = async (req: Request) => {
    const bytes = new Uint8Array(await req.arrayBuffer());
    got.push({
      bytes,
      body: new TextDecoder().decode(bytes),
      signature: req.headers.get("intuit-signature"),
    });
    return new Response(null, { status: statuses.shift() ?? 200 });
  };
  return { got, deliver };
}

const control = (
  emu: ReturnType<typeof createQboEmulator>,
  path: string,
  body: unknown = {},
  method = "POST",
) => emu.fetch(`http://x/_control${path}`, { method, body: JSON.stringify(body) });

describe("webhooks", () => {
  it("signs the exact bytes sent with base64 HMAC-SHA256 of the verifier token", async () => {
    const r = receiver();
    const emu = createQboEmulator({
      seed: "demo",
      webhook: { url: "https://worker.test/webhooks/quickbooks", deliver: r.deliver, auto: false },
    });
    await control(emu, `/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`);
    await emu.flushWebhooks();
    expect(r.got).toHaveLength(1);
    const hit = r.got[0];
    expect(hit?.signature).toBe(await sign(new Uint8Array(hit?.bytes ?? []), DEFAULT_VERIFIER));
    expect(hit?.signature).not.toBe(await sign(new Uint8Array(hit?.bytes ?? []), "another-verifier"));
  });

  it("sends CloudEvents by default: Payment created and Invoice updated, with the realm as intuitaccountid", async () => {
    const r = receiver();
    const emu = createQboEmulator({
      seed: "demo",
      webhook: { url: "https://worker.test/w", deliver: r.deliver, auto: false },
    });
    await control(emu, `/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`);
    await emu.flushWebhooks();
    const events = JSON.parse(r.got[0]?.body ?? "[]") as Json[];
    expect(events.map((e) => e.type)).toEqual(["qbo.payment.created.v1", "qbo.invoice.updated.v1"]);
    expect(events[1]).toMatchObject({
      specversion: "1.0",
      intuitentityid: DEMO_QBO_IDS.invoices["J-20002"],
      intuitaccountid: DEMO_REALM_ID,
    });
    expect(Date.parse(events[0]?.time)).toBeGreaterThan(0);
  });

  it("mixes realms in one CloudEvents POST; the legacy format groups them by realm", async () => {
    const r = receiver();
    const emu = createQboEmulator({
      seed: "demo",
      webhook: { url: "https://worker.test/w", deliver: r.deliver, auto: false },
    });
    await control(
      emu,
      `/companies/${DEMO_REALM_ID}/customers/${DEMO_QBO_IDS.customers.acme}`,
      { fax: "12000" },
      "PATCH",
    );
    await control(emu, `/companies/${PEAK_REALM_ID}/customers`, { displayName: "New Peak Customer" });
    await emu.flushWebhooks();
    const ce = JSON.parse(r.got[0]?.body ?? "[]") as Json[];
    expect(ce.map((e) => [e.intuitaccountid, e.type])).toEqual([
      [DEMO_REALM_ID, "qbo.customer.updated.v1"],
      [PEAK_REALM_ID, "qbo.customer.created.v1"],
    ]);
    await control(emu, "/webhooks", { format: "legacy" });
    await control(emu, `/companies/${DEMO_REALM_ID}/invoices/J-20007/void`);
    await control(emu, `/companies/${DEMO_REALM_ID}/invoices/J-20014`, {}, "DELETE");
    await control(emu, `/companies/${PEAK_REALM_ID}/customers`, { displayName: "Another" });
    await emu.flushWebhooks();
    const legacy = JSON.parse(r.got[1]?.body ?? "{}") as Json;
    expect(legacy.eventNotifications.map((n: Json) => n.realmId)).toEqual([DEMO_REALM_ID, PEAK_REALM_ID]);
    const entities = legacy.eventNotifications[0].dataChangeEvent.entities as Json[];
    expect(entities.map((e) => [e.name, e.operation])).toEqual([
      ["Invoice", "Void"],
      ["Invoice", "Delete"],
    ]);
    expect(entities[0]?.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}$/);
  });

  it("announces a merge with the merged-away id (legacy deletedID), and that customer becomes inactive", async () => {
    const r = receiver();
    const emu = createQboEmulator({
      seed: "demo",
      webhook: { url: "https://worker.test/w", deliver: r.deliver, auto: false, format: "legacy" },
    });
    const from = DEMO_QBO_IDS.customers.kirkYork;
    const into = DEMO_QBO_IDS.customers.kirkLeeds;
    await control(emu, `/companies/${DEMO_REALM_ID}/customers/merge`, { from, into });
    await emu.flushWebhooks();
    const legacy = JSON.parse(r.got[0]?.body ?? "{}") as Json;
    const merge = (legacy.eventNotifications[0].dataChangeEvent.entities as Json[]).find(
      (e) => e.operation === "Merge",
    );
    expect(merge).toMatchObject({ name: "Customer", id: into, deletedID: from });
    expect(emu.state.companies.get(DEMO_REALM_ID)?.customers.get(from as string)?.active).toBe(false);
  });

  it("a merge: CloudEvents qbo.customer.merged.v1 with data.deletedid (Intuit's spelling); invoices move; a customer with sub-customers cannot be merged", async () => {
    const r = receiver();
    const emu = createQboEmulator({
      seed: "demo",
      webhook: { url: "https://worker.test/w", deliver: r.deliver, auto: false, format: "cloudevents" },
    });
    const from = DEMO_QBO_IDS.customers.pennine as string;
    const into = DEMO_QBO_IDS.customers.oakwood as string;
    await control(emu, `/companies/${DEMO_REALM_ID}/customers/merge`, { from, into });
    await emu.flushWebhooks();
    const events = JSON.parse(r.got[0]?.body ?? "[]") as Json[];
    expect(events.find((e) => e.type === "qbo.customer.merged.v1")).toMatchObject({
      intuitentityid: into,
      data: { deletedid: from },
    });
    const co = emu.state.companies.get(DEMO_REALM_ID);
    expect(co?.customers.get(from)).toMatchObject({ active: false, displayName: "Pennine Paving (deleted)" });
    expect([...(co?.invoices.values() ?? [])].filter((i) => i.customerId === from)).toEqual([]);
    // Intuit: "check that neither customer being merged has sub-customers".
    const refused = await control(emu, `/companies/${DEMO_REALM_ID}/customers/merge`, {
      from: DEMO_QBO_IDS.customers.hallam,
      into,
    });
    expect(refused.status).toBe(400);
    expect(co?.customers.get(DEMO_QBO_IDS.customers.hallam as string)?.active).toBe(true);
  });

  it("retries a failing receiver and records each delivery", async () => {
    const r = receiver([500, 503]);
    const emu = createQboEmulator({
      seed: "demo",
      webhook: { url: "https://worker.test/w", deliver: r.deliver, auto: false, retryDelaysMs: [1, 1, 1] },
    });
    await control(emu, `/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`);
    await emu.flushWebhooks();
    expect(r.got).toHaveLength(3);
    expect(new Set(r.got.map((g) => g.body)).size).toBe(1);
    expect(emu.webhooks.deliveries[0]).toMatchObject({ attempts: 3, ok: true, status: 200 });
    const set = await control(emu, "/webhooks", { retryDelaysMs: "intuit" });
    expect(((await set.json()) as Json).retryDelaysMs.slice(0, 4)).toEqual([10_000, 20_000, 30_000, 300_000]);
  });

  it("counts a receiver slower than 3 s as a failure", async () => {
    let calls = 0;
    const deliver = (req: Request) =>
      new Promise<Response>((resolve, reject) => {
        calls++;
        req.signal.addEventListener("abort", () => reject(new Error("timed out")));
      });
    const emu = createQboEmulator({
      seed: "demo",
      webhook: { url: "https://worker.test/w", deliver, auto: false, retryDelaysMs: [], timeoutMs: 20 },
    });
    await control(emu, `/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`);
    await emu.flushWebhooks();
    expect(calls).toBe(1);
    expect(emu.webhooks.deliveries[0]).toMatchObject({ ok: false, error: "timed out" });
  });
});
