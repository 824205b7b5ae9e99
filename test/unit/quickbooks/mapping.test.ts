// Pure mapping of QuickBooks Customers and Invoices to the neutral model, against the records
// the QBO emulator's demo company serves (so the shapes are Intuit's, conformance-checked).

import { describe, expect, it } from "vitest";
import { matchCustomer } from "../../../worker/credit/matching.ts";
import { parseCreditLimit } from "../../../worker/credit/network-key.ts";
import { toSummary } from "../../../worker/provider/model.ts";
import { qboQuery } from "../../../worker/quickbooks/api.ts";
import { QboCustomer, toCustomer } from "../../../worker/quickbooks/customer.ts";
import { isVoided, overdueByCustomer, QboInvoice, toInvoice } from "../../../worker/quickbooks/invoice.ts";
import { DEMO_QBO_IDS } from "../../qbo-emulator/index.ts";
import { connected } from "./helpers.ts";

/** A demo customer's id by its seed key. */
const cid = (k: string): string => {
  const v = DEMO_QBO_IDS.customers[k];
  if (!v) throw new Error(`no demo customer ${k}`);
  return v;
};

async function demo() {
  const q = await connected();
  const c = (
    await qboQuery<any>(q.deps, "SELECT * FROM Customer WHERE Active IN (true, false) MAXRESULTS 1000")
  ).QueryResponse.Customer.map((x: unknown) => QboCustomer.parse(x));
  const i = (await qboQuery<any>(q.deps, "SELECT * FROM Invoice MAXRESULTS 1000")).QueryResponse.Invoice.map(
    (x: unknown) => QboInvoice.parse(x),
  );
  expect(q.violations).toEqual([]);
  return { q, customers: c as QboCustomer[], invoices: i as QboInvoice[] };
}

describe("credit limit in Fax", () => {
  it.each([
    ["10000", 1_000_000],
    ["10,000", 1_000_000],
    ["£10,000.00", 1_000_000],
    [" 7,500 ", 750_000],
    ["0", 0],
  ])("%j is a limit", (raw, minor) => {
    expect(parseCreditLimit(raw, "GBP")).toEqual({ kind: "limit", minor });
  });

  it.each(["01234 567890", "01234567890", "+44 1234 567890", "(01234) 567890", "ask accounts"])(
    "%j is not a limit (shown to admins), never a huge one",
    (raw) => {
      expect(parseCreditLimit(raw, "GBP")).toMatchObject({ kind: "invalid", raw });
    },
  );

  it("no Fax or an empty one is no limit", () => {
    expect(parseCreditLimit(null, "GBP")).toEqual({ kind: "none" });
    expect(parseCreditLimit("", "GBP")).toEqual({ kind: "none" });
  });
});

describe("toCustomer", () => {
  it("maps the demo customers: Fax raw, inactive → ARCHIVED, DisplayName/CompanyName as keys", async () => {
    const { customers } = await demo();
    const byId = new Map(customers.map((c) => [c.Id, toCustomer(c, "GBP", 0)]));
    expect(byId.get(cid("acme"))).toMatchObject({
      contactId: cid("acme"),
      name: "ACME Aggregates",
      contactNumber: "ACME Aggregates",
      accountNumber: "ACME Aggregates Ltd",
      limitRaw: "10000",
      status: "ACTIVE",
    });
    expect(byId.get(cid("dale"))?.limitRaw).toBe("01234 567890");
    expect(byId.get(cid("fenwick"))?.limitRaw).toBeNull();
    expect(byId.get(cid("ironside"))?.status).toBe("ARCHIVED");
  });

  it("a parent with sub-customers owes BalanceWithJobs (its sites are the same debtor)", async () => {
    const { customers } = await demo();
    const hallam = customers.find((c) => c.Id === cid("hallam"));
    if (!hallam) throw new Error("no Hallam");
    expect(hallam.BalanceWithJobs).toBeGreaterThan(hallam.Balance ?? 0);
    expect(toCustomer(hallam, "GBP", 0).outstandingMinor).toBe(
      Math.round((hallam.BalanceWithJobs ?? 0) * 100),
    );
    const leeds = customers.find((c) => c.Id === cid("hallamLeeds"));
    expect(leeds?.Job).toBe(true);
    expect(toCustomer(leeds as QboCustomer, "GBP", 0).outstandingMinor).toBe(
      Math.round((leeds?.Balance ?? 0) * 100),
    );
  });

  it("a merge target is kept only on an inactive record", () => {
    const base = QboCustomer.parse({ Id: "9", DisplayName: "Old", Active: false });
    expect(toCustomer(base, "GBP", 0, { to: "1" }).mergedToContactId).toBe("1");
    expect(toCustomer({ ...base, Active: true }, "GBP", 0, { to: "1" }).mergedToContactId).toBeUndefined();
  });

  it("a merged-away record keeps the matching keys it had before QuickBooks renamed it", () => {
    const gone = QboCustomer.parse({ Id: "9", DisplayName: "Jubilee Ltd (deleted)", Active: false });
    const keys = { name: "Jubilee Ltd", contactNumber: "Jubilee Ltd", accountNumber: "Jubilee" };
    expect(toCustomer(gone, "GBP", 0, { to: "1", keys })).toMatchObject({
      ...keys,
      mergedToContactId: "1",
      status: "ARCHIVED",
    });
  });

  it("matches by Id, then DisplayName, then CompanyName (shared → ambiguous), then normalised name", async () => {
    const { customers } = await demo();
    const list = customers.map((c) => toSummary(toCustomer(c, "GBP", 0)));
    expect(matchCustomer(cid("acme"), list)).toMatchObject({ kind: "found", tier: "contactId" });
    expect(matchCustomer("kirk & sons (york)", list)).toMatchObject({ kind: "found", tier: "contactNumber" });
    expect(matchCustomer("Calder Skips Ltd", list)).toMatchObject({ kind: "found", tier: "accountNumber" });
    expect(matchCustomer("Kirk & Sons", list)).toMatchObject({ kind: "ambiguous", tier: "accountNumber" });
    expect(matchCustomer("ACME  aggregates.", list)).toMatchObject({ kind: "found", tier: "name" });
  });
});

describe("toInvoice", () => {
  it("derives the status QuickBooks lacks: paid, part paid, voided; DocNumber is the job key; minor units", async () => {
    const { invoices } = await demo();
    const by = new Map(invoices.map((x) => [x.DocNumber ?? "", toInvoice(x, "GBP")]));
    expect(by.get("J-20001")).toMatchObject({
      status: "PAID",
      dueMinor: 0,
      totalMinor: 125_000,
      paidMinor: 125_000,
    });
    expect(by.get("J-20002")).toMatchObject({
      status: "AUTHORISED",
      totalMinor: 48_050,
      dueMinor: 48_050,
      paidMinor: 0,
    });
    const part = by.get("J-20003");
    expect(part?.status).toBe("AUTHORISED");
    expect(part && part.paidMinor > 0 && part.dueMinor > 0).toBe(true);
    expect(by.get("J-20006")).toMatchObject({ status: "VOIDED", totalMinor: 0, dueMinor: 0 });
    expect(by.get("J-20010")?.totalMinor).toBe(275_025);
    expect(by.get("J-20002")?.invoiceNumber).toBe("J-20002");
    expect(by.has("J-20008")).toBe(false); // deleted: only CDC knows
  });

  it("a zero-total invoice is not paid, and not voided without the note", () => {
    const zero = QboInvoice.parse({ Id: "1", DocNumber: "J-1", TotalAmt: 0, Balance: 0 });
    expect(isVoided(zero)).toBe(false);
    expect(toInvoice(zero, "GBP").status).toBe("AUTHORISED");
  });

  it("a CDC tombstone is DELETED with no job key", () => {
    const gone = QboInvoice.parse({ domain: "QBO", status: "Deleted", Id: "77", MetaData: {} });
    expect(toInvoice(gone, "GBP")).toMatchObject({ invoiceId: "77", status: "DELETED", invoiceNumber: "" });
  });

  it("overdue per customer: open balances past due only", async () => {
    const { invoices } = await demo();
    const today = new Date().toISOString().slice(0, 10);
    const overdue = overdueByCustomer(invoices, today, "GBP");
    expect(overdue.get(cid("calder"))).toBe(1_250_000);
    expect(overdue.has(cid("acme"))).toBe(false);
  });
});
