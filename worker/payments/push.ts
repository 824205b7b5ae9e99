import { canonicalDecimal, formatMinor, parseAmount } from "../../shared/money.ts";
import type { PaymentPush } from "../../shared/payments.ts";
import { type Invoice, jobKey, type PaymentRefusal } from "../provider/model.ts";

/** Why a payment cannot be posted, as the server API reports it. */
export type PushRefusal = PaymentRefusal;

/** The invoice a payment goes to, and the amount in that invoice's minor units. */
export type PushTarget = { invoice: Invoice; minor: number };

/**
 * Picks the invoice a job payment goes to (pure): the oldest AUTHORISED invoice of the job whose
 * amount due covers the payment. The amount is read in the invoice's currency (JPY has no decimals,
 * KWD three). Refusals say exactly why, in words an admin can act on.
 */
export function chooseInvoice(
  job: string,
  invoices: readonly Invoice[],
  amount: string,
  /** The provider's display name, for the messages. */
  name: string,
): PushTarget | PushRefusal {
  const live = invoices.filter((i) => i.status !== "VOIDED" && i.status !== "DELETED");
  if (live.length === 0)
    return { status: 404, code: "not_found", message: `${name} has no invoice for job ${job}.` };
  const open = live.filter((i) => i.status === "AUTHORISED" && i.dueMinor > 0);
  if (open.length === 0) {
    if (live.every((i) => i.status === "PAID" || (i.status === "AUTHORISED" && i.dueMinor <= 0))) {
      return {
        status: 409,
        code: "conflict",
        message: `Job ${job} is already paid in ${name} (${live.map((i) => i.invoiceNumber).join(", ")}).`,
      };
    }
    const drafts = live
      .filter((i) => i.status === "DRAFT" || i.status === "SUBMITTED")
      .map((i) => `${i.invoiceNumber || "draft"} (${i.status})`);
    return {
      status: 422,
      code: "unprocessable",
      message: `Job ${job}'s invoice is not approved in ${name} yet: ${drafts.join(", ")}. Approve it, then retry.`,
    };
  }
  const currencies = [...new Set(open.map((i) => i.currency))];
  const [currency] = currencies;
  if (currency === undefined || currencies.length > 1) {
    return {
      status: 422,
      code: "unprocessable",
      message: `Job ${job} has invoices owed in several currencies (${currencies.join(", ")}); a payment cannot say which.`,
    };
  }
  const parsed = parseAmount(amount, currency);
  if (parsed.kind !== "amount") {
    const reason = parsed.kind === "invalid" ? parsed.reason : "It is empty.";
    return {
      status: 422,
      code: "unprocessable",
      message: `${amount} is not an amount of ${currency}, the currency of job ${job}'s invoice: ${reason}`,
    };
  }
  const minor = parsed.minor;
  if (minor <= 0) return { status: 422, code: "unprocessable", message: "A payment must be more than zero." };
  const money = (m: number) => formatMinor(m, currency);
  const sorted = [...open].sort(
    (a, b) =>
      (a.dueDate ?? "").localeCompare(b.dueDate ?? "") || a.invoiceNumber.localeCompare(b.invoiceNumber),
  );
  const fits = sorted.find((i) => i.dueMinor >= minor);
  if (fits) return { invoice: fits, minor };
  const due = sorted.reduce((a, i) => a + i.dueMinor, 0);
  if (minor > due) {
    return {
      status: 422,
      code: "unprocessable",
      message: `${money(minor)} is more than the ${money(due)} still due on job ${job}.`,
    };
  }
  const list = sorted.map((i) => `${i.invoiceNumber} ${money(i.dueMinor)}`).join(", ");
  return {
    status: 422,
    code: "unprocessable",
    message: `${money(minor)} spans several invoices of job ${job} (${list}); post one payment per invoice.`,
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The provider's Idempotency-Key for try `n` of an AGG SMART payment. Keys are kept per app, so
 * the tenant is part of it (hashed: ids of any length stay within a 128-character limit); a new
 * try after a known refusal gets a new key, because a cached error is replayed for the old one.
 */
export async function idempotencyKey(tenant: string, paymentId: string, n: number): Promise<string> {
  return `aggsmart-${await sha256Hex(`${tenant}\n${paymentId}`)}-${n}`;
}

/**
 * The Reference written on the provider's payment: the paymentId plus a tag of the tenant, so looking
 * it up (`Reference=="…"`) finds this tenant's payment and no other, even when two AGG SMART
 * accounts share one organisation.
 */
export async function paymentReference(tenant: string, paymentId: string): Promise<string> {
  return `AGG SMART ${paymentId} #${(await sha256Hex(tenant)).slice(0, 10)}`;
}

/**
 * What makes two calls "the same payment": tenant, job, amount (as a number, so "10" = "10.00"),
 * date. A paymentId reused with another fingerprint is a conflict, never a replay.
 */
export function fingerprint(tenant: string, job: string, p: PaymentPush): string {
  return JSON.stringify([tenant, jobKey(job), canonicalDecimal(p.amount), p.date]);
}
