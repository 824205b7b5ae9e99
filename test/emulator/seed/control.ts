// Things that "happen in Xero" during a test or demo: a customer pays, a payment is deleted, someone
// edits a contact or raises an invoice. Each goes through the same rules as the API, moves
// UpdatedDateUTC and records a change (so webhooks fire). Bad input throws an Error saying why.

import { balancesByContact, orgToday } from "../accounting/balances.ts";
import { addDays, parseDay, toPence } from "../accounting/format.ts";
import { findInvoice } from "../accounting/invoices.ts";
import type {
  ContactRecord,
  InvoiceRecord,
  InvoiceStatus,
  OrgData,
  PaymentRecord,
} from "../accounting/model.ts";
import { applyPayment, checkPayment, deletePaymentRecord } from "../accounting/payment-rules.ts";
import { type EmulatorState, recordChange } from "../state.ts";
import { putInvoice } from "./org.ts";

/** A payment record as the emulator stores it (amount in pence). */
export type Payment = PaymentRecord;

function orgOf(state: EmulatorState, tenantId: string): OrgData {
  const org = state.orgs.get(tenantId);
  if (!org) throw new Error(`No organisation with tenantId ${tenantId}`);
  return org;
}

/**
 * "The customer paid invoice X in Xero": applies a payment exactly as a Xero user would. `invoice` is an
 * InvoiceID or InvoiceNumber; amount is in pounds (default: all that is owed); date "YYYY-MM-DD"
 * (default: the organisation's today); accountCode default "090".
 */
export function payInvoice(
  state: EmulatorState,
  tenantId: string,
  invoice: string,
  opts: { amount?: number; date?: string; accountCode?: string; reference?: string } = {},
): Payment {
  const org = orgOf(state, tenantId);
  const inv = findInvoice(org, invoice);
  if (!inv) throw new Error(`No invoice ${invoice} in ${org.name}`);
  const day = opts.date === undefined ? orgToday(org, state.clock.now()) : parseDay(opts.date);
  if (!day) throw new Error(`Payment date "${opts.date}" is not a date (use YYYY-MM-DD)`);
  const amount =
    opts.amount === undefined ? inv.total - inv.amountPaid - inv.amountCredited : toPence(opts.amount);
  const req = {
    invoiceId: inv.invoiceId,
    accountCode: opts.accountCode ?? "090",
    day,
    amount,
    reference: opts.reference,
  };
  const check = checkPayment(org, req);
  if (check.errors.length > 0) {
    throw new Error(`Cannot pay ${inv.invoiceNumber} (${inv.status}): ${check.errors.join("; ")}`);
  }
  return applyPayment(state, org, req, check);
}

/** Deletes a payment as Xero does (POST /Payments/{id} {"Status":"DELETED"}): the invoice is owed again. */
export function deletePayment(state: EmulatorState, tenantId: string, paymentId: string): Payment {
  const org = orgOf(state, tenantId);
  const p = org.payments.get(paymentId.toLowerCase());
  if (!p) throw new Error(`No payment ${paymentId} in ${org.name}`);
  const problem = deletePaymentRecord(state, org, p);
  if (problem) throw new Error(`Cannot delete payment ${paymentId}: ${problem}`);
  return p;
}

/** Edits a contact as a Xero user would (e.g. a new credit limit in XeroNetworkKey); moves UpdatedDateUTC. */
export function updateContact(
  state: EmulatorState,
  tenantId: string,
  contactId: string,
  patch: Partial<Omit<ContactRecord, "contactId" | "updatedAt">>,
): ContactRecord {
  const org = orgOf(state, tenantId);
  const c = org.contacts.get(contactId.toLowerCase());
  if (!c) throw new Error(`No contact ${contactId} in ${org.name}`);
  Object.assign(c, patch, { updatedAt: state.clock.now() });
  recordChange(state, { tenantId, category: "CONTACT", type: "UPDATE", resourceId: c.contactId });
  return c;
}

/** Raises a sales invoice (default AUTHORISED, due in 30 days) for a contact; amount is net pounds. */
export function createInvoice(
  state: EmulatorState,
  tenantId: string,
  spec: {
    contactId: string;
    net: number;
    reference?: string;
    status?: InvoiceStatus;
    date?: string;
    dueDate?: string;
    description?: string;
  },
): InvoiceRecord {
  const org = orgOf(state, tenantId);
  if (!org.contacts.has(spec.contactId.toLowerCase()))
    throw new Error(`No contact ${spec.contactId} in ${org.name}`);
  const net = toPence(spec.net);
  if (net === null || net <= 0)
    throw new Error(`Invoice amount ${spec.net} must be a positive number of pounds`);
  const today = orgToday(org, state.clock.now());
  const date = spec.date ? parseDay(spec.date) : today;
  if (!date) throw new Error(`Invoice date "${spec.date}" is not a date (use YYYY-MM-DD)`);
  const dueDate = spec.dueDate ? parseDay(spec.dueDate) : addDays(date, 30);
  if (!dueDate) throw new Error(`Due date "${spec.dueDate}" is not a date (use YYYY-MM-DD)`);
  const inv = putInvoice(org, {
    invoiceId: crypto.randomUUID(),
    reference: spec.reference,
    contactId: spec.contactId.toLowerCase(),
    status: spec.status ?? "AUTHORISED",
    date,
    dueDate,
    lines: [{ description: spec.description ?? "Aggregates delivered", quantity: 1, unitAmount: net }],
    updatedAt: state.clock.now(),
  });
  recordChange(state, { tenantId, category: "INVOICE", type: "CREATE", resourceId: inv.invoiceId });
  return inv;
}

/** Moves an invoice to another status (approve, void, delete) as a Xero user would. */
export function setInvoiceStatus(
  state: EmulatorState,
  tenantId: string,
  invoice: string,
  status: InvoiceStatus,
): InvoiceRecord {
  const org = orgOf(state, tenantId);
  const inv = findInvoice(org, invoice);
  if (!inv) throw new Error(`No invoice ${invoice} in ${org.name}`);
  const live = inv.paymentIds.some((id) => org.payments.get(id)?.status === "AUTHORISED");
  if ((status === "VOIDED" || status === "DELETED") && live) {
    throw new Error(`Cannot set ${inv.invoiceNumber} to ${status}: delete its payments first`);
  }
  if (status === "PAID") throw new Error("An invoice becomes PAID by payments; use payInvoice");
  inv.status = status;
  inv.updatedAt = state.clock.now();
  recordChange(state, { tenantId, category: "INVOICE", type: "UPDATE", resourceId: inv.invoiceId });
  return inv;
}

/** A contact's receivable balance in pounds, as GET /Contacts would show it (handy in tests). */
export function contactBalance(
  state: EmulatorState,
  tenantId: string,
  contactId: string,
): { outstanding: number; overdue: number } {
  const b = balancesByContact(orgOf(state, tenantId), state.clock.now()).get(contactId.toLowerCase());
  return { outstanding: (b?.receivableOutstanding ?? 0) / 100, overdue: (b?.receivableOverdue ?? 0) / 100 };
}
