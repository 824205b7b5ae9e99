// The records one Xero organisation holds in the emulator. Money is integer pence, instants are Unix ms,
// calendar dates (invoice Date, DueDate, payment Date) are "YYYY-MM-DD" strings. Serialisation to
// Xero's JSON (numbers like 120.5, "/Date(…+0000)/") happens only in serialize.ts.

/** Invoice statuses Xero uses. */
export type InvoiceStatus = "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";

/** ACCREC = sales invoice, ACCPAY = bill. */
export type InvoiceType = "ACCREC" | "ACCPAY";

/** A contact (customer and/or supplier). Balances are never stored: they are derived from invoices. */
export interface ContactRecord {
  contactId: string;
  contactNumber?: string;
  accountNumber?: string;
  status: "ACTIVE" | "ARCHIVED";
  name: string;
  firstName?: string;
  lastName?: string;
  emailAddress?: string;
  /** AGG SMART's credit-limit convention: free text typed by users, so it may be messy or absent. */
  xeroNetworkKey?: string;
  isCustomer: boolean;
  isSupplier: boolean;
  defaultCurrency?: string;
  mergedToContactId?: string;
  phone?: string;
  city?: string;
  postalCode?: string;
  updatedAt: number;
}

/** One invoice line; amounts in pence, exclusive of tax. */
export interface LineItemRecord {
  lineItemId: string;
  description: string;
  quantity: number;
  unitAmount: number;
  accountCode: string;
  taxType: string;
  taxAmount: number;
  lineAmount: number;
}

/** An invoice or bill. AmountDue/AmountPaid are derived from `total` and the live payments. */
export interface InvoiceRecord {
  invoiceId: string;
  type: InvoiceType;
  invoiceNumber: string;
  reference?: string;
  contactId: string;
  status: InvoiceStatus;
  lineAmountTypes: "Exclusive" | "Inclusive" | "NoTax";
  date: string;
  dueDate: string;
  currencyCode: string;
  lineItems: LineItemRecord[];
  subTotal: number;
  totalTax: number;
  total: number;
  amountPaid: number;
  amountCredited: number;
  fullyPaidOnDate?: string;
  /** PaymentIDs applied to this invoice, oldest first (deleted ones included). */
  paymentIds: string[];
  sentToContact: boolean;
  updatedAt: number;
}

/** A chart-of-accounts entry. */
export interface AccountRecord {
  accountId: string;
  code: string;
  name: string;
  type: string;
  class: "ASSET" | "EQUITY" | "EXPENSE" | "LIABILITY" | "REVENUE";
  status: "ACTIVE" | "ARCHIVED";
  taxType: string;
  /** Xero reports false for BANK accounts; bank accounts still take payments (Type BANK or this flag). */
  enablePaymentsToAccount: boolean;
  bankAccountNumber?: string;
  bankAccountType?: "BANK" | "CREDITCARD" | "PAYPAL";
  currencyCode?: string;
  description?: string;
  updatedAt: number;
}

/** A payment against an invoice; DELETED payments stay readable, as in Xero. */
export interface PaymentRecord {
  paymentId: string;
  invoiceId: string;
  accountId: string;
  date: string;
  amount: number;
  reference?: string;
  status: "AUTHORISED" | "DELETED";
  paymentType: "ACCRECPAYMENT" | "ACCPAYPAYMENT";
  isReconciled: boolean;
  updatedAt: number;
}

/** One Xero organisation (tenant) and everything in it. */
export interface OrgData {
  tenantId: string;
  organisationID: string;
  name: string;
  legalName: string;
  shortCode: string;
  baseCurrency: string;
  countryCode: string;
  /** Xero's own time-zone code, e.g. "GMTSTANDARDTIME" (what GET /Organisation returns). */
  timezone: string;
  /** IANA zone used to decide the organisation's "today" (overdue, default payment date). */
  ianaTimeZone: string;
  version: string;
  organisationType: string;
  createdAt: number;
  contacts: Map<string, ContactRecord>;
  invoices: Map<string, InvoiceRecord>;
  /** Credit notes, prepayments and overpayments by id. */
  credits: Map<string, CreditRecord>;
  accounts: Map<string, AccountRecord>;
  payments: Map<string, PaymentRecord>;
  /** Next number for invoices created without one ("INV-0001"). */
  nextInvoiceNumber: number;
}

/** Amount still owed on an invoice, in pence. */
export function amountDue(inv: InvoiceRecord): number {
  return inv.total - inv.amountPaid - inv.amountCredited;
}

/** Credit a customer holds: a credit note, a prepayment or an overpayment (receivables only). */
export type CreditKind = "CREDITNOTE" | "PREPAYMENT" | "OVERPAYMENT";

/** Part of a credit applied to an invoice (it moves the invoice's AmountCredited). */
export interface AllocationRecord {
  allocationId: string;
  invoiceId: string;
  amount: number;
  date: string;
}

/**
 * A credit note (ACCRECCREDIT), prepayment (RECEIVE-PREPAYMENT) or overpayment
 * (RECEIVE-OVERPAYMENT). RemainingCredit = total − allocations; fully allocated → PAID.
 */
export interface CreditRecord {
  kind: CreditKind;
  id: string;
  /** Credit notes only ("CN-0001"). */
  number?: string;
  contactId: string;
  status: "AUTHORISED" | "PAID";
  date: string;
  total: number;
  currencyCode: string;
  reference?: string;
  allocations: AllocationRecord[];
  updatedAt: number;
}

/** Credit still unallocated, in pence. */
export function remainingCredit(c: CreditRecord): number {
  return c.total - c.allocations.reduce((s, a) => s + a.amount, 0);
}
