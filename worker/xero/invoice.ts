import * as z from "zod";
import type { Invoice } from "../provider/model.ts";
import { toMinor } from "./contact.ts";

/** Xero dates: "/Date(1700000000000+0000)/" or ISO; → "YYYY-MM-DD" (the organisation's calendar day). */
export function xeroDay(v: string | null | undefined): string | undefined {
  if (!v) return undefined;
  const ms = /\/Date\((-?\d+)/.exec(v)?.[1];
  const d = ms ? new Date(Number(ms)) : new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

const Money = z.number().finite().nullish();

/** A Xero invoice as the payment read model needs it. @see https://developer.xero.com/documentation/api/accounting/invoices */
export const XeroInvoice = z.looseObject({
  InvoiceID: z.string(),
  Type: z.string().default("ACCREC"),
  InvoiceNumber: z.string().nullish(),
  Reference: z.string().nullish(),
  Status: z.string(),
  Contact: z.object({ ContactID: z.string() }).nullish(),
  CurrencyCode: z.string().nullish(),
  Total: Money,
  AmountDue: Money,
  AmountPaid: Money,
  AmountCredited: Money,
  DueDate: z.string().nullish(),
  DueDateString: z.string().nullish(),
  FullyPaidOnDate: z.string().nullish(),
});
export type XeroInvoice = z.infer<typeof XeroInvoice>;

/** Maps a Xero invoice; `fallbackCurrency` when Xero omits CurrencyCode. */
export function toInvoice(x: XeroInvoice, fallbackCurrency: string): Invoice {
  const currency = x.CurrencyCode ?? fallbackCurrency;
  const rec: Invoice = {
    invoiceId: x.InvoiceID,
    invoiceNumber: x.InvoiceNumber ?? "",
    reference: x.Reference ?? "",
    status: x.Status,
    currency,
    totalMinor: toMinor(x.Total, currency),
    paidMinor: toMinor(x.AmountPaid, currency),
    creditedMinor: toMinor(x.AmountCredited, currency),
    dueMinor: toMinor(x.AmountDue, currency),
  };
  if (x.Contact?.ContactID) rec.contactId = x.Contact.ContactID;
  const due = xeroDay(x.DueDateString ?? x.DueDate);
  const paid = xeroDay(x.FullyPaidOnDate);
  if (due) rec.dueDate = due;
  if (paid) rec.fullyPaidOn = paid;
  return rec;
}

/** Sales invoices only (ACCREC), mapped; bills and supplier credits are not AGG SMART's business. */
export const salesInvoices = (list: readonly XeroInvoice[], currency: string): Invoice[] =>
  list.filter((i) => i.Type === "ACCREC").map((i) => toInvoice(i, currency));
