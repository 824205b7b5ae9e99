// Xero's rules for applying and deleting invoice payments. Shared by the API routes and by the test
// control "the customer paid this invoice in Xero", so both behave exactly alike.
// Messages are Xero's own where known: "Payments can only be made against Authorised documents",
// "Payment amount exceeds the amount outstanding on this document", "You must specify an Invoice ID or
// Invoice Number for the payment", "Account type is invalid for making a payment to/from".
// Payments go to an ACTIVE account that is Type BANK or has EnablePaymentsToAccount (Xero reports the
// flag false on bank accounts, which still take payments).
// @see https://developer.xero.com/documentation/api/accounting/payments

import { type EmulatorState, recordChange } from "../state.ts";
import { findInvoice } from "./invoices.ts";
import {
  type AccountRecord,
  amountDue,
  type InvoiceRecord,
  type OrgData,
  type PaymentRecord,
} from "./model.ts";

/** What a client asked for, already decoded (amount in pence, date as a day). */
export interface PaymentRequest {
  invoiceId?: string;
  invoiceNumber?: string;
  accountId?: string;
  accountCode?: string;
  /** "YYYY-MM-DD"; undefined when the client sent none. */
  day?: string;
  /** Pence; null when missing or not a number. */
  amount: number | null;
  reference?: string;
  isReconciled?: boolean;
}

/** The outcome of validation: what was resolved, and Xero's messages for anything wrong. */
export interface PaymentCheck {
  invoice?: InvoiceRecord;
  account?: AccountRecord;
  errors: string[];
}

/**
 * Validates a payment. `pending` holds pence already claimed on each invoice by earlier payments in the
 * same request, so a batch cannot overpay an invoice between them.
 */
export function checkPayment(org: OrgData, req: PaymentRequest, pending?: Map<string, number>): PaymentCheck {
  const errors: string[] = [];
  let invoice: InvoiceRecord | undefined;
  const key = req.invoiceId ?? req.invoiceNumber;
  if (!key || key === "00000000-0000-0000-0000-000000000000") {
    errors.push("You must specify an Invoice ID or Invoice Number for the payment");
  } else {
    invoice = findInvoice(org, key);
    if (!invoice) errors.push("Invoice could not be found");
  }
  if (invoice && invoice.status !== "AUTHORISED") {
    errors.push("Payments can only be made against Authorised documents");
  }
  if (req.amount === null || req.amount <= 0) {
    errors.push("Payment amount must be greater than zero");
  } else if (invoice && req.amount > amountDue(invoice) - (pending?.get(invoice.invoiceId) ?? 0)) {
    errors.push("Payment amount exceeds the amount outstanding on this document");
  }
  let account: AccountRecord | undefined;
  if (!req.accountId && !req.accountCode) {
    errors.push("You must specify an Account Code or Account ID for the payment");
  } else {
    account = [...org.accounts.values()].find((a) =>
      req.accountId ? a.accountId === req.accountId.toLowerCase() : a.code === req.accountCode,
    );
    if (!account) errors.push("Account could not be found");
    else if (account.status !== "ACTIVE") {
      errors.push(`Account code '${account.code}' has been archived, or has been deleted.`);
    } else if (account.type !== "BANK" && !account.enablePaymentsToAccount) {
      errors.push("Account type is invalid for making a payment to/from");
    }
  }
  if (!req.day) errors.push("Payment date must be specified");
  return { invoice, account, errors };
}

/** Applies a validated payment: AmountPaid/AmountDue/Status move, the invoice's UpdatedDateUTC moves. */
export function applyPayment(
  state: EmulatorState,
  org: OrgData,
  req: PaymentRequest,
  check: PaymentCheck,
  paymentId: string = crypto.randomUUID(),
): PaymentRecord {
  const { invoice, account } = check;
  if (check.errors.length > 0 || !invoice || !account || req.amount === null || !req.day) {
    throw new Error(`Payment is not valid: ${check.errors.join("; ")}`);
  }
  const now = state.clock.now();
  const payment: PaymentRecord = {
    paymentId,
    invoiceId: invoice.invoiceId,
    accountId: account.accountId,
    date: req.day,
    amount: req.amount,
    reference: req.reference,
    status: "AUTHORISED",
    paymentType: invoice.type === "ACCREC" ? "ACCRECPAYMENT" : "ACCPAYPAYMENT",
    isReconciled: req.isReconciled ?? false,
    updatedAt: now,
  };
  org.payments.set(paymentId, payment);
  invoice.paymentIds.push(paymentId);
  invoice.amountPaid += req.amount;
  if (amountDue(invoice) === 0) {
    invoice.status = "PAID";
    invoice.fullyPaidOnDate = latestPaymentDay(org, invoice);
  }
  invoice.updatedAt = now;
  recordChange(state, {
    tenantId: org.tenantId,
    category: "INVOICE",
    type: "UPDATE",
    resourceId: invoice.invoiceId,
  });
  return payment;
}

/**
 * Deletes a payment as Xero does for POST /Payments/{id} {"Status":"DELETED"}: the payment stays
 * readable as DELETED and the invoice is owed again (PAID → AUTHORISED). Returns Xero's message when
 * the payment cannot be deleted, otherwise null.
 */
export function deletePaymentRecord(
  state: EmulatorState,
  org: OrgData,
  payment: PaymentRecord,
): string | null {
  if (payment.status !== "AUTHORISED") return "Payment not of valid status for modification";
  const now = state.clock.now();
  payment.status = "DELETED";
  payment.updatedAt = now;
  const invoice = org.invoices.get(payment.invoiceId);
  if (invoice) {
    invoice.amountPaid -= payment.amount;
    if (invoice.status === "PAID" && amountDue(invoice) > 0) invoice.status = "AUTHORISED";
    if (amountDue(invoice) > 0) invoice.fullyPaidOnDate = undefined;
    invoice.updatedAt = now;
    recordChange(state, {
      tenantId: org.tenantId,
      category: "INVOICE",
      type: "UPDATE",
      resourceId: invoice.invoiceId,
    });
  }
  return null;
}

function latestPaymentDay(org: OrgData, invoice: InvoiceRecord): string | undefined {
  let latest: string | undefined;
  for (const id of invoice.paymentIds) {
    const p = org.payments.get(id);
    if (p?.status === "AUTHORISED" && (!latest || p.date > latest)) latest = p.date;
  }
  return latest;
}
