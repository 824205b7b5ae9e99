// A big organisation for paging and sync-scale tests: 10,000 contacts and 50,000 invoices by default,
// generated from a seeded PRNG in well under a second.

import { addDays, localDay } from "../accounting/format.ts";
import type { InvoiceRecord, InvoiceStatus, OrgData } from "../accounting/model.ts";
import type { EmulatorState } from "../state.ts";
import { rng } from "./ids.ts";
import { accountByCode, createOrg } from "./org.ts";

/** Xero tenantId of the large organisation. */
export const LARGE_TENANT_ID = "5d7b3e90-2c1a-4e68-b4f3-9a0e6c8d2f03";
/** Its name. */
export const LARGE_ORG_NAME = "Large Aggregates Group Ltd";

const PREFIX = [
  "Apex",
  "Bolton",
  "Carlton",
  "Dunmore",
  "Elmwood",
  "Foxley",
  "Garside",
  "Hartley",
  "Inglewood",
  "Jarrow",
];
const TRADE = [
  "Groundworks",
  "Builders",
  "Skip Hire",
  "Civils",
  "Haulage",
  "Landscapes",
  "Quarries",
  "Demolition",
];
const KEYS = ["10000", "25000", "5000", "50000", "15000", "", "7500", "£2,000", "20000", "abc"];
const STATUS: readonly InvoiceStatus[] = [
  "AUTHORISED",
  "AUTHORISED",
  "AUTHORISED",
  "PAID",
  "PAID",
  "PAID",
  "PAID",
  "DRAFT",
  "VOIDED",
  "SUBMITTED",
  "DELETED",
];

/** Seeds the large organisation; sizes default to 10,000 contacts and 50,000 invoices. */
export function seedLarge(
  state: EmulatorState,
  sizes: { contacts?: number; invoices?: number } = {},
): OrgData {
  const contacts = sizes.contacts ?? 10_000;
  const invoices = sizes.invoices ?? 50_000;
  const now = state.clock.now();
  const r = rng(20_261_125);
  const org = createOrg(state, { name: LARGE_ORG_NAME, tenantId: LARGE_TENANT_ID, shortCode: "!lAgg1" });
  const today = localDay(now, org.ianaTimeZone);
  const bank = accountByCode(org, "090");
  if (!bank) throw new Error("large seed: no bank account");
  // Calendar days are precomputed: date arithmetic per invoice is the slow part of generating.
  const days = Array.from({ length: 366 }, (_, i) => addDays(today, -i));
  const dues = new Map(days.map((d) => [d, addDays(d, 30)]));
  const nextDay = new Map(days.map((d, i) => [d, days[i - 1] ?? d]));
  const contactIds: string[] = [];
  for (let i = 0; i < contacts; i++) {
    const contactId = r.guid();
    contactIds.push(contactId);
    org.contacts.set(contactId, {
      contactId,
      contactNumber: `C${String(i + 1).padStart(5, "0")}`,
      status: i % 97 === 0 ? "ARCHIVED" : "ACTIVE",
      name: `${r.pick(PREFIX)} ${r.pick(TRADE)} ${i + 1} Ltd`,
      emailAddress: `accounts${i + 1}@example.co.uk`,
      xeroNetworkKey: r.pick(KEYS),
      isCustomer: true,
      isSupplier: false,
      updatedAt: now - r.int(60_000, 365 * 86_400_000),
    });
  }
  for (let n = 1; n <= invoices && contactIds.length > 0; n++) {
    const invoiceId = r.guid();
    const date = days[r.int(0, 365)] as string;
    const net = r.int(50, 5000) * 100;
    const tax = Math.round(net * 0.2);
    const status = r.pick(STATUS);
    const inv: InvoiceRecord = {
      invoiceId,
      type: "ACCREC",
      invoiceNumber: `INV-${String(n).padStart(6, "0")}`,
      reference: `J-${200_000 + n}`,
      contactId: contactIds[r.int(0, contactIds.length - 1)] as string,
      status,
      lineAmountTypes: "Exclusive",
      date,
      dueDate: dues.get(date) ?? date,
      currencyCode: "GBP",
      lineItems: [
        {
          lineItemId: r.guid(),
          description: "Aggregates delivered",
          quantity: 1,
          unitAmount: net,
          accountCode: "200",
          taxType: "OUTPUT2",
          taxAmount: tax,
          lineAmount: net,
        },
      ],
      subTotal: net,
      totalTax: tax,
      total: net + tax,
      amountPaid: 0,
      amountCredited: 0,
      paymentIds: [],
      sentToContact: status !== "DRAFT",
      updatedAt: now - r.int(60_000, 365 * 86_400_000),
    };
    if (status === "PAID") {
      const paymentId = r.guid();
      const day = nextDay.get(date) ?? date;
      org.payments.set(paymentId, {
        paymentId,
        invoiceId,
        accountId: bank.accountId,
        date: day,
        amount: inv.total,
        status: "AUTHORISED",
        paymentType: "ACCRECPAYMENT",
        isReconciled: true,
        updatedAt: inv.updatedAt,
      });
      inv.paymentIds.push(paymentId);
      inv.amountPaid = inv.total;
      inv.fullyPaidOnDate = day;
    }
    org.invoices.set(invoiceId, inv);
  }
  org.nextInvoiceNumber = invoices + 1;
  return org;
}
