// Decodes PUT/POST /Payments bodies: a single Payment object or {"Payments":[…]}. A body Xero could not
// deserialise (bad JSON, a date that is not a date, a non-number amount) is a PostDataInvalidException.

import { z } from "zod";
import { postDataInvalid } from "./errors.ts";
import { parseDay, toPence } from "./format.ts";
import type { PaymentRequest } from "./payment-rules.ts";

const InvoiceRef = z.looseObject({ InvoiceID: z.string().optional(), InvoiceNumber: z.string().optional() });
const AccountRef = z.looseObject({ AccountID: z.string().optional(), Code: z.string().optional() });

/** One payment as a client may send it. */
export const PaymentIn = z.looseObject({
  Invoice: InvoiceRef.optional(),
  InvoiceNumber: z.string().optional(),
  Account: AccountRef.optional(),
  Code: z.string().optional(),
  Date: z.string().optional(),
  Amount: z.union([z.number(), z.string()]).optional(),
  Reference: z.string().optional(),
  IsReconciled: z.boolean().optional(),
  Status: z.string().optional(),
});

/** The parsed form of one posted payment. */
export type PaymentInput = z.infer<typeof PaymentIn>;

const Body = z.union([z.looseObject({ Payments: z.array(PaymentIn) }), PaymentIn]);

/** Parses the raw body into payment objects, or throws Xero's PostDataInvalidException. */
export function parsePaymentsBody(text: string): PaymentInput[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw postDataInvalid(
      "Unexpected character encountered while parsing value. Path '', line 0, position 0.",
    );
  }
  const parsed = Body.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw postDataInvalid(`Error converting value. Path '${issue?.path.join(".") ?? ""}'.`);
  }
  return "Payments" in parsed.data && Array.isArray(parsed.data.Payments)
    ? parsed.data.Payments
    : [parsed.data];
}

/** Converts one posted payment into a PaymentRequest (dates and amounts decoded). */
export function toPaymentRequest(p: PaymentInput): PaymentRequest {
  let day: string | undefined;
  if (p.Date !== undefined) {
    const d = parseDay(p.Date);
    if (!d)
      throw postDataInvalid(`Error converting value "${p.Date}" to type 'System.DateTime'. Path 'Date'.`);
    day = d;
  }
  return {
    invoiceId: p.Invoice?.InvoiceID,
    invoiceNumber: p.Invoice?.InvoiceNumber ?? p.InvoiceNumber,
    accountId: p.Account?.AccountID,
    accountCode: p.Account?.Code ?? p.Code,
    day,
    amount: p.Amount === undefined ? null : toPence(p.Amount),
    reference: p.Reference,
    isReconciled: p.IsReconciled,
  };
}
