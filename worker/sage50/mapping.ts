// Sage 50's pushed rows → the neutral model. Pure: no I/O, no clock.

import type { Sage50Customer, Sage50Invoice } from "../../shared/sage50-protocol.ts";
import type { Customer, Invoice } from "../provider/model.ts";

/** Sage 50 UK keeps one base currency, sterling (COMPANY has no other). */
export const SAGE50_CURRENCY = "GBP";
/** Sage keeps wall-clock times without a zone; a UK company's calendar is London's. */
export const SAGE50_TIMEZONE = "Europe/London";

/**
 * CREDIT_LIMIT as the limit text the read model parses. Sage 50 UK creates customer records with
 * a credit limit of 0.00 and only checks limits it was given, so 0 means "no limit set" (the badge
 * says so), not "no credit": a customer who may not buy on account is put on hold in Sage, which
 * blocks them here. A negative limit is passed through and reported as unreadable.
 */
export function limitText(limitMinor: number): string | null {
  if (limitMinor === 0) return null;
  const sign = limitMinor < 0 ? "-" : "";
  const abs = Math.abs(limitMinor);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * A SALES_LEDGER row. The balance is Sage's ledger BALANCE (receipts on account included); the
 * overdue amount is not in the row: it is computed from the open invoices (see overdueOf).
 * Deleted or inactive accounts are kept as archived, so a reference still finds them and says so.
 */
export function toCustomer(c: Sage50Customer, overdueMinor: number): Customer {
  return {
    contactId: c.ref,
    name: c.name,
    accountNumber: c.ref,
    status: c.deleted || c.inactive ? "ARCHIVED" : "ACTIVE",
    limitRaw: limitText(c.limit),
    outstandingMinor: c.balance,
    overdueMinor,
    onHold: c.onHold,
  };
}

/**
 * An SI row. INV_REF is both the invoice number and the reference (Sage has one field), so either
 * job-match setting finds the job by it. Paid ⇔ OUTSTANDING = 0; what is neither paid nor
 * outstanding was credited (a credit note allocated to it).
 */
export function toInvoice(i: Sage50Invoice): Invoice {
  const due = Math.max(0, i.outstanding);
  const status = i.deleted ? "DELETED" : due === 0 ? "PAID" : "AUTHORISED";
  const inv: Invoice = {
    invoiceId: String(i.tran),
    invoiceNumber: i.number,
    reference: i.number,
    status,
    contactId: i.customer,
    currency: SAGE50_CURRENCY,
    totalMinor: i.gross,
    paidMinor: i.paid,
    creditedMinor: Math.max(0, i.gross - due - i.paid),
    dueMinor: due,
  };
  if (i.due) inv.dueDate = i.due;
  return inv;
}

/** Overdue per customer: what is still outstanding on open invoices due before `today` (YYYY-MM-DD). */
export function overdueOf(invoices: readonly Invoice[], today: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of invoices) {
    if (!i.contactId || i.status !== "AUTHORISED" || i.dueMinor <= 0) continue;
    if (!i.dueDate || i.dueDate >= today) continue;
    out.set(i.contactId, (out.get(i.contactId) ?? 0) + i.dueMinor);
  }
  return out;
}
