// A QuickBooks Online Invoice → the neutral Invoice. QuickBooks has no invoice status field
// (Intuit bug ACCTG-9279), so it is derived: paid = Balance 0 and TotalAmt > 0; part paid =
// 0 < Balance < TotalAmt (AUTHORISED, with paidMinor > 0); voided = zero amounts and a "Voided"
// note (QuickBooks writes it into PrivateNote); deleted only shows in CDC (`status: "Deleted"`).
// DocNumber is the job key (invoiceNumber).
// @see ../../shared/QBO-FACTS.md "Entities"

import * as z from "zod";
import type { Invoice } from "../provider/model.ts";
import { toMinor } from "./money.ts";

const Ref = z.looseObject({ value: z.string() });

/** The Invoice fields the sync reads. */
export const QboInvoice = z.looseObject({
  Id: z.string(),
  DocNumber: z.string().nullish(),
  TxnDate: z.string().nullish(),
  DueDate: z.string().nullish(),
  CustomerRef: Ref.nullish(),
  CurrencyRef: Ref.nullish(),
  TotalAmt: z.number().finite().nullish(),
  Balance: z.number().finite().nullish(),
  PrivateNote: z.string().nullish(),
  LinkedTxn: z.array(z.looseObject({ TxnId: z.string(), TxnType: z.string() })).nullish(),
  MetaData: z.looseObject({ LastUpdatedTime: z.string().optional() }).nullish(),
  /** CDC only: a deleted invoice is `{status: "Deleted", Id, MetaData}`. */
  status: z.string().optional(),
});
export type QboInvoice = z.infer<typeof QboInvoice>;

/** Whether QuickBooks voided the invoice: zero amounts and "Void"/"Voided" in the private note. */
export function isVoided(x: QboInvoice): boolean {
  return (x.TotalAmt ?? 0) === 0 && (x.Balance ?? 0) === 0 && /\bvoid(ed)?\b/i.test(x.PrivateNote ?? "");
}

const day = (v: string | null | undefined) =>
  v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined;

/**
 * Maps an invoice; `currency` when it names none. A zero-total invoice that is not voided stays
 * AUTHORISED (nothing is due; it is not "paid" either). `fullyPaidOn` is not on the invoice
 * (the last payment's date would need another read), so it is left out.
 */
export function toInvoice(x: QboInvoice, currency: string): Invoice {
  const cur = x.CurrencyRef?.value ?? currency;
  if (x.status === "Deleted")
    return {
      invoiceId: x.Id,
      invoiceNumber: "",
      reference: "",
      status: "DELETED",
      currency: cur,
      totalMinor: 0,
      paidMinor: 0,
      creditedMinor: 0,
      dueMinor: 0,
    };
  const total = toMinor(x.TotalAmt, cur);
  const due = toMinor(x.Balance, cur);
  const status = isVoided(x) ? "VOIDED" : total > 0 && due === 0 ? "PAID" : "AUTHORISED";
  const rec: Invoice = {
    invoiceId: x.Id,
    invoiceNumber: x.DocNumber ?? "",
    reference: "",
    status,
    currency: cur,
    totalMinor: total,
    // Credit memos applied also lower Balance; QuickBooks' invoice does not tell them apart (UNVERIFIED split).
    paidMinor: Math.max(0, total - due),
    creditedMinor: 0,
    dueMinor: due,
  };
  if (x.CustomerRef?.value) rec.contactId = x.CustomerRef.value;
  const dueDate = day(x.DueDate);
  if (dueDate) rec.dueDate = dueDate;
  return rec;
}

/** Sum of the open balances past their due date (`today`: YYYY-MM-DD), per customer id. */
export function overdueByCustomer(
  list: readonly QboInvoice[],
  today: string,
  currency: string,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of list) {
    const id = x.CustomerRef?.value;
    const dueDate = day(x.DueDate);
    if (!id || x.status === "Deleted" || !dueDate || dueDate >= today) continue;
    const due = toMinor(x.Balance, x.CurrencyRef?.value ?? currency);
    if (due > 0) out.set(id, (out.get(id) ?? 0) + due);
  }
  return out;
}
