// Credit notes, prepayments and overpayments: the control that creates them (allocated to an
// invoice or not), what GET /CreditNotes, /Prepayments, /Overpayments return (checked against
// xero-node and Xero's OpenAPI document), and how invoices and contact balances follow.

import { beforeAll, describe, expect, it } from "vitest";
import { amountDue } from "./accounting/model.ts";
import { accountingHarness } from "./accounting/testing.ts";
import { withConformance } from "./conformance/index.ts";
import { openapiDoc } from "./conformance/openapi.ts";
import { createEmulator } from "./index.ts";
import { contactBalance, createCredit, DEMO_CONTACTS, DEMO_INVOICES, DEMO_TENANT_ID } from "./seed/index.ts";

beforeAll(() => {
  openapiDoc();
}, 60_000);

function harness() {
  const h = accountingHarness();
  const w = withConformance((input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    return h.fetch(url.pathname.replace("/api.xro/2.0", "") + url.search, init);
  });
  const get = async (path: string) => {
    const res = await w.fetch(`https://api.xero.com/api.xro/2.0${path}`);
    return {
      status: res.status,
      body: res.status === 200 ? ((await res.json()) as Record<string, any>) : null,
    };
  };
  return { ...h, get, violations: w.violations };
}

describe("credit notes, prepayments, overpayments", () => {
  it("a credit note allocated to an invoice moves AmountCredited/AmountDue and the contact's balance", async () => {
    const h = harness();
    const inv = h.state.orgs.get(DEMO_TENANT_ID)?.invoices.get(DEMO_INVOICES.acmeOpen.id);
    if (!inv) throw new Error("no invoice");
    const due = amountDue(inv);
    const before = contactBalance(h.state, DEMO_TENANT_ID, DEMO_CONTACTS.acme.id);
    const cn = createCredit(h.state, DEMO_TENANT_ID, {
      kind: "CREDITNOTE",
      invoice: inv.invoiceId,
      amount: 50,
    });
    expect(cn).toMatchObject({ number: "CN-0001", status: "PAID", contactId: DEMO_CONTACTS.acme.id });
    expect(amountDue(inv)).toBe(due - 5000);
    expect(contactBalance(h.state, DEMO_TENANT_ID, DEMO_CONTACTS.acme.id).outstanding).toBe(
      before.outstanding - 50,
    );

    const one = await h.get(`/CreditNotes/${cn.id}`);
    expect(one.status).toBe(200);
    expect(one.body?.CreditNotes[0]).toMatchObject({
      CreditNoteID: cn.id,
      CreditNoteNumber: "CN-0001",
      Type: "ACCRECCREDIT",
      Status: "PAID",
      Total: 50,
      RemainingCredit: 0,
      Contact: { ContactID: DEMO_CONTACTS.acme.id },
      Allocations: [{ Amount: 50, Invoice: { InvoiceID: inv.invoiceId } }],
    });
    const invoice = await h.get(`/Invoices/${inv.invoiceId}`);
    expect(invoice.body?.Invoices[0]).toMatchObject({
      AmountCredited: 50,
      AmountDue: (due - 5000) / 100,
      CreditNotes: [{ CreditNoteID: cn.id, AppliedAmount: 50 }],
    });
    expect((await h.get("/CreditNotes")).body?.CreditNotes).toHaveLength(1);
    expect((await h.get("/CreditNotes?page=1")).body?.pagination).toMatchObject({ itemCount: 1 });
    expect((await h.get(`/Prepayments/${cn.id}`)).status).toBe(404); // right id, wrong collection
    expect((await h.get("/CreditNotes/CN-0001")).status).toBe(404);
    expect(h.violations).toEqual([]);
  });

  it("crediting an invoice's whole amount due makes it PAID", () => {
    const h = accountingHarness();
    const inv = h.state.orgs.get(DEMO_TENANT_ID)?.invoices.get(DEMO_INVOICES.acmeOpen.id);
    createCredit(h.state, DEMO_TENANT_ID, { kind: "CREDITNOTE", invoice: DEMO_INVOICES.acmeOpen.id });
    expect(inv).toMatchObject({ status: "PAID" });
    expect(inv && amountDue(inv)).toBe(0);
  });

  it("unallocated prepayments and overpayments lower the contact's outstanding balance (below zero too)", async () => {
    const h = harness();
    const langley = DEMO_CONTACTS.langley.id;
    const before = contactBalance(h.state, DEMO_TENANT_ID, langley).outstanding;
    const pre = createCredit(h.state, DEMO_TENANT_ID, {
      kind: "PREPAYMENT",
      contactId: langley,
      amount: 120.5,
    });
    const over = createCredit(h.state, DEMO_TENANT_ID, {
      kind: "OVERPAYMENT",
      contactId: langley,
      amount: 10,
    });
    expect(contactBalance(h.state, DEMO_TENANT_ID, langley).outstanding).toBeCloseTo(before - 130.5, 2);
    const p = await h.get(`/Prepayments/${pre.id}`);
    expect(p.body?.Prepayments[0]).toMatchObject({
      PrepaymentID: pre.id,
      Type: "RECEIVE-PREPAYMENT",
      Status: "AUTHORISED",
      RemainingCredit: 120.5,
      Allocations: [],
    });
    const o = await h.get(`/Overpayments/${over.id}`);
    expect(o.body?.Overpayments[0]).toMatchObject({ OverpaymentID: over.id, Type: "RECEIVE-OVERPAYMENT" });
    expect((await h.get("/Prepayments?page=1")).body?.Prepayments).toHaveLength(1);
    expect((await h.get("/Overpayments")).body?.Overpayments).toHaveLength(1);
    const contact = await h.get(`/Contacts/${langley}`);
    expect(contact.body?.Contacts[0].Balances.AccountsReceivable.Outstanding).toBeCloseTo(before - 130.5, 2);
    expect(h.violations).toEqual([]);
  });

  it("the control refuses what Xero would: over-allocation, a paid invoice, an unknown contact", async () => {
    const em = createEmulator({ seed: "demo" });
    const post = async (b: unknown) => {
      const res = await em.fetch(`http://x/_control/orgs/${DEMO_TENANT_ID}/credits`, {
        method: "POST",
        body: JSON.stringify(b),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const okRes = await post({ kind: "CREDITNOTE", invoice: DEMO_INVOICES.acmeOpen.number, amount: 10 });
    expect(okRes).toMatchObject({
      status: 200,
      body: { kind: "CREDITNOTE", number: "CN-0001", status: "PAID" },
    });
    const tooMuch = await post({
      kind: "CREDITNOTE",
      invoice: DEMO_INVOICES.acmeOpen.id,
      amount: 1e6,
      allocate: 1e6,
    });
    expect(tooMuch.status).toBe(400);
    expect(String(tooMuch.body.error)).toMatch(/exceeds the amount outstanding/);
    expect((await post({ kind: "CREDITNOTE", invoice: DEMO_INVOICES.acmePaid.id })).status).toBe(400);
    expect((await post({ kind: "PREPAYMENT", contactId: crypto.randomUUID(), amount: 5 })).status).toBe(400);
    expect((await post({ kind: "PREPAYMENT", amount: 5 })).status).toBe(400);
    expect((await post({ kind: "REFUND", amount: 5 })).status).toBe(400);
  });
});
