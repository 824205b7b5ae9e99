// What a QuickBooks Payment says about balances that moved: the customer it was received from and
// the invoices its lines were applied to (`Line[].LinkedTxn[]`, TxnType "Invoice"). Read from a
// CDC answer and from a webhook's re-read alike.

import * as z from "zod";

/** The Payment fields that name its customer and invoices. */
export const QboPaymentLinks = z.looseObject({
  Id: z.string(),
  CustomerRef: z.looseObject({ value: z.string() }).nullish(),
  Line: z
    .array(
      z.looseObject({
        LinkedTxn: z.array(z.looseObject({ TxnId: z.string(), TxnType: z.string() })).nullish(),
      }),
    )
    .nullish(),
});
export type QboPaymentLinks = z.infer<typeof QboPaymentLinks>;

/** The payment's customer (if named) and the invoices it was applied to. */
export function paymentTargets(p: QboPaymentLinks): { customer?: string; invoices: string[] } {
  const invoices = (p.Line ?? []).flatMap((l) =>
    (l.LinkedTxn ?? []).filter((t) => t.TxnType === "Invoice").map((t) => t.TxnId),
  );
  return p.CustomerRef?.value ? { customer: p.CustomerRef.value, invoices } : { invoices };
}
