// "Demo Quarry Ltd" (GBP): the QuickBooks company the demo and tests run against, in the spirit of
// the Xero emulator's Demo Aggregates: messy Fax credit limits, a parent with sub-customers (jobs),
// an inactive customer, a merged pair, duplicate company names, and invoices paid, part-paid,
// overdue, voided and deleted, numbered with AGG SMART job numbers. Also "Peak Haulage Ltd", a
// second, nearly empty company, so the picker has a choice and a wrong-realm call can be made.
// Ids are assigned in a fixed order, so they are the same on every run (DEMO_QBO_IDS).

import { addDays, companyDay } from "../format.ts";
import { type Company, newCompany, nextId, type QboAccount } from "../model.ts";
import {
  deleteInvoice,
  mergeCustomers,
  payInvoice,
  upsertCustomer,
  upsertInvoice,
  voidInvoice,
} from "../ops.ts";
import type { QboState } from "../state.ts";
import { CUSTOMERS, INVOICES } from "./demo-data.ts";

/** realmId of Demo Quarry Ltd. */
export const DEMO_REALM_ID = "9341453172640321";
export const DEMO_COMPANY_NAME = "Demo Quarry Ltd";
/** realmId of Peak Haulage Ltd (a second company for the picker). */
export const PEAK_REALM_ID = "9341453172640999";
export const PEAK_COMPANY_NAME = "Peak Haulage Ltd";

const DAY = 86_400_000;

/** Adds an account. */
export function putAccount(
  co: Company,
  now: number,
  a: Omit<QboAccount, "id" | "syncToken" | "createdAt" | "updatedAt" | "currency">,
): QboAccount {
  const acc: QboAccount = {
    ...a,
    id: nextId(co),
    syncToken: 0,
    currency: co.currency,
    createdAt: now - 400 * DAY,
    updatedAt: now - 400 * DAY,
  };
  co.accounts.set(acc.id, acc);
  return acc;
}

/** The standard accounts: A/R, a current account, an inactive savings account, Undeposited Funds, Sales. */
export function standardAccounts(co: Company, now: number): void {
  putAccount(co, now, {
    name: "Debtors",
    accountType: "Accounts Receivable",
    accountSubType: "AccountsReceivable",
    classification: "Asset",
    active: true,
    currentBalancePence: 0,
  });
  putAccount(co, now, {
    name: "Business Current Account",
    accountType: "Bank",
    accountSubType: "Checking",
    classification: "Asset",
    active: true,
    acctNum: "1200",
    currentBalancePence: 2_500_000,
  });
  putAccount(co, now, {
    name: "Old Savings Account",
    accountType: "Bank",
    accountSubType: "Savings",
    classification: "Asset",
    active: false,
    acctNum: "1210",
    currentBalancePence: 0,
  });
  putAccount(co, now, {
    name: "Undeposited Funds",
    accountType: "Other Current Asset",
    accountSubType: "UndepositedFunds",
    classification: "Asset",
    active: true,
    currentBalancePence: 0,
  });
  putAccount(co, now, {
    name: "Sales",
    accountType: "Income",
    accountSubType: "SalesOfProductIncome",
    classification: "Revenue",
    active: true,
    currentBalancePence: 0,
  });
}

/** Known ids in Demo Quarry Ltd (assigned in seed order). */
export const DEMO_QBO_IDS = (() => {
  // Accounts take ids 1-5, then customers in table order, then invoices in table order.
  const accounts = { receivable: "1", bank: "2", savingsInactive: "3", undeposited: "4", sales: "5" };
  const customers = Object.fromEntries(CUSTOMERS.map((r, i) => [r[0], String(6 + i)])) as Record<
    string,
    string
  >;
  const invoices = Object.fromEntries(
    INVOICES.map((r, i) => [r[0], String(6 + CUSTOMERS.length + i)]),
  ) as Record<string, string>;
  return { accounts, customers, invoices };
})();

/** Seeds Demo Quarry Ltd and Peak Haulage Ltd (replacing them if present). Webhooks stay quiet. */
export function seedDemo(state: QboState): Company {
  const now = state.clock.now();
  const listeners = state.listeners.splice(0);
  const changes = state.changes.length;
  try {
    const co = newCompany(DEMO_REALM_ID, DEMO_COMPANY_NAME, now - 400 * DAY, {
      legalName: "Demo Quarry Limited",
    });
    state.companies.set(co.realmId, co);
    standardAccounts(co, now);
    const key: Record<string, string> = {};
    for (const [k, display, company, fax, extra] of CUSTOMERS) {
      const c = upsertCustomer(state, co.realmId, undefined, {
        displayName: display,
        companyName: company,
        fax,
        phone: extra?.phone,
        email: extra?.email,
        parentId: extra?.parent ? key[extra.parent] : undefined,
      });
      c.createdAt = c.updatedAt = now - 120 * DAY;
      if (extra?.inactive) c.active = false;
      key[k] = c.id;
    }
    const today = companyDay(now);
    // All invoices first (so their ids follow the table), then what happened to them.
    const made = INVOICES.map(([job, cust, pounds, , ago, terms]) => {
      const txnDate = addDays(today, -ago);
      const inv = upsertInvoice(state, co.realmId, undefined, {
        docNumber: job,
        customerId: key[cust],
        txnDate,
        dueDate: addDays(txnDate, terms),
        totalPence: Math.round(pounds * 100),
        jobNumber: job,
      });
      inv.createdAt = inv.updatedAt = now - ago * DAY;
      return inv;
    });
    INVOICES.forEach(([, , , kind], i) => {
      const inv = made[i];
      if (!inv) return;
      if (kind === "paid")
        payInvoice(state, co.realmId, inv.id, {
          date: addDays(inv.txnDate, 10),
          accountId: DEMO_QBO_IDS.accounts.bank,
        });
      if (kind === "part")
        payInvoice(state, co.realmId, inv.id, {
          amountPence: Math.round(inv.totalPence / 2),
          date: addDays(inv.txnDate, 7),
        });
      if (kind === "voided") voidInvoice(state, co.realmId, inv.id);
      if (kind === "deleted") deleteInvoice(state, co.realmId, inv.id);
    });
    // Merged in the QBO UI: the old duplicate's invoices move over, it becomes inactive.
    mergeCustomers(state, co.realmId, key.jubileeOld as string, key.jubilee as string);
    // Seeded history happened before today: nothing looks changed "now" to a first sync.
    const past = now - DAY;
    for (const x of [...co.customers.values(), ...co.invoices.values(), ...co.payments.values()]) {
      x.updatedAt = Math.min(x.updatedAt, past);
      x.createdAt = Math.min(x.createdAt, x.updatedAt);
    }
    for (const t of co.tombstones) t.at = Math.min(t.at, past);

    const peak = newCompany(PEAK_REALM_ID, PEAK_COMPANY_NAME, now - 200 * DAY);
    state.companies.set(peak.realmId, peak);
    standardAccounts(peak, now);
    const c = upsertCustomer(state, peak.realmId, undefined, {
      displayName: "Peak District Stone",
      fax: "2000",
    });
    upsertInvoice(state, peak.realmId, undefined, {
      customerId: c.id,
      docNumber: "P-1001",
      totalPence: 50_000,
    });
    return co;
  } finally {
    state.changes.length = changes;
    state.listeners.push(...listeners);
  }
}
