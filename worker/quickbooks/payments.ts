// Posting a payment taken in AGG SMART to the QuickBooks invoice: `POST /payment` linked to the
// invoice, into the chosen deposit account (a Bank account or Undeposited Funds), with a
// `requestid` (Intuit replays the first answer for a repeat) and a PaymentRefNum tag that finds
// the payment again when an answer was lost. Writes are not metered; reads are.
// @see ../../shared/QBO-FACTS.md "Entities" (Payment, Bank), "requestid"

import * as z from "zod";
import type { BankAccount } from "../../shared/settings.ts";
import type { PaymentRefusal, PaymentRequest, PaymentResult } from "../provider/model.ts";
import { qboLiteral } from "./api.ts";
import type { Call } from "./reads.ts";

const Account = z.looseObject({
  Id: z.string(),
  Name: z.string(),
  AccountType: z.string().nullish(),
  AccountSubType: z.string().nullish(),
  Active: z.boolean().default(true),
  CurrencyRef: z.looseObject({ value: z.string() }).nullish(),
});
const Accounts = z.object({ QueryResponse: z.object({ Account: z.array(Account).optional() }).loose() });
const InvoiceLinks = z.object({
  Invoice: z.looseObject({
    Id: z.string(),
    CustomerRef: z.looseObject({ value: z.string() }),
    LinkedTxn: z.array(z.looseObject({ TxnId: z.string(), TxnType: z.string() })).nullish(),
  }),
});
const Payment = z.looseObject({ Id: z.string(), PaymentRefNum: z.string().nullish() });
const Payments = z.object({ QueryResponse: z.object({ Payment: z.array(Payment).optional() }).loose() });
const Posted = z.object({ Payment: Payment });

const isDeposit = (a: z.infer<typeof Account>) =>
  a.Active && (a.AccountType === "Bank" || a.AccountSubType === "UndepositedFunds");

/** Accounts a payment may go into: active Bank accounts and Undeposited Funds (one read). `code` is the account Id. */
export async function depositAccounts(call: Call): Promise<BankAccount[]> {
  const body = Accounts.parse(
    await call({
      path: "/query",
      query: { query: "SELECT * FROM Account WHERE Active = true MAXRESULTS 1000" },
    }),
  );
  return (body.QueryResponse.Account ?? []).filter(isDeposit).map((a) => ({
    code: a.Id,
    name: a.Name,
    type: a.AccountSubType === "UndepositedFunds" ? "Undeposited Funds" : (a.AccountType ?? "Bank"),
    ...(a.CurrencyRef?.value ? { currency: a.CurrencyRef.value } : {}),
  }));
}

async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The PaymentRefNum written on the payment (Intuit allows 21 characters; AGG SMART's reference
 * is longer): `AGG` + 18 hex digits of SHA-256(reference). The reference is unique per tenant and
 * AGG SMART paymentId, so the tag is too (72 bits); the whole reference goes in PrivateNote.
 */
export const paymentTag = async (reference: string) => `AGG${(await sha256Hex(reference)).slice(0, 18)}`;

/** `requestid` (≤ 50 characters): a hash of the tenant-scoped reference and the core's idempotency key. */
export const requestId = async (reference: string, idempotencyKey: string) =>
  `agg-${(await sha256Hex(`${reference}\n${idempotencyKey}`)).slice(0, 40)}`;

async function invoiceOf(call: Call, invoiceId: string) {
  return InvoiceLinks.parse(await call({ path: `/invoice/${encodeURIComponent(invoiceId)}` })).Invoice;
}

/** The body for a request: built the same way every time, so a retry resends the identical request. */
export async function paymentBody(r: PaymentRequest, customerId: string) {
  const amount = Number(r.amount);
  return {
    CustomerRef: { value: customerId },
    TotalAmt: amount,
    TxnDate: r.date,
    DepositToAccountRef: { value: r.accountCode },
    PaymentRefNum: await paymentTag(r.reference),
    PrivateNote: r.reference,
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: r.invoiceId, TxnType: "Invoice" }] }],
  };
}

/** POST /payment (one read of the invoice for its customer, then the write with requestid). */
export async function postPayment(
  call: Call,
  r: PaymentRequest,
  idempotencyKey: string,
): Promise<PaymentResult> {
  const inv = await invoiceOf(call, r.invoiceId);
  const body = await paymentBody(r, inv.CustomerRef.value);
  const res = Posted.parse(
    await call({
      method: "POST",
      path: "/payment",
      query: { requestid: await requestId(r.reference, idempotencyKey) },
      body,
    }),
  );
  return { providerPaymentId: res.Payment.Id };
}

/**
 * The payment an earlier try made: the invoice's linked payments, read by Id, with this
 * request's PaymentRefNum tag (two reads). Payments are not queried by PaymentRefNum itself:
 * whether Intuit filters on it is UNVERIFIED (the emulator refuses it, 4001), and the invoice's
 * links are documented.
 */
export async function findPayment(call: Call, r: PaymentRequest): Promise<string | null> {
  const inv = await invoiceOf(call, r.invoiceId);
  const ids = (inv.LinkedTxn ?? []).filter((t) => t.TxnType === "Payment").map((t) => t.TxnId);
  if (ids.length === 0) return null;
  const tag = await paymentTag(r.reference);
  const q = `SELECT * FROM Payment WHERE Id IN (${ids.map(qboLiteral).join(", ")}) MAXRESULTS 1000`;
  const found =
    Payments.parse(await call({ path: "/query", query: { query: q } })).QueryResponse.Payment ?? [];
  return found.find((p) => p.PaymentRefNum === tag)?.Id ?? null;
}

/** Intuit's refusal of a payment, in the neutral words and statuses every PaymentWriter answers with. */
export function refusalFromQbo(
  messages: readonly string[],
  job: string,
): PaymentRefusal & { accountProblem?: string } {
  const text = messages.join(" ");
  if (/open balance 0(?![.\d])|already (been )?paid|paid in full/i.test(text))
    return { status: 409, code: "conflict", message: `Job ${job} is already paid in QuickBooks Online.` };
  if (/more than the open balance|more than TotalAmt|exceeds/i.test(text))
    return {
      status: 422,
      code: "unprocessable",
      message: `The amount is more than is due on job ${job} in QuickBooks Online.`,
    };
  if (/DepositToAccountRef|Deposit to account|Account \S+/i.test(text)) {
    const problem = `QuickBooks Online refused the chosen deposit account: ${messages[0] ?? "not valid"}. Pick another account in Admin → Accounts.`;
    return { status: 409, code: "conflict", message: problem, accountProblem: problem };
  }
  if (/Invoice \S+|LinkedTxn/i.test(text) && /inactive|does not exist|not found/i.test(text))
    return {
      status: 404,
      code: "not_found",
      message: `Job ${job}'s invoice is no longer in QuickBooks Online.`,
    };
  return {
    status: 422,
    code: "unprocessable",
    message: `QuickBooks Online refused the payment: ${messages[0] ?? "validation failed"}.`,
  };
}
