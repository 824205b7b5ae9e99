import type { JobPayment, JobPaymentState } from "../../shared/payments.ts";
import type { Invoice } from "../provider/model.ts";

/** Issued invoices count towards what is owed; drafts and invoices awaiting approval do not yet. */
const ISSUED = new Set(["AUTHORISED", "PAID"]);
const CANCELLED = new Set(["VOIDED", "DELETED"]);

/** How far a job is paid: what events are about (independent of due dates). */
export type PaymentLevel = "none" | "unpaid" | "part" | "paid";

/**
 * A job's payment position from its linked invoices (a top-up invoice is summed in; a voided or
 * deleted one is shown but owes nothing). `today` is "YYYY-MM-DD" in the organisation's calendar.
 */
export function jobPayment(
  job: string,
  invoices: readonly Invoice[],
  today: string,
  fallbackCurrency: string,
  now: string,
): JobPayment {
  const issued = invoices.filter((i) => ISSUED.has(i.status));
  const sum = (f: (i: Invoice) => number) => issued.reduce((a, i) => a + f(i), 0);
  const dueMinor = sum((i) => i.dueMinor);
  const paidMinor = sum((i) => i.paidMinor);
  const creditedMinor = sum((i) => i.creditedMinor);
  const owedDates = issued
    .filter((i) => i.dueMinor > 0 && i.dueDate)
    .map((i) => i.dueDate as string)
    .sort();
  const dueDate = owedDates[0];
  let state: JobPaymentState;
  if (issued.length === 0) state = invoices.some((i) => CANCELLED.has(i.status)) ? "voided" : "no_invoice";
  else if (dueMinor <= 0) state = "paid";
  else if (dueDate && dueDate < today) state = "overdue";
  else if (paidMinor + creditedMinor > 0) state = "part_paid";
  else state = "awaiting_payment";
  const payment: JobPayment = {
    job,
    state,
    currency: invoices[0]?.currency ?? fallbackCurrency,
    totalMinor: sum((i) => i.totalMinor),
    paidMinor,
    creditedMinor,
    dueMinor,
    invoices: invoices.map((i) => ({
      invoiceNumber: i.invoiceNumber,
      status: i.status,
      totalMinor: i.totalMinor,
      paidMinor: i.paidMinor,
      creditedMinor: i.creditedMinor,
      dueMinor: i.dueMinor,
      ...(i.dueDate ? { dueDate: i.dueDate } : {}),
      ...(i.fullyPaidOn ? { fullyPaidOn: i.fullyPaidOn } : {}),
    })),
    updatedAt: now,
  };
  if (dueDate) payment.dueDate = dueDate;
  return payment;
}

/** The payment level of a position (what AGG SMART is told about). */
export function levelOf(p: JobPayment): PaymentLevel {
  if (p.state === "no_invoice" || p.state === "voided") return "none";
  if (p.dueMinor <= 0) return "paid";
  return p.paidMinor + p.creditedMinor > 0 ? "part" : "unpaid";
}

/** The event a level change means, if any: paid, part paid, or unpaid again after a payment was removed. */
export function eventFor(
  before: PaymentLevel,
  after: PaymentLevel,
): "job.paid" | "job.part_paid" | "job.unpaid" | null {
  if (before === after) return null;
  if (after === "paid") return "job.paid";
  if (after === "part") return "job.part_paid";
  if (after === "unpaid" && (before === "paid" || before === "part")) return "job.unpaid";
  return null;
}
