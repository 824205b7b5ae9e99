// "The customer got credit in Xero": a credit note (ACCRECCREDIT), a prepayment or an overpayment,
// optionally allocated to one of their invoices. An allocation moves the invoice's AmountCredited
// and AmountDue (fully credited → PAID) and the invoice's UpdatedDateUTC; the contact's balance
// follows from the derived balances. Only the credit's own event is raised (CREDITNOTE with its
// data {Type, Status}, PREPAYMENT, OVERPAYMENT), not an INVOICE event: a receiver has to follow
// the allocations to learn which invoices moved (the stricter reading of Xero's documentation).
// @see https://developer.xero.com/documentation/api/accounting/creditnotes#allocate-credit-notes

import { orgToday } from "../accounting/balances.ts";
import { CREDIT_KINDS } from "../accounting/credits.ts";
import { parseDay, toPence } from "../accounting/format.ts";
import { findInvoice } from "../accounting/invoices.ts";
import { amountDue, type CreditKind, type CreditRecord, remainingCredit } from "../accounting/model.ts";
import { type EmulatorState, recordChange } from "../state.ts";

/** What the control asks for: amounts in pounds; `invoice` is an InvoiceID or InvoiceNumber. */
export interface CreditSpec {
  kind: CreditKind;
  /** The customer; defaults to the invoice's contact. */
  contactId?: string;
  /** Allocate to this invoice. */
  invoice?: string;
  /** The credit's total; defaults to the invoice's amount due. */
  amount?: number;
  /** How much of it to allocate to `invoice` (default: as much as the invoice still owes). */
  allocate?: number;
  date?: string;
  reference?: string;
}

/** Creates the credit (and its allocation) as a Xero user would; bad input throws saying why. */
export function createCredit(state: EmulatorState, tenantId: string, spec: CreditSpec): CreditRecord {
  const org = state.orgs.get(tenantId);
  if (!org) throw new Error(`No organisation with tenantId ${tenantId}`);
  const inv = spec.invoice === undefined ? undefined : findInvoice(org, spec.invoice);
  if (spec.invoice !== undefined && !inv) throw new Error(`No invoice ${spec.invoice} in ${org.name}`);
  if (inv && (inv.type !== "ACCREC" || inv.status !== "AUTHORISED"))
    throw new Error(
      `Credit can only be allocated to an AUTHORISED sales invoice (${inv.invoiceNumber} is ${inv.status})`,
    );
  const contactId = (spec.contactId ?? inv?.contactId ?? "").toLowerCase();
  if (!org.contacts.has(contactId))
    throw new Error(`No contact ${spec.contactId ?? "(none given)"} in ${org.name}`);
  if (inv && inv.contactId !== contactId)
    throw new Error(`Invoice ${inv.invoiceNumber} belongs to another contact`);
  const total = spec.amount === undefined ? (inv ? amountDue(inv) : null) : toPence(spec.amount);
  if (total === null || total <= 0) throw new Error("amount must be a positive number of pounds");
  const day = spec.date === undefined ? orgToday(org, state.clock.now()) : parseDay(spec.date);
  if (!day) throw new Error(`date "${spec.date}" is not a date (use YYYY-MM-DD)`);
  const now = state.clock.now();
  const credit: CreditRecord = {
    kind: spec.kind,
    id: crypto.randomUUID(),
    number:
      spec.kind === "CREDITNOTE"
        ? `CN-${String([...org.credits.values()].filter((c) => c.kind === "CREDITNOTE").length + 1).padStart(4, "0")}`
        : undefined,
    contactId,
    status: "AUTHORISED",
    date: day,
    total,
    currencyCode: inv?.currencyCode ?? org.baseCurrency,
    reference: spec.reference,
    allocations: [],
    updatedAt: now,
  };
  if (inv) {
    const applied = spec.allocate === undefined ? Math.min(total, amountDue(inv)) : toPence(spec.allocate);
    if (applied === null || applied <= 0) throw new Error("allocate must be a positive number of pounds");
    if (applied > total) throw new Error("Cannot allocate more than the credit's total");
    if (applied > amountDue(inv))
      throw new Error(`Allocation exceeds the amount outstanding on ${inv.invoiceNumber}`);
    credit.allocations.push({
      allocationId: crypto.randomUUID(),
      invoiceId: inv.invoiceId,
      amount: applied,
      date: day,
    });
    inv.amountCredited += applied;
    if (amountDue(inv) === 0) {
      inv.status = "PAID";
      inv.fullyPaidOnDate = day;
    }
    inv.updatedAt = now;
  }
  if (remainingCredit(credit) === 0) credit.status = "PAID";
  org.credits.set(credit.id, credit);
  recordChange(state, {
    tenantId,
    category: spec.kind,
    type: "CREATE",
    resourceId: credit.id,
    ...(spec.kind === "CREDITNOTE"
      ? { data: { Type: CREDIT_KINDS.CREDITNOTE.type, Status: credit.status } }
      : {}),
  });
  return credit;
}
