// The QuickBooks session behind the seam, against the QBO emulator: customers by id with a
// parent's roll-up, invoices by id (a vanished one is DELETED), a job's invoices by DocNumber,
// metered reads counted per month, and the provider descriptor's registration.

import { describe, expect, it } from "vitest";
import { providerFor } from "../../../worker/provider/registry.ts";
import { type QboBudget, QboSession } from "../../../worker/quickbooks/session.ts";
import { DEMO_QBO_IDS, DEMO_REALM_ID } from "../../qbo-emulator/index.ts";
import { connected } from "./helpers.ts";

const cid = (k: string): string => {
  const v = DEMO_QBO_IDS.customers[k];
  if (!v) throw new Error(`no demo customer ${k}`);
  return v;
};

async function session() {
  const q = await connected();
  const budget: QboBudget = {};
  const s = new QboSession({
    apiUrl: "https://quickbooks.api.intuit.com",
    rt: { now: () => q.emu.clock.now(), fetch: q.fetchFn, sleep: async () => {} },
    creds: q.creds,
    budget,
    currency: "GBP",
  });
  return { q, s, budget };
}

describe("QboSession", () => {
  it("customers by id: a parent's overdue includes its sub-customers' even when only the parent is asked for", async () => {
    const { s, q } = await session();
    const [hallam] = await s.pull.customers([cid("hallam")]);
    expect(hallam?.contactId).toBe(cid("hallam"));
    expect(hallam?.overdueMinor).toBe(275_025); // Sheffield Site's J-20010 (Leeds Site's is not yet due)
    expect(q.violations).toEqual([]);
  });

  it("a payment webhook costs four reads: the payment, its invoices, the customer, its open invoices", async () => {
    const { s, q, budget } = await session();
    const pay = await q.control(`/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`, {});
    const customers: string[] = [];
    const items = [
      { key: "1", entity: "Payment", operation: "Create", resourceId: pay.Id },
      { key: "2", entity: "Invoice", operation: "Update", resourceId: DEMO_QBO_IDS.invoices["J-20002"] },
    ];
    await s.events.apply(items, {
      invoices: async (ids) => ({
        customerRefs: (await s.pull.invoices(ids)).flatMap((i) => (i.contactId ? [i.contactId] : [])),
      }),
      customers: async (ids) => {
        customers.push(...(await s.pull.customers(ids)).map((c) => c.contactId));
      },
    });
    expect(customers).toEqual([cid("acme")]);
    // No sub-customers owe anything (BalanceWithJobs = Balance): the sub-customer list is not read.
    expect(budget.reads).toBe(4);
  });

  it("invoices by id: an id QuickBooks no longer has comes back DELETED", async () => {
    const { s, q } = await session();
    const id = DEMO_QBO_IDS.invoices["J-20007"] ?? "";
    await q.control(`/companies/${DEMO_REALM_ID}/invoices/J-20007`, undefined, "DELETE");
    const [gone] = await s.pull.invoices([id]);
    expect(gone).toMatchObject({ invoiceId: id, status: "DELETED" });
  });

  it("a job's invoices by DocNumber, read live", async () => {
    const { s } = await session();
    const list = await s.pull.jobInvoices(" J-20003 ", "InvoiceNumber");
    expect(list.map((i) => i.invoiceNumber)).toEqual(["J-20003"]);
    expect(await s.pull.jobInvoices("J-99999", "InvoiceNumber")).toEqual([]);
    expect(await s.pull.jobInvoices("J-1' OR ''='", "InvoiceNumber")).toEqual([]);
  });

  it("counts metered reads per calendar month; writes are not counted", async () => {
    const { s, budget } = await session();
    await s.payments.accounts();
    expect(budget.reads).toBe(1);
    expect(budget.readsMonth).toMatch(/^\d{4}-\d{2}$/);
  });
});

describe("registry", () => {
  it("knows QuickBooks Online: Fax as the limit field, DocNumber as the job field, OAuth + session + webhooks", () => {
    const p = providerFor("quickbooks");
    expect(p.name).toBe("QuickBooks Online");
    expect(p.limitFields.map((f) => f.value)).toEqual(["Fax"]);
    expect(p.jobMatchFields.map((f) => f.value)).toEqual(["InvoiceNumber"]);
    expect(typeof p.oauth).toBe("function");
    expect(typeof p.session).toBe("function");
    expect(typeof p.webhooks).toBe("function");
  });
});
