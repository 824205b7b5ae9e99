import { describe, expect, it } from "vitest";
import { contact, invoice, messages, payment, put, type Rec } from "./accounting/payment-helpers.ts";
import { accountingHarness } from "./accounting/testing.ts";
import { DEMO_ACCOUNTS, DEMO_CONTACTS, DEMO_INVOICES, DEMO_TENANT_ID } from "./seed/index.ts";

describe("creating payments", () => {
  it("part-pays then pays off an invoice: AmountPaid/AmountDue/Status/FullyPaidOnDate move, UpdatedDateUTC moves", async () => {
    const h = accountingHarness();
    const before = await invoice(h, DEMO_INVOICES.acmeOpen.id);
    h.state.clock.advance(60_000);
    const first = await h.json(`/Payments`, put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 400.5)));
    expect(first.status).toBe(200);
    expect((first.body.Payments as Rec[])[0]).toMatchObject({
      Amount: 400.5,
      Status: "AUTHORISED",
      Account: { Code: "090" },
    });
    const mid = await invoice(h, DEMO_INVOICES.acmeOpen.id);
    expect(mid).toMatchObject({ Status: "AUTHORISED", AmountPaid: 400.5, AmountDue: 1999.5 });
    expect(mid.UpdatedDateUTC).not.toBe(before.UpdatedDateUTC);
    const second = await h.json(`/Payments`, {
      ...put({
        Invoice: { InvoiceNumber: DEMO_INVOICES.acmeOpen.number },
        Account: { AccountID: DEMO_ACCOUNTS.savings.id },
        Date: "2026-11-26",
        Amount: "1999.50",
      }),
      method: "POST",
    });
    expect(second.status).toBe(200);
    const paid = await invoice(h, DEMO_INVOICES.acmeOpen.id);
    expect(paid).toMatchObject({
      Status: "PAID",
      AmountDue: 0,
      AmountPaid: 2400,
      FullyPaidOnDate: `/Date(${Date.UTC(2026, 10, 26)}+0000)/`,
    });
    expect((paid.Payments as Rec[]).length).toBe(2);
    expect(h.state.changes.filter((c) => c.resourceId === DEMO_INVOICES.acmeOpen.id)).toHaveLength(2);
  });

  it("a payment moves the contact's balance but not the contact's UpdatedDateUTC", async () => {
    const h = accountingHarness();
    const before = await contact(h, DEMO_CONTACTS.britannia.id);
    expect(before.Balances).toEqual({
      AccountsReceivable: { Outstanding: 19_800, Overdue: 9_600 },
      AccountsPayable: { Outstanding: 0, Overdue: 0 },
    });
    h.state.clock.advance(60_000);
    await h.json(`/Payments`, put(payment({ InvoiceID: DEMO_INVOICES.britanniaOverdue.id }, 9_600)));
    const after = await contact(h, DEMO_CONTACTS.britannia.id);
    expect(after.Balances).toMatchObject({ AccountsReceivable: { Outstanding: 10_200, Overdue: 0 } });
    expect(after.UpdatedDateUTC).toBe(before.UpdatedDateUTC);
    expect(h.state.changes.some((c) => c.category === "CONTACT")).toBe(false);
  });

  it("overdue follows the clock: an invoice becomes overdue the day after its DueDate", async () => {
    const h = accountingHarness();
    const acme = async () => ((await contact(h, DEMO_CONTACTS.acme.id)).Balances as Rec).AccountsReceivable;
    expect(await acme()).toEqual({ Outstanding: 2_400, Overdue: 0 });
    h.state.clock.advance(21 * 86_400_000);
    expect(await acme()).toEqual({ Outstanding: 2_400, Overdue: 2_400 });
  });
});

describe("payment validation (400 ValidationException, nothing applied)", () => {
  const cases: [string, Rec, string][] = [
    [
      "a DRAFT invoice",
      payment({ InvoiceID: DEMO_INVOICES.draft.id }, 10),
      "Payments can only be made against Authorised documents",
    ],
    [
      "a SUBMITTED invoice",
      payment({ InvoiceID: DEMO_INVOICES.submitted.id }, 10),
      "Payments can only be made against Authorised documents",
    ],
    [
      "a VOIDED invoice",
      payment({ InvoiceID: DEMO_INVOICES.voided.id }, 10),
      "Payments can only be made against Authorised documents",
    ],
    [
      "a PAID invoice",
      payment({ InvoiceID: DEMO_INVOICES.acmePaid.id }, 10),
      "Payments can only be made against Authorised documents",
    ],
    [
      "more than AmountDue",
      payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 2_400.01),
      "Payment amount exceeds the amount outstanding on this document",
    ],
    [
      "an unknown invoice",
      payment({ InvoiceID: "0b4b3a5e-1111-4222-8333-944455556666" }, 10),
      "Invoice could not be found",
    ],
    [
      "no invoice",
      { Account: { Code: "090" }, Date: "2026-11-25", Amount: 10 },
      "You must specify an Invoice ID or Invoice Number for the payment",
    ],
    [
      "an unknown account",
      payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10, { Code: "999" }),
      "Account could not be found",
    ],
    [
      "a non-bank account without payments enabled",
      payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10, { Code: DEMO_ACCOUNTS.sales.code }),
      "Account type is invalid for making a payment to/from",
    ],
    [
      "an archived bank account",
      payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10, { Code: DEMO_ACCOUNTS.archivedBank.code }),
      "Account code '092' has been archived, or has been deleted.",
    ],
    [
      "a zero amount",
      payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 0),
      "Payment amount must be greater than zero",
    ],
  ];

  it.each(cases)("rejects a payment against %s", async (_name, body, message) => {
    const h = accountingHarness();
    const res = await h.json(`/Payments`, put(body));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      ErrorNumber: 10,
      Type: "ValidationException",
      Message: "A validation exception occurred",
    });
    const el = (res.body.Elements as Rec[])[0];
    expect(el).toMatchObject({ HasValidationErrors: true, StatusAttributeString: "ERROR" });
    expect(messages(res.body)).toContain(message);
    expect(h.state.changes).toHaveLength(0);
    expect(
      [...(h.state.orgs.get(DEMO_TENANT_ID)?.payments.values() ?? [])].every((p) => p.amount !== 1000),
    ).toBe(true);
  });

  it("accepts a non-bank account with EnablePaymentsToAccount", async () => {
    const h = accountingHarness();
    const res = await h.json(
      `/Payments`,
      put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10, { Code: DEMO_ACCOUNTS.directorsLoan.code })),
    );
    expect(res.status).toBe(200);
  });

  it("answers a date that is not a date, or a body that is not JSON, with PostDataInvalidException", async () => {
    const h = accountingHarness();
    const badDate = await h.json(
      `/Payments`,
      put(payment({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10, { Code: "090" }, "2026-13-45")),
    );
    expect(badDate.status).toBe(400);
    expect(badDate.body).toMatchObject({ ErrorNumber: 14, Type: "PostDataInvalidException" });
    const notJson = await h.json(`/Payments`, { method: "PUT", body: "{not json" });
    expect(notJson.body).toMatchObject({ ErrorNumber: 14 });
  });

  it("a batch that would overpay an invoice fails whole; summarizeErrors=false applies the good ones", async () => {
    const h = accountingHarness();
    const id = DEMO_INVOICES.acmeOpen.id;
    const batch = { Payments: [payment({ InvoiceID: id }, 2_000), payment({ InvoiceID: id }, 1_000)] };
    const all = await h.json(`/Payments`, put(batch));
    expect(all.status).toBe(400);
    expect((await invoice(h, id)).AmountPaid).toBe(0);
    const mixed = await h.json(`/Payments?summarizeErrors=false`, put(batch));
    expect(mixed.status).toBe(200);
    const [ok, bad] = mixed.body.Payments as Rec[];
    expect(ok).toMatchObject({ Amount: 2_000, Status: "AUTHORISED" });
    expect(bad).toMatchObject({ HasValidationErrors: true, StatusAttributeString: "ERROR" });
    expect((await invoice(h, id)).AmountPaid).toBe(2_000);
  });
});
