import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { amountDue } from "./accounting/model.ts";
import { createEmulator, type Emulator, sign } from "./index.ts";
import { createCredit, DEMO_CONTACTS, DEMO_INVOICES, DEMO_TENANT_ID } from "./seed/index.ts";
import { recordChange } from "./state.ts";

const URL_ = "https://receiver.test/xero/webhook";
const KEY = "test-webhook-key";

/** Xero's documented check, written independently of the emulator: base64(HMAC-SHA256(raw body, key)). */
function xeroSignature(body: string, key: string): string {
  return createHmac("sha256", key).update(body, "utf8").digest("base64");
}

function capture() {
  const seen: { body: string; signature: string | null; url: string }[] = [];
  const deliver = async (req: Request) => {
    seen.push({ body: await req.text(), signature: req.headers.get("x-xero-signature"), url: req.url });
    return new Response(null, { status: 200 });
  };
  return { seen, deliver };
}

function openInvoice(em: Emulator): { tenantId: string; invoiceId: string } {
  for (const org of em.state.orgs.values()) {
    for (const inv of org.invoices.values()) {
      if (inv.type === "ACCREC" && inv.status === "AUTHORISED" && amountDue(inv) > 0) {
        return { tenantId: org.tenantId, invoiceId: inv.invoiceId };
      }
    }
  }
  throw new Error("demo seed has no open sales invoice");
}

describe("webhooks", () => {
  it("sends Xero's payload signed with base64(HMAC-SHA256(body, key)), batching one tick's events", async () => {
    const { seen, deliver } = capture();
    const em = createEmulator({
      origin: "https://xero-emulator.test",
      webhook: { url: URL_, key: KEY, deliver },
    });
    const tenantId = crypto.randomUUID();
    const [c1, i1] = [crypto.randomUUID(), crypto.randomUUID()];
    recordChange(em.state, { tenantId, category: "CONTACT", type: "UPDATE", resourceId: c1 });
    recordChange(em.state, { tenantId, category: "INVOICE", type: "CREATE", resourceId: i1 });
    await em.flushWebhooks();
    expect(seen).toHaveLength(1);
    const [first] = seen;
    expect(first?.url).toBe(URL_);
    expect(first?.signature).toBe(xeroSignature(first?.body ?? "", KEY));
    expect(first?.signature).toBe(await sign(first?.body ?? "", KEY));
    const payload = JSON.parse(first?.body ?? "{}");
    expect(Object.keys(payload)).toEqual(["events", "firstEventSequence", "lastEventSequence", "entropy"]);
    expect(payload).toMatchObject({ firstEventSequence: 1, lastEventSequence: 2 });
    expect(payload.entropy).toMatch(/^[A-Z]{20}$/);
    expect(payload.events[0]).toEqual({
      resourceUrl: `https://xero-emulator.test/api.xro/2.0/Contacts/${c1}`,
      resourceId: c1,
      eventDateUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/),
      eventType: "UPDATE",
      eventCategory: "CONTACT",
      tenantId,
      tenantType: "ORGANISATION",
    });
    expect(payload.events[1]).toMatchObject({
      resourceUrl: `https://xero-emulator.test/api.xro/2.0/Invoices/${i1}`,
      eventCategory: "INVOICE",
      eventType: "CREATE",
    });

    recordChange(em.state, { tenantId, category: "INVOICE", type: "UPDATE", resourceId: i1 });
    await em.flushWebhooks();
    expect(JSON.parse(seen[1]?.body ?? "{}")).toMatchObject({ firstEventSequence: 3, lastEventSequence: 3 });
  });

  it("delivers without blocking the request that caused the change, and retries non-2xx answers", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const statuses = [500, 503, 200];
    const bodies: string[] = [];
    const deliver = async (req: Request) => {
      bodies.push(await req.text());
      await gate;
      return new Response(null, { status: statuses.shift() ?? 200 });
    };
    const em = createEmulator({
      seed: "demo",
      webhook: { url: URL_, key: KEY, deliver, retryDelaysMs: [1, 1, 1] },
    });
    const { tenantId, invoiceId } = openInvoice(em);
    const paid = await em.fetch(`http://x/_control/orgs/${tenantId}/invoices/${invoiceId}/pay`, {
      method: "POST",
    });
    expect(paid.status).toBe(200); // answered while the webhook is still waiting on the receiver
    await vi.waitFor(() => expect(bodies).toHaveLength(1)); // sent on its own, still unanswered
    release();
    await em.flushWebhooks();
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies).size).toBe(1); // a retry resends the same signed body
    const events = JSON.parse(bodies[0] ?? "{}").events as { resourceId: string; eventCategory: string }[];
    expect(events).toContainEqual(
      expect.objectContaining({ resourceId: invoiceId, eventCategory: "INVOICE" }),
    );
    expect(em.webhooks.deliveries[0]).toMatchObject({ attempts: 3, status: 200, ok: true });
  });

  it("sends nothing when disabled or without a url", async () => {
    const { seen, deliver } = capture();
    const em = createEmulator({ webhook: { key: KEY, deliver } });
    recordChange(em.state, { tenantId: "t", category: "CONTACT", type: "CREATE", resourceId: "r" });
    await em.flushWebhooks();
    await em.fetch("http://x/_control/webhooks", {
      method: "POST",
      body: JSON.stringify({ url: URL_, enabled: false }),
    });
    recordChange(em.state, { tenantId: "t", category: "CONTACT", type: "CREATE", resourceId: "r" });
    await em.flushWebhooks();
    expect(seen).toHaveLength(0);
  });

  it("with auto: false, waits for flushWebhooks() to send", async () => {
    const { seen, deliver } = capture();
    const em = createEmulator({ webhook: { url: URL_, key: KEY, deliver, auto: false } });
    vi.useFakeTimers();
    try {
      recordChange(em.state, { tenantId: "t", category: "INVOICE", type: "UPDATE", resourceId: "r" });
      expect(vi.getTimerCount()).toBe(0); // no dispatch scheduled (auto: true would schedule one)
      await vi.runAllTimersAsync(); // and whatever is due has run: still nothing sent
      expect(seen).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
    await em.flushWebhooks();
    expect(seen).toHaveLength(1);
  });

  it("runs Xero's intent-to-receive check: 200 for the signed probe, 401 for the badly signed one", async () => {
    const receiver = async (req: Request) => {
      const body = await req.text();
      const given = Buffer.from(req.headers.get("x-xero-signature") ?? "");
      const want = Buffer.from(xeroSignature(body, KEY));
      const ok = given.length === want.length && timingSafeEqual(given, want);
      return new Response(null, { status: ok ? 200 : 401 });
    };
    const em = createEmulator({ webhook: { key: KEY, deliver: receiver } });
    const noUrl = await em.fetch("http://x/_control/webhooks/intent-to-receive", { method: "POST" });
    expect(noUrl.status).toBe(400);
    expect(await noUrl.json()).toHaveProperty("error");

    await em.fetch("http://x/_control/webhooks", { method: "POST", body: JSON.stringify({ url: URL_ }) });
    const res = await em.fetch("http://x/_control/webhooks/intent-to-receive", { method: "POST" });
    const report = (await res.json()) as {
      ok: boolean;
      results: { signature: string; status: number; ok: boolean }[];
    };
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => [r.signature, r.status])).toEqual([
      ["valid", 200],
      ["invalid", 401],
    ]);

    const lazy = createEmulator({
      webhook: { url: URL_, key: KEY, deliver: async () => new Response("ok") },
    });
    const verdict = await lazy.webhooks.intentToReceive();
    expect(verdict.ok).toBe(false);
    expect(verdict.results[1]).toMatchObject({ signature: "invalid", status: 200, ok: false });
  });

  it("announces credit notes (with data {Type, Status}), prepayments and overpayments, signed over the bytes sent", async () => {
    const seen: { bytes: Uint8Array; signature: string | null }[] = [];
    const deliver = async (req: Request) => {
      seen.push({
        bytes: new Uint8Array(await req.arrayBuffer()),
        signature: req.headers.get("x-xero-signature"),
      });
      return new Response(null, { status: 200 });
    };
    const em = createEmulator({
      seed: "demo",
      origin: "https://e.test",
      webhook: { url: URL_, key: KEY, deliver },
    });
    const cn = createCredit(em.state, DEMO_TENANT_ID, {
      kind: "CREDITNOTE",
      invoice: DEMO_INVOICES.acmeOpen.id,
      amount: 5,
    });
    const pre = createCredit(em.state, DEMO_TENANT_ID, {
      kind: "PREPAYMENT",
      contactId: DEMO_CONTACTS.acme.id,
      amount: 5,
    });
    const over = createCredit(em.state, DEMO_TENANT_ID, {
      kind: "OVERPAYMENT",
      contactId: DEMO_CONTACTS.acme.id,
      amount: 5,
    });
    await em.flushWebhooks();
    expect(seen).toHaveLength(1);
    const [hit] = seen;
    if (!hit) throw new Error("nothing sent");
    // The signature is over the exact bytes on the wire, checked without decoding them first.
    const mac = createHmac("sha256", KEY).update(hit.bytes).digest("base64");
    expect(hit.signature).toBe(mac);
    const events = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(hit.bytes)).events;
    expect(events).toEqual([
      expect.objectContaining({
        resourceUrl: `https://e.test/api.xro/2.0/CreditNotes/${cn.id}`,
        resourceId: cn.id,
        eventCategory: "CREDITNOTE",
        eventType: "CREATE",
        tenantId: DEMO_TENANT_ID,
        data: { Type: "ACCRECCREDIT", Status: "PAID" },
      }),
      expect.objectContaining({
        resourceUrl: `https://e.test/api.xro/2.0/Prepayments/${pre.id}`,
        eventCategory: "PREPAYMENT",
      }),
      expect.objectContaining({
        resourceUrl: `https://e.test/api.xro/2.0/Overpayments/${over.id}`,
        eventCategory: "OVERPAYMENT",
      }),
    ]);
    expect(events[1]).not.toHaveProperty("data");
    // The allocation moved the invoice, but only the credit note's own event was raised.
    expect(events.map((e: { eventCategory: string }) => e.eventCategory)).not.toContain("INVOICE");
  });

  it("signs bytes, not text: a BOM-prefixed body has a different signature from its decoded text", async () => {
    const text = '{"events":[]}';
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(await sign(bom, KEY)).toBe(createHmac("sha256", KEY).update(bom).digest("base64"));
    expect(await sign(bom, KEY)).not.toBe(await sign(text, KEY));
  });
});
