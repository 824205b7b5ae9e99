// A QuickBooks Online company as data. Money is integer pence; times are emulator-clock ms.
// Serialisation to Intuit's JSON (field names from Finance.xsd) lives in api/serialize.ts.

/** A customer (or sub-customer / job when `parentId` is set). */
export interface QboCustomer {
  id: string;
  syncToken: number;
  displayName: string;
  companyName?: string;
  phone?: string;
  mobile?: string;
  /** AGG SMART's credit-limit convention: the credit limit typed into Fax (often messy). */
  fax?: string;
  email?: string;
  active: boolean;
  parentId?: string;
  notes?: string;
  currency: string;
  createdAt: number;
  updatedAt: number;
}

/** One custom field on an invoice (QBO allows three, StringType). */
export interface QboCustomField {
  definitionId: string;
  name: string;
  value: string;
}

/** A sales invoice. `voided` = QBO's void (TotalAmt and Balance become 0, PrivateNote "Voided"). */
export interface QboInvoice {
  id: string;
  syncToken: number;
  docNumber: string;
  txnDate: string;
  dueDate: string;
  customerId: string;
  totalPence: number;
  balancePence: number;
  currency: string;
  privateNote?: string;
  customFields: QboCustomField[];
  /** Payments applied to this invoice (TxnType "Payment"). */
  linked: { txnId: string; txnType: "Payment" }[];
  lines: { amountPence: number; description: string }[];
  voided: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A received payment, applied to invoices line by line. */
export interface QboPayment {
  id: string;
  syncToken: number;
  customerId: string;
  totalPence: number;
  unappliedPence: number;
  txnDate: string;
  depositAccountId: string;
  paymentRefNum?: string;
  privateNote?: string;
  currency: string;
  lines: { amountPence: number; invoiceId: string }[];
  createdAt: number;
  updatedAt: number;
}

/** A ledger account (the product lists Bank accounts and Undeposited Funds). */
export interface QboAccount {
  id: string;
  syncToken: number;
  name: string;
  accountType: "Bank" | "Other Current Asset" | "Accounts Receivable" | "Income";
  accountSubType: string;
  classification: "Asset" | "Revenue";
  active: boolean;
  acctNum?: string;
  currentBalancePence: number;
  currency: string;
  createdAt: number;
  updatedAt: number;
}

/** Entities the emulator serves, by Intuit's entity name. */
export type EntityName = "Customer" | "Invoice" | "Payment" | "Account" | "CompanyInfo" | "Preferences";

/** A hard-deleted object: gone from queries, shown by CDC as `{"status":"Deleted"}`. */
export interface Tombstone {
  entity: "Customer" | "Invoice" | "Payment";
  id: string;
  at: number;
}

/** One QBO company ("realm"). */
export interface Company {
  realmId: string;
  name: string;
  legalName: string;
  country: string;
  currency: string;
  multiCurrency: boolean;
  /** Custom transaction numbers on (AGG SMART asks for it): DocNumber is caller-set. */
  customTxnNumbers: boolean;
  startDate: string;
  createdAt: number;
  updatedAt: number;
  customers: Map<string, QboCustomer>;
  invoices: Map<string, QboInvoice>;
  payments: Map<string, QboPayment>;
  accounts: Map<string, QboAccount>;
  tombstones: Tombstone[];
  /** Next numeric Id (QBO ids are small integers as strings, shared across entity types). */
  nextId: number;
}

/** An empty company. */
export function newCompany(
  realmId: string,
  name: string,
  now: number,
  opts: Partial<Pick<Company, "currency" | "country" | "legalName" | "startDate" | "multiCurrency">> = {},
): Company {
  return {
    realmId,
    name,
    legalName: opts.legalName ?? name,
    country: opts.country ?? "GB",
    currency: opts.currency ?? "GBP",
    multiCurrency: opts.multiCurrency ?? false,
    customTxnNumbers: true,
    startDate: opts.startDate ?? "2024-04-01",
    createdAt: now,
    updatedAt: now,
    customers: new Map(),
    invoices: new Map(),
    payments: new Map(),
    accounts: new Map(),
    tombstones: [],
    nextId: 1,
  };
}

/** Allocates the next Id in a company. */
export function nextId(co: Company): string {
  return String(co.nextId++);
}

/** The company's Undeposited Funds account (every QBO company has one). */
export function undepositedFunds(co: Company): QboAccount | undefined {
  return [...co.accounts.values()].find((a) => a.accountSubType === "UndepositedFunds");
}

/** Customers' own open balances and their sub-customers, computed once for a list of answers. */
export interface BalanceIndex {
  own: Map<string, number>;
  children: Map<string, string[]>;
}

/** Builds the balance index of a company in one pass over its invoices and customers. */
export function balanceIndex(co: Company): BalanceIndex {
  const own = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const inv of co.invoices.values())
    own.set(inv.customerId, (own.get(inv.customerId) ?? 0) + inv.balancePence);
  for (const c of co.customers.values()) {
    if (c.parentId === undefined) continue;
    const list = children.get(c.parentId) ?? [];
    list.push(c.id);
    children.set(c.parentId, list);
  }
  return { own, children };
}

/** Open balance of one customer's own invoices (voided invoices have Balance 0). */
export function customerBalance(
  co: Company,
  customerId: string,
  idx: BalanceIndex = balanceIndex(co),
): number {
  return idx.own.get(customerId) ?? 0;
}

/** Balance of a customer and every sub-customer (job) below it: Intuit's BalanceWithJobs. */
export function balanceWithJobs(
  co: Company,
  customerId: string,
  idx: BalanceIndex = balanceIndex(co),
): number {
  let sum = idx.own.get(customerId) ?? 0;
  for (const id of idx.children.get(customerId) ?? []) sum += balanceWithJobs(co, id, idx);
  return sum;
}
