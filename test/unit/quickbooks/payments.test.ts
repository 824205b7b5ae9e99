// The QuickBooks PaymentWriter against the QBO emulator: deposit accounts, POST /payment linked
// to the invoice with requestid and a PaymentRefNum tag, find() after a lost answer, refusals.

import { describe, expect, it } from "vitest";
import type { PaymentRequest } from "../../../worker/provider/model.ts";
import { qboCall } from "../../../worker/quickbooks/api.ts";
import {
  depositAccounts,
  findPayment,
  paymentTag,
  postPayment,
  refusalFromQbo,
  requestId,
} from "../../../worker/quickbooks/payments.ts";
import { DEMO_QBO_IDS, DEMO_REALM_ID } from "../../qbo-emulator/index.ts";
import { connected } from "./helpers.ts";

const inv = (k: string): string => {
  const v = DEMO_QBO_IDS.invoices[k];
  if (!v) throw new Error(`no demo invoice ${k}`);
  return v;
};

async function setup() {
  const q = await connected();
  const call = (req: Parameters<typeof qboCall>[1]) => qboCall(q.deps, req);
  const req = (over: Partial<PaymentRequest> = {}): PaymentRequest => ({
    invoiceId: inv("J-20002"),
    amount: "480.50",
    date: new Date(q.emu.clock.now()).toISOString().slice(0, 10),
    accountCode: "2",
    reference: "AGG SMART pay-123 #0123456789",
    ...over,
  });
  const payments = async () =>
    (
      (await call({ path: "/query", query: { query: "SELECT * FROM Payment MAXRESULTS 1000" } })) as {
        QueryResponse: { Payment?: { Id: string; PaymentRefNum?: string }[] };
      }
    ).QueryResponse.Payment ?? [];
  return { q, call, req, payments };
}

describe("QuickBooks payments", () => {
  it("lists active Bank accounts and Undeposited Funds only", async () => {
    const s = await setup();
    const list = await depositAccounts(s.call);
    expect(list.map((a) => a.name).sort()).toEqual(["Business Current Account", "Undeposited Funds"]);
    expect(list.find((a) => a.name === "Undeposited Funds")?.type).toBe("Undeposited Funds");
    expect(s.q.violations).toEqual([]);
  });

  it("posts linked to the invoice into the chosen account; the invoice is paid; the tag fits 21 characters", async () => {
    const s = await setup();
    const r = s.req();
    const { providerPaymentId } = await postPayment(s.call, r, "key-1");
    const p = (await s.call({ path: `/payment/${providerPaymentId}` })) as any;
    expect(p.Payment.DepositToAccountRef.value).toBe("2");
    expect(p.Payment.PaymentRefNum).toBe(await paymentTag(r.reference));
    expect(p.Payment.PaymentRefNum.length).toBeLessThanOrEqual(21);
    expect(p.Payment.Line[0].LinkedTxn[0]).toEqual({ TxnId: r.invoiceId, TxnType: "Invoice" });
    const i = (await s.call({ path: `/invoice/${r.invoiceId}` })) as any;
    expect(i.Invoice.Balance).toBe(0);
    expect(s.q.violations).toEqual([]);
  });

  it("requestid: ≤ 50 characters, differs per reference; a repeat is answered with the first payment", async () => {
    const s = await setup();
    const id = await requestId("AGG SMART pay-1 #aaaa", "k".repeat(200));
    expect(id.length).toBeLessThanOrEqual(50);
    expect(id).not.toBe(await requestId("AGG SMART pay-1 #bbbb", "k".repeat(200)));
    const a = await postPayment(s.call, s.req({ amount: "10.00" }), "key-1");
    const b = await postPayment(s.call, s.req({ amount: "10.00" }), "key-1");
    expect(b.providerPaymentId).toBe(a.providerPaymentId);
    const tag = await paymentTag(s.req().reference);
    expect((await s.payments()).filter((p) => p.PaymentRefNum === tag)).toHaveLength(1);
  });

  it("a lost answer: the retry is replayed by requestid (one payment), and find() names it", async () => {
    const s = await setup();
    const r = s.req();
    expect(await findPayment(s.call, r)).toBeNull();
    await s.q.control("/faults", {
      pathPrefix: `/v3/company/${DEMO_REALM_ID}/payment`,
      method: "POST",
      kind: "drop_response",
    });
    const { providerPaymentId } = await postPayment(s.call, r, "key-1");
    expect(await findPayment(s.call, r)).toBe(providerPaymentId);
    const tag = await paymentTag(r.reference);
    expect((await s.payments()).filter((p) => p.PaymentRefNum === tag)).toHaveLength(1);
    expect(await findPayment(s.call, { ...r, reference: "AGG SMART other #0123456789" })).toBeNull();
  });

  it("refusals map to the statuses the Xero provider uses", async () => {
    const s = await setup();
    const refused = async (r: PaymentRequest) => {
      const e = (await postPayment(s.call, r, `k-${Math.random()}`).catch((x: unknown) => x)) as {
        kind: string;
        messages: string[];
      };
      expect(e.kind).toBe("validation");
      return refusalFromQbo(e.messages, "J-1");
    };
    expect(await refused(s.req({ amount: "9999.00" }))).toMatchObject({ status: 422, code: "unprocessable" });
    expect(await refused(s.req({ invoiceId: inv("J-20001"), amount: "1.00" }))).toMatchObject({
      status: 409,
      code: "conflict",
    });
    const acct = await refused(s.req({ accountCode: "5" }));
    expect(acct).toMatchObject({ status: 409, code: "conflict" });
    expect(acct.accountProblem).toMatch(/deposit account/);
    expect(await refused(s.req({ accountCode: "3" }))).toHaveProperty("accountProblem");
  });
});
