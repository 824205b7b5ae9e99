import { describe, expect, it } from "vitest";
import { invoice, messages, payment, put, type Rec } from "./accounting/payment-helpers.ts";
import { accountingHarness } from "./accounting/testing.ts";
import { DEMO_INVOICES, DEMO_TENANT_ID } from "./seed/index.ts";

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

  it("keys are per organisation", async () => {
    const h = accountingHarness();
    const key = { "Idempotency-Key": "shared-key" };
    const demo = await h.json("/Payments", put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10), key));
    expect(demo.status).toBe(200);
    expect(h.state.orgs.get(DEMO_TENANT_ID)?.idempotency.has("shared-key")).toBe(true);
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
