import * as z from "zod/mini";
import { Provider } from "./connection.ts";

/** Where a job's invoicing stands in the accounting system (AGG SMART's Payment Column). */
export const JobPaymentState = z.enum([
  /** No invoice references the job yet (or only drafts). */
  "no_invoice",
  "awaiting_payment",
  "part_paid",
  /** Every linked invoice is settled (paid and/or credited). */
  "paid",
  /** Money is owed and a linked invoice is past its due date. */
  "overdue",
  /** Every linked invoice was voided or deleted. */
  "voided",
]);
export type JobPaymentState = z.infer<typeof JobPaymentState>;

/** One invoice linked to a job. Money in minor units of `currency`. */
export const JobInvoice = z.object({
  invoiceNumber: z.string(),
  status: z.string(),
  totalMinor: z.int(),
  paidMinor: z.int(),
  creditedMinor: z.int(),
  dueMinor: z.int(),
  dueDate: z.optional(z.string()),
  fullyPaidOn: z.optional(z.string()),
});
export type JobInvoice = z.infer<typeof JobInvoice>;

/** A job's payment position: every linked invoice summed (a top-up invoice counts too). */
export const JobPayment = z.object({
  job: z.string(),
  state: JobPaymentState,
  currency: z.string(),
  totalMinor: z.int(),
  paidMinor: z.int(),
  creditedMinor: z.int(),
  dueMinor: z.int(),
  /** Earliest due date among invoices still owed (YYYY-MM-DD). */
  dueDate: z.optional(z.string()),
  invoices: z.array(JobInvoice),
  updatedAt: z.string(),
});
export type JobPayment = z.infer<typeof JobPayment>;

/**
 * `GET /api/jobs/{ref}/payment` (widget) and `GET /v1/tenants/{tenant}/jobs/{ref}/payment` (server).
 * `provider` names the accounting system (absent when there is no connection).
 */
export const JobPaymentLookup = z.discriminatedUnion("state", [
  z.object({ state: z.literal("found"), provider: z.optional(Provider), payment: JobPayment }),
  z.object({ state: z.literal("not_synced"), provider: z.optional(Provider) }),
  z.object({
    state: z.literal("not_connected"),
    provider: z.optional(Provider),
    reason: z.optional(z.string()),
  }),
]);
export type JobPaymentLookup = z.infer<typeof JobPaymentLookup>;

/** Events AGG SMART receives (webhook + `GET /v1/tenants/{tenant}/events`). */
export const EventType = z.enum(["job.paid", "job.part_paid", "job.unpaid"]);
export type EventType = z.infer<typeof EventType>;

/** One event: a stable id (dedupe on it), a per-tenant sequence (the feed cursor), the job's payment. */
export const AggEvent = z.object({
  id: z.string(),
  seq: z.int(),
  type: EventType,
  tenant: z.string(),
  job: z.string(),
  createdAt: z.string(),
  payment: JobPayment,
});
export type AggEvent = z.infer<typeof AggEvent>;

/** `GET /v1/tenants/{tenant}/events?after=cursor&limit=` */
export const EventPage = z.object({
  events: z.array(AggEvent),
  /** Pass as `after` to continue; unchanged when there is nothing new. */
  next: z.string(),
  hasMore: z.boolean(),
});
export type EventPage = z.infer<typeof EventPage>;

/** `POST /v1/tenants/{tenant}/jobs/{ref}/payments` body: AGG SMART's payment, `paymentId` = idempotency key. */
export const PaymentPush = z.object({
  paymentId: z.string().check(z.minLength(1), z.maxLength(100), z.regex(/^[\w.:-]+$/)),
  /** A plain decimal in the invoice's currency ("120.50"; JPY "1500"; KWD "12.345"); its decimals are checked against that currency. */
  amount: z.string().check(z.regex(/^\d{1,13}(\.\d{1,4})?$/)),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
});
export type PaymentPush = z.infer<typeof PaymentPush>;

/** The outcome of a pushed payment (replayed unchanged for the same paymentId). */
export const PaymentPushResult = z.object({
  paymentId: z.string(),
  job: z.string(),
  invoiceNumber: z.string(),
  /** The payment's id in the accounting system (Xero PaymentID, QuickBooks Payment Id). */
  providerPaymentId: z.string(),
  /** Deprecated alias of `providerPaymentId`, kept for existing integrations (always the same value). */
  xeroPaymentId: z.string().register(z.globalRegistry, {
    deprecated: true,
    description: "Deprecated alias of providerPaymentId (always the same value).",
  }),
  /** The amount paid, written with the currency's own decimals ("120.50", JPY "1500", KWD "12.345"). */
  amount: z.string(),
  /** The same amount in integer minor units of `currency`. */
  amountMinor: z.int(),
  /** ISO 4217 code of the invoice's currency. */
  currency: z.string(),
  date: z.string(),
  accountCode: z.string(),
  /** True when this call replayed an earlier identical request. */
  replayed: z.boolean(),
});
export type PaymentPushResult = z.infer<typeof PaymentPushResult>;

/** A payment result with its deprecated `xeroPaymentId` alias filled in (always = providerPaymentId). */
export function withPaymentIdAlias(r: Omit<PaymentPushResult, "xeroPaymentId">): PaymentPushResult {
  return { ...r, xeroPaymentId: r.providerPaymentId };
}
