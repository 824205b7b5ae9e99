// POST /payment: linked to an invoice, into a Bank account or Undeposited Funds; balances and
// LinkedTxn move; over-payment is a ValidationFault 6000; requestid replays the original answer,
// including after a lost response.

import { describe, expect, it } from "vitest";
import { DEMO_QBO_IDS, PEAK_REALM_ID } from "./index.ts";
import { qboHarness } from "./testing.ts";

const ids = DEMO_QBO_IDS;
type Json = Record<string, any>;

function paymentBody(invoiceId: string, customerId: string, amount: number, extra: Json = {}) {
  return {
    CustomerRef: { value: customerId },
    TotalAmt: amount,
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: "Invoice" }] }],
    ...extra,
  };
}

async function post(h: Awaited<ReturnType<typeof qboHarness>>, body: unknown, query = "") {
  const res = await h.api(`/payment${query}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe("POST /payment", () => {
  it("pays an invoice into a bank account: invoice Balance and LinkedTxn, customer Balance and BalanceWithJobs", async () => {
    const h = await qboHarness();
    const inv = ids.invoices["J-20011"] as string; // Leeds Site (a job under Hallam), part-paid 900 of 1800
    const leeds = ids.customers.hallamLeeds as string;
    const before = (await (await h.api(`/customer/${ids.customers.hallam}`)).json()) as Json;
    const r = await post(
      h,
      paymentBody(inv, leeds, 400.5, {
        DepositToAccountRef: { value: ids.accounts.bank },
        PaymentRefNum: "AGG-1",
        TxnDate: "2026-11-30",
      }),
    );
    expect(r.status).toBe(200);
    expect(r.body.Payment).toMatchObject({
      TotalAmt: 400.5,
      UnappliedAmt: 0,
      DepositToAccountRef: { value: ids.accounts.bank },
      PaymentRefNum: "AGG-1",
      TxnDate: "2026-11-30",
    });
    const invoice = ((await (await h.api(`/invoice/${inv}`)).json()) as Json).Invoice;
    expect(invoice.Balance).toBe(499.5);
    expect(invoice.LinkedTxn).toContainEqual({ TxnId: r.body.Payment.Id, TxnType: "Payment" });
    const after = (await (await h.api(`/customer/${ids.customers.hallam}`)).json()) as Json;
    expect(after.Customer.Balance).toBe(before.Customer.Balance);
    expect(Math.round((before.Customer.BalanceWithJobs - after.Customer.BalanceWithJobs) * 100)).toBe(40050);
    expect(h.violations).toEqual([]);
  });

  it("deposits to Undeposited Funds without DepositToAccountRef", async () => {
    const h = await qboHarness();
    const r = await post(
      h,
      paymentBody(ids.invoices["J-20002"] as string, ids.customers.acme as string, 480.5),
    );
    expect(r.body.Payment.DepositToAccountRef).toEqual({ value: ids.accounts.undeposited });
    expect(
      ((await (await h.api(`/invoice/${ids.invoices["J-20002"]}`)).json()) as Json).Invoice.Balance,
    ).toBe(0);
  });

  it("refuses more than the invoice Balance (6000), bad accounts, inactive customers, unknown fields", async () => {
    const h = await qboHarness();
    const inv = ids.invoices["J-20002"] as string;
    const acme = ids.customers.acme as string;
    const over = await post(h, paymentBody(inv, acme, 480.51));
    expect(over.status).toBe(400);
    expect(over.body.Fault).toMatchObject({ type: "ValidationFault", Error: [{ code: "6000" }] });
    const voided = await post(
      h,
      paymentBody(ids.invoices["J-20006"] as string, ids.customers.calder as string, 1),
    );
    expect(voided.body.Fault.Error[0].code).toBe("6000");
    const income = await post(
      h,
      paymentBody(inv, acme, 10, { DepositToAccountRef: { value: ids.accounts.sales } }),
    );
    expect(income.body.Fault.Error[0].code).toBe("6000");
    const inactive = await post(
      h,
      paymentBody(ids.invoices["J-20020"] as string, ids.customers.ironside as string, 10),
    );
    expect(inactive.body.Fault.Error[0].code).toBe("610");
    const other = await post(h, paymentBody(inv, ids.customers.britannia as string, 10));
    expect(other.body.Fault.Error[0].code).toBe("6000");
    const unknown = await post(h, { ...paymentBody(inv, acme, 10), Colour: "red" });
    expect(unknown.body.Fault.Error[0]).toMatchObject({ code: "2010" });
    const pennies = await post(h, paymentBody(inv, acme, 10.001));
    expect(pennies.status).toBe(400);
    const bad = await h.api("/payment", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(bad.status).toBe(400);
    expect(((await (await h.api(`/invoice/${inv}`)).json()) as Json).Invoice.Balance).toBe(480.5);
    expect(h.violations).toEqual([]);
  });
});

describe("requestid", () => {
  it("replays the original answer for the same id (per company) without paying twice", async () => {
    const h = await qboHarness();
    const inv = ids.invoices["J-20009"] as string; // 4,000 open
    const body = paymentBody(inv, ids.customers.hallam as string, 1000);
    const first = await post(h, body, "?requestid=pay-0001");
    const second = await post(h, body, "?requestid=pay-0001");
    expect(second).toEqual(first);
    const other = await post(
      h,
      { ...body, TotalAmt: 5, Line: [{ Amount: 5, LinkedTxn: [{ TxnId: inv, TxnType: "Invoice" }] }] },
      "?requestid=pay-0001",
    );
    expect(other.body.Payment.Id).toBe(first.body.Payment.Id);
    expect(((await (await h.api(`/invoice/${inv}`)).json()) as Json).Invoice.Balance).toBe(3000);
    const fresh = await post(h, body, "?requestid=pay-0002");
    expect(fresh.body.Payment.Id).not.toBe(first.body.Payment.Id);
    expect(h.violations).toEqual([]);
  });

  it("keeps requestids per company: the same id in another company is a new request", async () => {
    const h = await qboHarness();
    const { connect } = await import("./testing.ts");
    const peak = await connect(h.emu.fetch, PEAK_REALM_ID);
    const peakCo = h.emu.state.companies.get(PEAK_REALM_ID);
    const peakInvoice = [...(peakCo?.invoices.values() ?? [])][0];
    const first = await post(
      h,
      paymentBody(ids.invoices["J-20009"] as string, ids.customers.hallam as string, 10),
      "?requestid=shared-1",
    );
    const res = await h.api("/payment?requestid=shared-1", {
      method: "POST",
      realmId: PEAK_REALM_ID,
      token: peak.access_token,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(paymentBody(peakInvoice?.id ?? "", peakInvoice?.customerId ?? "", 10)),
    });
    const other = (await res.json()) as Json;
    expect(res.status).toBe(200);
    expect(other.Payment.CustomerRef.value).toBe(peakInvoice?.customerId);
    expect(other.Payment).not.toEqual(first.body.Payment);
    expect(h.violations).toEqual([]);
  });

  it("refuses a requestid longer than 50 characters", async () => {
    const h = await qboHarness();
    const r = await post(
      h,
      paymentBody(ids.invoices["J-20009"] as string, ids.customers.hallam as string, 1),
      `?requestid=${"x".repeat(51)}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.Fault.Error[0].element).toBe("requestid");
    expect(
      (
        await post(
          h,
          paymentBody(ids.invoices["J-20009"] as string, ids.customers.hallam as string, 1),
          `?requestid=${"x".repeat(50)}`,
        )
      ).status,
    ).toBe(200);
  });

  it("a lost response (the write happened) then a retry with the same id gets the original payment", async () => {
    const h = await qboHarness();
    const inv = ids.invoices["J-20016"] as string; // 8,800 open
    await h.emu.fetch("http://x/_control/faults", {
      method: "POST",
      body: JSON.stringify({
        method: "POST",
        pathPrefix: `/v3/company/${h.tokens.realmId}/payment`,
        kind: "drop_response",
      }),
    });
    const body = paymentBody(inv, ids.customers.moorland as string, 8800);
    await expect(post(h, body, "?requestid=lost-1")).rejects.toThrow(TypeError);
    expect(((await (await h.api(`/invoice/${inv}`)).json()) as Json).Invoice.Balance).toBe(0);
    const retry = await post(h, body, "?requestid=lost-1");
    expect(retry.status).toBe(200);
    expect(retry.body.Payment.TotalAmt).toBe(8800);
    const payments = (await h.query(`SELECT * FROM Payment WHERE CustomerRef = '${ids.customers.moorland}'`))
      .body.QueryResponse.Payment;
    expect(payments).toHaveLength(1);
    // Without a requestid the retry would have been a second payment and an over-payment fault.
    expect((await post(h, body)).body.Fault.Error[0].code).toBe("6000");
    expect(h.violations).toEqual([]);
  });
});
