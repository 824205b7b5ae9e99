// Contact balances, derived from invoices on every read (Xero never stores them on the contact, which
// is why a balance change leaves the contact's UpdatedDateUTC alone). Unallocated customer credit
// (credit notes, prepayments, overpayments) lowers what is outstanding, as on Xero's aged
// receivables; it can take the balance below zero (the customer is in credit). Overdue stays the
// sum of overdue invoices: credit that is not allocated is not applied to any of them.

import { localDay } from "./format.ts";
import { amountDue, type OrgData, remainingCredit } from "./model.ts";

/** Outstanding and overdue pence for receivables (ACCREC) and payables (ACCPAY). */
export interface ContactBalances {
  receivableOutstanding: number;
  receivableOverdue: number;
  payableOutstanding: number;
  payableOverdue: number;
}

/** The organisation's calendar day at `now` (its own time zone decides what is overdue). */
export function orgToday(org: OrgData, now: number): string {
  return localDay(now, org.ianaTimeZone);
}

/** Balances of every contact with an AUTHORISED invoice, in one pass over the invoices. */
export function balancesByContact(org: OrgData, now: number): Map<string, ContactBalances> {
  const today = orgToday(org, now);
  const out = new Map<string, ContactBalances>();
  const of = (contactId: string): ContactBalances => {
    let b = out.get(contactId);
    if (!b) {
      b = { receivableOutstanding: 0, receivableOverdue: 0, payableOutstanding: 0, payableOverdue: 0 };
      out.set(contactId, b);
    }
    return b;
  };
  for (const credit of org.credits.values()) {
    const left = credit.status === "AUTHORISED" ? remainingCredit(credit) : 0;
    if (left > 0) of(credit.contactId).receivableOutstanding -= left;
  }
  for (const inv of org.invoices.values()) {
    if (inv.status !== "AUTHORISED") continue;
    const due = amountDue(inv);
    if (due === 0) continue;
    const b = of(inv.contactId);
    const overdue = inv.dueDate < today;
    if (inv.type === "ACCREC") {
      b.receivableOutstanding += due;
      if (overdue) b.receivableOverdue += due;
    } else {
      b.payableOutstanding += due;
      if (overdue) b.payableOverdue += due;
    }
  }
  return out;
}

/** Zero balances, for contacts with nothing outstanding. */
export const NO_BALANCES: ContactBalances = {
  receivableOutstanding: 0,
  receivableOverdue: 0,
  payableOutstanding: 0,
  payableOverdue: 0,
};
