import type { PaymentPush } from "../../shared/payments.ts";
import type { InvoiceRecord } from "./xero-invoice.ts";

/** Why a payment cannot be posted, as the server API reports it. */
export type PushRefusal = {
  status: 404 | 409 | 422;
  code: "not_found" | "conflict" | "unprocessable";
  message: string;
};

const money = (minor: number) => (minor / 100).toFixed(2);

/**
 * Picks the invoice a job payment goes to (pure): the oldest AUTHORISED invoice of the job whose
 * amount due covers the payment. Refusals say exactly why, in words an admin can act on.
 */
export function chooseInvoice(
  job: string,
  invoices: readonly InvoiceRecord[],
  amountMinor: number,
): InvoiceRecord | PushRefusal {
  const live = invoices.filter((i) => i.status !== "VOIDED" && i.status !== "DELETED");
  if (live.length === 0)
    return { status: 404, code: "not_found", message: `Xero has no invoice for job ${job}.` };
  const open = live.filter((i) => i.status === "AUTHORISED" && i.dueMinor > 0);
  if (open.length === 0) {
    if (live.every((i) => i.status === "PAID" || (i.status === "AUTHORISED" && i.dueMinor <= 0))) {
      return {
        status: 409,
        code: "conflict",
        message: `Job ${job} is already paid in Xero (${live.map((i) => i.invoiceNumber).join(", ")}).`,
      };
    }
    const drafts = live
      .filter((i) => i.status === "DRAFT" || i.status === "SUBMITTED")
      .map((i) => `${i.invoiceNumber || "draft"} (${i.status})`);
    return {
      status: 422,
      code: "unprocessable",
      message: `Job ${job}'s invoice is not approved in Xero yet: ${drafts.join(", ")}. Approve it, then retry.`,
    };
  }
  const sorted = [...open].sort(
    (a, b) =>
      (a.dueDate ?? "").localeCompare(b.dueDate ?? "") || a.invoiceNumber.localeCompare(b.invoiceNumber),
  );
  const fits = sorted.find((i) => i.dueMinor >= amountMinor);
  if (fits) return fits;
  const due = sorted.reduce((a, i) => a + i.dueMinor, 0);
  if (amountMinor > due) {
    return {
      status: 422,
      code: "unprocessable",
      message: `£${money(amountMinor)} is more than the £${money(due)} still due on job ${job}.`,
    };
  }
  const list = sorted.map((i) => `${i.invoiceNumber} £${money(i.dueMinor)}`).join(", ");
  return {
    status: 422,
    code: "unprocessable",
    message: `£${money(amountMinor)} spans several invoices of job ${job} (${list}); post one payment per invoice.`,
  };
}

/** Amount string ("120.50") → pence. */
export function amountMinor(p: PaymentPush): number {
  const [whole = "0", frac = ""] = p.amount.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** Xero's Idempotency-Key for an AGG SMART payment id (≤ 128 characters). */
export const idempotencyKey = (paymentId: string) => `aggsmart-payment-${paymentId}`.slice(0, 128);

/** Maps Xero's validation messages for a payment to our outcome. */
export function refusalFromXero(
  messages: readonly string[],
  job: string,
): PushRefusal & { accountProblem?: string } {
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
