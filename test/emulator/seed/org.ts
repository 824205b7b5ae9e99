// Building blocks for seed data: an organisation with a UK chart of accounts, contacts, invoices and
// the payments already on them. These write records directly and announce no changes (seed data is
// the starting state, not something that happened); see control.ts for changes that fire webhooks.

import type {
  AccountRecord,
  ContactRecord,
  InvoiceRecord,
  InvoiceStatus,
  InvoiceType,
  OrgData,
} from "../accounting/model.ts";
import type { EmulatorState } from "../state.ts";
import { stableId } from "./ids.ts";

/** Options for a new organisation; everything but the name has a UK default. */
export interface OrgOptions {
  name: string;
  tenantId?: string;
  organisationID?: string;
  legalName?: string;
  shortCode?: string;
  baseCurrency?: string;
  countryCode?: string;
  timezone?: string;
  ianaTimeZone?: string;
  /** Adds the standard chart of accounts (default true). */
  withAccounts?: boolean;
}

type AccountSpec = Omit<AccountRecord, "accountId" | "updatedAt" | "status" | "class"> &
  Partial<Pick<AccountRecord, "status" | "class">>;

/** A small UK chart: 090/091 BANK (Xero reports EnablePaymentsToAccount false on bank accounts), an archived bank account, sales, costs, and a liability that takes payments. */
export const UK_CHART: readonly AccountSpec[] = [
  {
    code: "090",
    name: "Business Current Account",
    type: "BANK",
    class: "ASSET",
    taxType: "NONE",
    enablePaymentsToAccount: false,
    bankAccountNumber: "20457743518296",
    bankAccountType: "BANK",
    currencyCode: "GBP",
  },
  {
    code: "091",
    name: "Business Savings Account",
    type: "BANK",
    class: "ASSET",
    taxType: "NONE",
    enablePaymentsToAccount: false,
    bankAccountNumber: "20457790412233",
    bankAccountType: "BANK",
    currencyCode: "GBP",
  },
  {
    code: "092",
    name: "Old Barclays Account",
    type: "BANK",
    class: "ASSET",
    status: "ARCHIVED",
    taxType: "NONE",
    enablePaymentsToAccount: false,
    bankAccountNumber: "20982155550101",
    bankAccountType: "BANK",
    currencyCode: "GBP",
  },
  {
    code: "200",
    name: "Sales",
    type: "REVENUE",
    class: "REVENUE",
    taxType: "OUTPUT2",
    enablePaymentsToAccount: false,
    description: "Income from any normal business activity",
  },
  {
    code: "260",
    name: "Other Revenue",
    type: "REVENUE",
    class: "REVENUE",
    taxType: "OUTPUT2",
    enablePaymentsToAccount: false,
  },
  {
    code: "310",
    name: "Cost of Goods Sold",
    type: "DIRECTCOSTS",
    class: "EXPENSE",
    taxType: "INPUT2",
    enablePaymentsToAccount: false,
  },
  {
    code: "449",
    name: "Motor Vehicle Expenses",
    type: "OVERHEADS",
    class: "EXPENSE",
    taxType: "INPUT2",
    enablePaymentsToAccount: false,
  },
  {
    code: "610",
    name: "Accounts Receivable",
    type: "CURRENT",
    class: "ASSET",
    taxType: "NONE",
    enablePaymentsToAccount: false,
  },
  {
    code: "800",
    name: "Accounts Payable",
    type: "CURRLIAB",
    class: "LIABILITY",
    taxType: "NONE",
    enablePaymentsToAccount: false,
  },
  {
    code: "835",
    name: "Directors' Loan Account",
    type: "CURRLIAB",
    class: "LIABILITY",
    taxType: "NONE",
    enablePaymentsToAccount: true,
  },
];

/** Creates (or replaces) an organisation in the emulator and returns it. */
export function createOrg(state: EmulatorState, opts: OrgOptions): OrgData {
  const tenantId = opts.tenantId ?? stableId("tenant", opts.name);
  const now = state.clock.now();
  const org: OrgData = {
    tenantId,
    organisationID: opts.organisationID ?? stableId("organisation", tenantId),
    name: opts.name,
    legalName: opts.legalName ?? opts.name,
    shortCode: opts.shortCode ?? `!${tenantId.slice(0, 5)}`,
    baseCurrency: opts.baseCurrency ?? "GBP",
    countryCode: opts.countryCode ?? "GB",
    timezone: opts.timezone ?? "GMTSTANDARDTIME",
    ianaTimeZone: opts.ianaTimeZone ?? "Europe/London",
    version: (opts.countryCode ?? "GB") === "GB" ? "UK" : "GLOBAL",
    organisationType: "COMPANY",
    createdAt: now - 3 * 365 * 86_400_000,
    contacts: new Map(),
    invoices: new Map(),
    credits: new Map(),
    accounts: new Map(),
    payments: new Map(),
    nextInvoiceNumber: 1,
  };
  if (opts.withAccounts !== false) {
    for (const a of UK_CHART) {
      const accountId = stableId(`${tenantId}:account`, a.code);
      org.accounts.set(accountId, {
        ...a,
        accountId,
        status: a.status ?? "ACTIVE",
        class: a.class ?? "ASSET",
        updatedAt: org.createdAt,
      });
    }
  }
  state.orgs.set(tenantId, org);
  return org;
}

/** Looks up an account by code (seed helpers and tests). */
export function accountByCode(org: OrgData, code: string): AccountRecord | undefined {
  for (const a of org.accounts.values()) if (a.code === code) return a;
  return undefined;
}

/** Adds a contact record as-is. */
export function putContact(org: OrgData, c: ContactRecord): ContactRecord {
  org.contacts.set(c.contactId, c);
  return c;
}

/** One invoice line: quantity × unit price (pence), net of 20% VAT unless taxRate says otherwise. */
export interface LineSpec {
  description: string;
  quantity: number;
  unitAmount: number;
  accountCode?: string;
  taxRate?: number;
}

/** What a seeded invoice looks like; payments are [pence, day] already received. */
export interface InvoiceSpec {
  invoiceId: string;
  type?: InvoiceType;
  invoiceNumber?: string;
  reference?: string;
  contactId: string;
  status: InvoiceStatus;
  date: string;
  dueDate: string;
  lines: LineSpec[];
  payments?: { amount: number; day: string; paymentId: string; accountCode?: string }[];
  updatedAt: number;
}

/** Builds an invoice (totals from its lines) with any payments already applied, without change events. */
export function putInvoice(org: OrgData, spec: InvoiceSpec): InvoiceRecord {
  const type = spec.type ?? "ACCREC";
  const lineItems = spec.lines.map((l, i) => {
    const lineAmount = Math.round(l.quantity * l.unitAmount);
    const taxAmount = Math.round(lineAmount * (l.taxRate ?? 0.2));
    return {
      lineItemId: `${spec.invoiceId.slice(0, 24)}${String(i).padStart(12, "0")}`,
      description: l.description,
      quantity: l.quantity,
      unitAmount: l.unitAmount,
      accountCode: l.accountCode ?? (type === "ACCREC" ? "200" : "310"),
      taxType: type === "ACCREC" ? "OUTPUT2" : "INPUT2",
      taxAmount,
      lineAmount,
    };
  });
  const subTotal = lineItems.reduce((s, l) => s + l.lineAmount, 0);
  const totalTax = lineItems.reduce((s, l) => s + l.taxAmount, 0);
  const invoiceNumber = spec.invoiceNumber ?? `INV-${String(org.nextInvoiceNumber++).padStart(4, "0")}`;
  const inv: InvoiceRecord = {
    invoiceId: spec.invoiceId,
    type,
    invoiceNumber,
    reference: spec.reference,
    contactId: spec.contactId,
    status: spec.status,
    lineAmountTypes: "Exclusive",
    date: spec.date,
    dueDate: spec.dueDate,
    currencyCode: org.baseCurrency,
    lineItems,
    subTotal,
    totalTax,
    total: subTotal + totalTax,
    amountPaid: 0,
    amountCredited: 0,
    paymentIds: [],
    sentToContact: spec.status !== "DRAFT",
    updatedAt: spec.updatedAt,
  };
  const bank = accountByCode(org, "090");
  for (const p of spec.payments ?? []) {
    const account = (p.accountCode ? accountByCode(org, p.accountCode) : bank) ?? bank;
    if (!account) throw new Error(`seed: no bank account in ${org.name}`);
    org.payments.set(p.paymentId, {
      paymentId: p.paymentId,
      invoiceId: inv.invoiceId,
      accountId: account.accountId,
      date: p.day,
      amount: p.amount,
      status: "AUTHORISED",
      paymentType: type === "ACCREC" ? "ACCRECPAYMENT" : "ACCPAYPAYMENT",
      isReconciled: true,
      updatedAt: spec.updatedAt,
    });
    inv.paymentIds.push(p.paymentId);
    inv.amountPaid += p.amount;
    if (!inv.fullyPaidOnDate || p.day > inv.fullyPaidOnDate) inv.fullyPaidOnDate = p.day;
  }
  if (inv.amountPaid < inv.total) inv.fullyPaidOnDate = undefined;
  if (inv.status === "PAID" && inv.amountPaid !== inv.total) {
    throw new Error(`seed: ${invoiceNumber} is PAID but its payments do not cover it`);
  }
  org.invoices.set(inv.invoiceId, inv);
  return inv;
}
