// Posting payments to Xero: the PUT /Payments body, finding a payment an earlier try made (by
// its Reference on its invoice), and Xero's validation messages in words an admin can act on.
// @see https://developer.xero.com/documentation/api/accounting/payments

import * as z from "zod";
import type { PaymentRefusal, PaymentRequest, PaymentResult } from "../provider/model.ts";
import type { XeroRequest } from "./api.ts";

type Call = (req: XeroRequest) => Promise<unknown>;

const PutAnswer = z.object({ Payments: z.array(z.looseObject({ PaymentID: z.string() })).min(1) });
const Found = z.object({
  Payments: z
    .array(
      z.looseObject({
        PaymentID: z.string(),
        Reference: z.string().nullish(),
        Invoice: z.looseObject({ InvoiceID: z.string() }).nullish(),
      }),
    )
    .default([]),
});

/** Xero's payment body for a request; built the same way every time, so a resend is byte-identical. */
function paymentBody(r: PaymentRequest) {
  return {
    Payments: [
      {
        Invoice: { InvoiceID: r.invoiceId },
        Account: { Code: r.accountCode },
        Date: r.date,
        Amount: Number(r.amount),
        Reference: r.reference,
      },
    ],
  };
}

/** PUT /Payments with an Idempotency-Key; a 400 (nothing applied) throws Xero's validation error. */
export async function postPayment(
  call: Call,
  r: PaymentRequest,
  idempotencyKey: string,
): Promise<PaymentResult> {
  const res = PutAnswer.parse(
    await call({ method: "PUT", path: "/Payments", idempotencyKey, body: paymentBody(r) }),
  );
  return { providerPaymentId: res.Payments[0]?.PaymentID ?? "" };
}

/** The payment a request made, by its Reference on its invoice; null when none. */
export async function findPayment(call: Call, r: PaymentRequest): Promise<string | null> {
  const body = Found.parse(
    await call({ path: "/Payments", query: { where: `Reference=="${r.reference}"`, page: 1 } }),
  );
  const hit = body.Payments.find(
    (x) => x.Reference === r.reference && x.Invoice?.InvoiceID.toLowerCase() === r.invoiceId.toLowerCase(),
  );
  return hit?.PaymentID ?? null;
}

/** Maps Xero's validation messages for a payment to our outcome. */
export function refusalFromXero(
  messages: readonly string[],
  job: string,
): PaymentRefusal & { accountProblem?: string } {
  const text = messages.join(" ");
  if (/exceeds the amount outstanding/i.test(text))
    return {
      status: 422,
      code: "unprocessable",
      message: `The amount is more than is due on job ${job} in Xero.`,
    };
  if (/fully paid|already been paid|paid in full/i.test(text))
    return { status: 409, code: "conflict", message: `Job ${job} is already paid in Xero.` };
  if (/authorised documents|not of valid status/i.test(text))
    return {
      status: 422,
      code: "unprocessable",
      message: `Job ${job}'s invoice is not approved (AUTHORISED) in Xero.`,
    };
  if (/account/i.test(text)) {
    const problem = `Xero refused the chosen bank account: ${messages[0] ?? "not valid"}. Pick another account in Admin → Accounts.`;
    return { status: 409, code: "conflict", message: problem, accountProblem: problem };
  }
  return {
    status: 422,
    code: "unprocessable",
    message: `Xero refused the payment: ${messages[0] ?? "validation failed"}.`,
  };
}
