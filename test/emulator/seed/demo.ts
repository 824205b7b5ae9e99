// "Demo Aggregates Ltd": the organisation the demo and most tests run against. IDs are derived from
// names (stableId), so the constants below are known before seeding and identical on every run.

import { addDays, dayToMs, localDay } from "../accounting/format.ts";
import type { InvoiceStatus, OrgData } from "../accounting/model.ts";
import type { EmulatorState } from "../state.ts";
import { BILLS, CUSTOMERS, INVOICES, SUPPLIERS } from "./demo-data.ts";
import { stableId } from "./ids.ts";
import { createOrg, putContact, putInvoice } from "./org.ts";

/** Xero tenantId of Demo Aggregates Ltd. */
export const DEMO_TENANT_ID = "3c1f9a52-7d4e-4b8a-9e21-5a6c0d7f1b01";
/** Organisation name shown in the picker. */
export const DEMO_ORG_NAME = "Demo Aggregates Ltd";

const contactId = (ref: string) => stableId(`${DEMO_TENANT_ID}:contact`, ref);
const invoiceId = (n: number) => stableId(`${DEMO_TENANT_ID}:invoice`, String(n));
const invoiceNumber = (n: number) => `INV-${String(n).padStart(4, "0")}`;
const supplierId = (i: number) => stableId(`${DEMO_TENANT_ID}:supplier`, String(i));

function contactConst(ref: string) {
  const row = CUSTOMERS.find((r) => r[0] === ref);
  if (!row) throw new Error(`demo: no customer ${ref}`);
  return { id: contactId(ref), ref, name: row[1], networkKey: row[2] };
}

function invoiceConst(n: number) {
  const row = INVOICES[n - 1];
  if (!row) throw new Error(`demo: no invoice ${n}`);
  return { id: invoiceId(n), number: invoiceNumber(n), reference: row[0], status: row[3] as InvoiceStatus };
}

/** Named demo contacts (id, AGG SMART ref = ContactNumber, name, XeroNetworkKey as typed). */
export const DEMO_CONTACTS = {
  /** Well under its £10,000 limit. */
  acme: contactConst("ACME01"),
  /** About 79% of £25,000, one invoice overdue. */
  britannia: contactConst("BRIT01"),
  /** Over its £50,000 limit, mostly overdue. */
  calder: contactConst("CALD01"),
  /** Over a £3,000 limit, one overdue. */
  oakley: contactConst("OAKL01"),
  /** About 73% of £20,000; job J-10023 has two invoices. */
  pennine: contactConst("PENN01"),
  /** Two part-paid invoices. */
  riverside: contactConst("RIVE01"),
  /** Key "£5,000". */
  eastfield: contactConst("EAST01"),
  /** Key "abc". */
  ironbridge: contactConst("IRON01"),
  /** Key "" (blank). */
  kestrel: contactConst("KEST01"),
  /** No key at all. */
  langley: contactConst("LANG01"),
  /** These two names differ only by case, spacing and punctuation. */
  vale: contactConst("VALE01"),
  valeDuplicate: contactConst("VALE02"),
  /** ARCHIVED, merged into woldsLtd (MergedToContactID). */
  woldsArchived: contactConst("WOLD01"),
  woldsLtd: contactConst("WOLD02"),
  /** Has VOIDED, DELETED, PAID and AUTHORISED invoices. */
  zenith: contactConst("ZENI01"),
} as const;

/** Named demo invoices (id, InvoiceNumber, Reference = AGG SMART job ref, status at seed time). */
export const DEMO_INVOICES = {
  acmePaid: invoiceConst(1),
  acmeOpen: invoiceConst(2),
  britanniaOverdue: invoiceConst(3),
  calderOverdue: invoiceConst(5),
  pennineJob: invoiceConst(23),
  pennineTopUp: invoiceConst(24),
  voided: invoiceConst(25),
  draft: invoiceConst(26),
  riversidePartPaid: invoiceConst(27),
  submitted: invoiceConst(30),
  deleted: invoiceConst(39),
  zenithOpen: invoiceConst(40),
  zenithPaidInTwo: invoiceConst(41),
} as const;

/** Demo bank and other account codes. 090/091 take payments; 092 is ARCHIVED; 200 does not take payments. */
export const DEMO_ACCOUNTS = {
  current: { code: "090", id: stableId(`${DEMO_TENANT_ID}:account`, "090") },
  savings: { code: "091", id: stableId(`${DEMO_TENANT_ID}:account`, "091") },
  archivedBank: { code: "092", id: stableId(`${DEMO_TENANT_ID}:account`, "092") },
  sales: { code: "200", id: stableId(`${DEMO_TENANT_ID}:account`, "200") },
  directorsLoan: { code: "835", id: stableId(`${DEMO_TENANT_ID}:account`, "835") },
} as const;

/** Seeds Demo Aggregates Ltd relative to the emulator clock's today. */
export function seedDemo(state: EmulatorState): OrgData {
  const now = state.clock.now();
  const org = createOrg(state, {
    name: DEMO_ORG_NAME,
    tenantId: DEMO_TENANT_ID,
    legalName: "Demo Aggregates Limited",
    shortCode: "!dAgg7",
  });
  const today = localDay(now, org.ianaTimeZone);
  const ago = (days: number) => addDays(today, -days);
  const stamp = (day: string, hours: number) => Math.min(dayToMs(day) + hours * 3_600_000, now - 60_000);

  CUSTOMERS.forEach(([ref, name, key, email, accountNumber], i) => {
    putContact(org, {
      contactId: contactId(ref),
      contactNumber: ref,
      accountNumber,
      status: ref === "WOLD01" ? "ARCHIVED" : "ACTIVE",
      mergedToContactId: ref === "WOLD01" ? contactId("WOLD02") : undefined,
      name,
      emailAddress: email,
      xeroNetworkKey: key,
      isCustomer: true,
      isSupplier: ref === "TRNT01",
      defaultCurrency: "GBP",
      phone: `01${String(132 + i * 7).padStart(3, "0")} ${String(400_000 + i * 7919).slice(0, 6)}`,
      updatedAt: now - (200 - i * 5) * 86_400_000,
    });
  });
  SUPPLIERS.forEach(([name, email], i) => {
    putContact(org, {
      contactId: supplierId(i),
      status: "ACTIVE",
      name,
      emailAddress: email,
      isCustomer: false,
      isSupplier: true,
      updatedAt: now - 300 * 86_400_000,
    });
  });

  INVOICES.forEach(([job, ref, days, status, net, description, paid], i) => {
    const date = ago(days);
    const payments = (paid ?? []).map(([pounds, d], j) => ({
      amount: pounds * 100,
      day: ago(d),
      paymentId: stableId(`${DEMO_TENANT_ID}:payment`, `${i + 1}:${j}`),
    }));
    const last = payments.at(-1)?.day ?? date;
    putInvoice(org, {
      invoiceId: invoiceId(i + 1),
      invoiceNumber: invoiceNumber(i + 1),
      reference: job,
      contactId: contactId(ref),
      status: status as InvoiceStatus,
      date,
      dueDate: addDays(date, 30),
      lines: [{ description, quantity: 1, unitAmount: net * 100 }],
      payments,
      updatedAt: stamp(last, 10),
    });
  });
  org.nextInvoiceNumber = INVOICES.length + 1;

  for (const [number, supplier, days, status, net, description, paid] of BILLS) {
    const date = ago(days);
    const payments = (paid ?? []).map(([pounds, d], j) => ({
      amount: pounds * 100,
      day: ago(d),
      paymentId: stableId(`${DEMO_TENANT_ID}:payment`, `${number}:${j}`),
    }));
    putInvoice(org, {
      invoiceId: stableId(`${DEMO_TENANT_ID}:bill`, number),
      type: "ACCPAY",
      invoiceNumber: number,
      contactId: supplier < 0 ? contactId("TRNT01") : supplierId(supplier),
      status: status as InvoiceStatus,
      date,
      dueDate: addDays(date, 30),
      lines: [{ description, quantity: 1, unitAmount: net * 100 }],
      payments,
      updatedAt: stamp(payments.at(-1)?.day ?? date, 11),
    });
  }
  return org;
}
