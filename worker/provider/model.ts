// The provider-neutral model: what the tenant layer, the stores, the read models, the event log
// and the routes speak. Only worker/<provider>/ maps an accounting system's own records to these.
// Field names and status words are the ones already stored (SQLite JSON, KV buckets) and
// published (JobPayment.invoices[].status, ContactStatus): see worker/provider/README.md.

import * as z from "zod";
import { ContactStatus, type ContactSummary } from "../../shared/credit.ts";
import { PROVIDER_IDS } from "../../shared/providers.ts";

/** The accounting systems a tenant may connect (descriptors in shared/providers.ts). */
export const ProviderId = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof ProviderId>;

/** What every record written before the provider seam came from (the only provider then). */
export const LEGACY_PROVIDER: ProviderId = PROVIDER_IDS[0];

/** A customer as the read model keeps it: matching keys, the raw credit-limit text, AR balances in minor units. */
export const Customer = z.object({
  /** The provider's id of the record (a contact id, customer id or account reference). */
  contactId: z.string(),
  name: z.string(),
  contactNumber: z.string().optional(),
  accountNumber: z.string().optional(),
  status: z.enum(ContactStatus.options),
  /** Merged into this customer (the provider keeps the old record as a pointer). */
  mergedToContactId: z.string().optional(),
  /** The credit limit as typed in the provider's limit field (parsed when read: a typo is reported, not dropped). */
  limitRaw: z.string().nullable(),
  outstandingMinor: z.number().int(),
  overdueMinor: z.number().int(),
  /** Put on hold in the accounting system (Sage 50): blocked whatever the numbers. */
  onHold: z.boolean().optional(),
});
export type Customer = z.infer<typeof Customer>;

/** The matching view of a customer. */
export function toSummary(c: Customer): ContactSummary {
  const s: ContactSummary = { contactId: c.contactId, name: c.name, status: c.status };
  if (c.contactNumber) s.contactNumber = c.contactNumber;
  if (c.accountNumber) s.accountNumber = c.accountNumber;
  if (c.mergedToContactId) s.mergedToContactId = c.mergedToContactId;
  return s;
}

/**
 * Invoice states. The words are those the public API already publishes in
 * `JobPayment.invoices[].status`; every provider maps its own states onto them.
 */
export const InvoiceStatus = z.enum(["DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED"]);

/** A sales invoice in the tenant's store (money in integer minor units of `currency`). */
export const Invoice = z.object({
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  reference: z.string(),
  /** One of {@link InvoiceStatus}; a string so a provider's new state is stored, not dropped. */
  status: z.string(),
  contactId: z.string().optional(),
  currency: z.string(),
  totalMinor: z.number().int(),
  paidMinor: z.number().int(),
  creditedMinor: z.number().int(),
  dueMinor: z.number().int(),
  /** YYYY-MM-DD in the organisation's calendar. */
  dueDate: z.string().optional(),
  fullyPaidOn: z.string().optional(),
});
export type Invoice = z.infer<typeof Invoice>;

/** Which invoice field carries AGG SMART's job number: the neutral Invoice's `reference` or `invoiceNumber` (a provider offers those it has). */
export const JobMatchField = z.enum(["Reference", "InvoiceNumber"]);
export type JobMatchField = z.infer<typeof JobMatchField>;

/** The organisation a connection reads: what the widget shows and what due dates are computed in. */
export interface OrgInfo {
  name: string;
  currency?: string;
  /** IANA zone. */
  timezone?: string;
}

/** A payment to post: exactly what is sent, so a retry resends the identical request. */
export interface PaymentRequest {
  invoiceId: string;
  /** Decimal in the invoice currency's own decimals ("120.50", JPY "1500"). */
  amount: string;
  date: string;
  /** The account the money goes into (provider's code). */
  accountCode: string;
  /** Written on the payment, unique per tenant + paymentId: how a lost answer is found again. */
  reference: string;
}

/** What the provider answered for a posted payment. */
export interface PaymentResult {
  providerPaymentId: string;
}

/** Why a payment is refused, as the server API reports it. */
export type PaymentRefusal = {
  status: 404 | 409 | 422;
  code: "not_found" | "conflict" | "unprocessable";
  message: string;
};

/** The normalised job key an invoice is filed under (AGG SMART job refs are case-insensitive). */
export const jobKey = (ref: string) => ref.trim().toLowerCase();

/** An OAuth token set as the tenant's vault keeps it (sealed). */
export const TokenSet = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** ms since epoch when the access token stops working. */
  expiresAt: z.number(),
  /** ms since epoch when this refresh token was issued (providers expire unused ones: Provider.refreshIdleLimitMs). */
  refreshIssuedAt: z.number(),
  scope: z.string(),
});
export type TokenSet = z.infer<typeof TokenSet>;
