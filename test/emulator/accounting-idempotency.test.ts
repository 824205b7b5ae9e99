import { describe, expect, it } from "vitest";
import { IDEMPOTENCY_WINDOW_MS } from "./accounting/idempotency.ts";
import { invoice, messages, payment, put, type Rec } from "./accounting/payment-helpers.ts";
import { accountingHarness } from "./accounting/testing.ts";
import { createOrg, DEMO_INVOICES, DEMO_TENANT_ID } from "./seed/index.ts";

describe("Idempotency-Key", () => {
  it("the same key twice gives one payment and the first answer again, status and body", async () => {
    const h = accountingHarness();
    const req = put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 100), {
      "Idempotency-Key": "agg-pay-7731",
    });
    const [a, b] = await Promise.all([h.fetch("/Payments", req), h.fetch("/Payments", req)]);
    const again = await h.fetch("/Payments", req);
    const first = await a.text();
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(await b.text()).toBe(first);
    expect(await again.text()).toBe(first);
    expect((await invoice(h, DEMO_INVOICES.acmeOpen.id)).AmountPaid).toBe(100);
  });

  it("replays a rejection too, refuses a reused key on a different request, and a key over 128 characters", async () => {
    const h = accountingHarness();
    const bad = put(payment({ InvoiceID: DEMO_INVOICES.draft.id }, 10), { "Idempotency-Key": "k-draft" });
    const r1 = await h.fetch("/Payments", bad);
    const r2 = await h.fetch("/Payments", bad);
    expect([r1.status, r2.status]).toEqual([400, 400]);
    expect(await r2.text()).toBe(await r1.text());
    const other = await h.json(
      "/Payments",
      put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10), { "Idempotency-Key": "k-draft" }),
    );
    expect(other.status).toBe(400);
    expect(String(other.body.Message)).toContain("is used with a different request");
    const long = await h.json(
      "/Payments",
      put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10), { "Idempotency-Key": "x".repeat(129) }),
    );
    expect(long.status).toBe(400);
    const max = await h.json(
      "/Payments",
      put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10), { "Idempotency-Key": "x".repeat(128) }),
    );
    expect(max.status).toBe(200);
  });

  it("keys belong to the app: the same key for another organisation is refused, another app may use it", async () => {
    const h = accountingHarness();
    const second = createOrg(h.state, { name: "Second Ltd" });
    const body = payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10);
    const key = { "Idempotency-Key": "shared-key", "x-harness-app": "app-1" };
    const demo = await h.json("/Payments", put(body, key));
    expect(demo.status).toBe(200);
    const otherOrg = await h.json("/Payments", { ...put(body, key), tenantId: second.tenantId });
    expect(otherOrg.status).toBe(400);
    expect(String(otherOrg.body.Message)).toContain("is used with a different request");
    const otherApp = await h.json("/Payments", put(body, { ...key, "x-harness-app": "app-2" }));
    expect(otherApp.status).toBe(200);
    expect((await invoice(h, DEMO_INVOICES.acmeOpen.id)).AmountPaid).toBe(20);
  });

  it(`answers are kept ${IDEMPOTENCY_WINDOW_MS / 60_000} minutes only: after that the same key pays again`, async () => {
    const h = accountingHarness();
    const req = put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10), { "Idempotency-Key": "k-window" });
    const first = await h.json("/Payments", req);
    h.state.clock.advance(IDEMPOTENCY_WINDOW_MS - 1000);
    const replay = await h.json("/Payments", req);
    expect((replay.body.Payments as Rec[])[0]?.PaymentID).toBe((first.body.Payments as Rec[])[0]?.PaymentID);
    expect((await invoice(h, DEMO_INVOICES.acmeOpen.id)).AmountPaid).toBe(10);
    h.state.clock.advance(2000);
    const late = await h.json("/Payments", req);
    expect(late.status).toBe(200);
    expect((late.body.Payments as Rec[])[0]?.PaymentID).not.toBe(
      (first.body.Payments as Rec[])[0]?.PaymentID,
    );
    expect((await invoice(h, DEMO_INVOICES.acmeOpen.id)).AmountPaid).toBe(20);
  });

  it("a cached 400 is replayed within the window even when the request would now succeed", async () => {
    const h = accountingHarness();
    const req = put(payment({ InvoiceID: DEMO_INVOICES.draft.id }, 10), { "Idempotency-Key": "k-approve" });
    const refused = await h.json("/Payments", req);
    expect(refused.status).toBe(400);
    const draft = h.state.orgs.get(DEMO_TENANT_ID)?.invoices.get(DEMO_INVOICES.draft.id);
    if (draft) draft.status = "AUTHORISED";
    h.state.clock.advance(60_000);
    const still = await h.json("/Payments", req);
    expect(still.status).toBe(400);
    expect(messages(still.body)).toEqual(messages(refused.body));
    h.state.clock.advance(IDEMPOTENCY_WINDOW_MS);
    expect((await h.json("/Payments", req)).status).toBe(200);
  });
});

describe("finding a payment whose answer was lost", () => {
  it("GET /Payments where Reference==… (and the invoice's Payments) find it", async () => {
    const h = accountingHarness();
    const body = {
      ...payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10),
      Reference: "AGG SMART p-1 #ab12",
    };
    const made = await h.json("/Payments", put(body));
    const id = (made.body.Payments as Rec[])[0]?.PaymentID;
    await h.json("/Payments", put({ ...body, Reference: "AGG SMART p-10 #ab12" }));
    const q = (where: string) => h.json(`/Payments?where=${encodeURIComponent(where)}`);
    const exact = await q('Reference=="AGG SMART p-1 #ab12"');
    expect(exact.status).toBe(200);
    expect((exact.body.Payments as Rec[]).map((p) => p.PaymentID)).toEqual([id]);
    const both = await q(
      `Invoice.InvoiceID==Guid("${DEMO_INVOICES.acmeOpen.id}") AND Reference=="AGG SMART p-1 #ab12"`,
    );
    expect((both.body.Payments as Rec[]).map((p) => p.PaymentID)).toEqual([id]);
    expect(((await q('Reference=="AGG SMART p-2 #ab12"')).body.Payments as Rec[]).length).toBe(0);
    const inv = await invoice(h, DEMO_INVOICES.acmeOpen.id);
    expect((inv.Payments as Rec[]).find((p) => p.PaymentID === id)).toMatchObject({
      Reference: "AGG SMART p-1 #ab12",
    });
  });
});

describe("deleting payments", () => {
  it("POST /Payments/{id} {Status:DELETED} reverses it: the invoice is owed again and the payment reads DELETED", async () => {
    const h = accountingHarness();
    const paid = await invoice(h, DEMO_INVOICES.zenithPaidInTwo.id);
    expect(paid.Status).toBe("PAID");
    const paymentId = String((paid.Payments as Rec[])[1]?.PaymentID);
    h.state.clock.advance(60_000);
    const del = await h.json(`/Payments/${paymentId}`, {
      method: "POST",
      body: JSON.stringify({ Status: "DELETED" }),
    });
    expect(del.status).toBe(200);
    expect((del.body.Payments as Rec[])[0]).toMatchObject({ PaymentID: paymentId, Status: "DELETED" });
    const after = await invoice(h, DEMO_INVOICES.zenithPaidInTwo.id);
    expect(after).toMatchObject({ Status: "AUTHORISED", AmountPaid: 400, AmountDue: 500 });
    expect(after.FullyPaidOnDate).toBeUndefined();
    expect(after.UpdatedDateUTC).not.toBe(paid.UpdatedDateUTC);
    expect(((await h.json(`/Payments/${paymentId}`)).body.Payments as Rec[])[0]?.Status).toBe("DELETED");
    const twice = await h.json(`/Payments/${paymentId}`, {
      method: "POST",
      body: JSON.stringify({ Status: "DELETED" }),
    });
    expect(twice.status).toBe(400);
    expect(messages(twice.body)).toEqual(["Payment not of valid status for modification"]);
    const update = await h.json(`/Payments/${paymentId}`, {
      method: "POST",
      body: JSON.stringify({ Amount: 5 }),
    });
    expect(update.status).toBe(400);
  });
});
