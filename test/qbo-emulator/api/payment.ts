// POST /v3/company/{realmId}/payment: a customer payment applied to invoices (Line[].LinkedTxn
// TxnType "Invoice"), into DepositToAccountRef (a Bank account or Undeposited Funds; absent =
// Undeposited Funds). Error codes: 2010 unknown/invalid property, 610 object not found or inactive,
// 6000 business validation (amount above the invoice's Balance, lines above TotalAmt, wrong
// account or customer). Intuit documents 6000 as its business-validation code; the exact code for
// an over-applied payment is UNVERIFIED.
// @see https://developer.intuit.com/app/developer/qbo/docs/api/accounting/all-entities/payment

import type { Context } from "hono";
import { z } from "zod";
import { intuitDateTime, isDay, toPence } from "../format.ts";
import type { Company } from "../model.ts";
import { applyPayment, type PaymentInput } from "../ops.ts";
import type { QboState } from "../state.ts";
import { type FaultError, validation } from "./errors.ts";
import { paymentJson } from "./serialize.ts";

const Ref = z.strictObject({ value: z.string().min(1), name: z.string().optional() });
const PaymentBody = z.strictObject({
  CustomerRef: Ref,
  TotalAmt: z.number(),
  Line: z
    .array(
      z.strictObject({
        Amount: z.number(),
        LinkedTxn: z
          .array(z.strictObject({ TxnId: z.string().min(1), TxnType: z.literal("Invoice") }))
          .length(1),
      }),
    )
    .optional(),
  DepositToAccountRef: Ref.optional(),
  PaymentRefNum: z.string().max(21).optional(),
  TxnDate: z.string().optional(),
  PrivateNote: z.string().max(4000).optional(),
  CurrencyRef: Ref.optional(),
});

type Err = { status: 400; error: FaultError };
const err = (code: string, Message: string, Detail: string, element?: string): Err => ({
  status: 400,
  error: { code, Message, Detail, element },
});
const notFound = (what: string, element: string) =>
  err(
    "610",
    "Object Not Found",
    `Object Not Found : Something you're trying to use has been made inactive or does not exist: ${what}`,
    element,
  );
const business = (detail: string, element?: string) =>
  err(
    "6000",
    "A business validation error has occurred while processing your request",
    `Business Validation Error: ${detail}`,
    element,
  );

/** Validates a request body against the company; returns the payment to apply or the Fault. */
export function validatePayment(
  co: Company,
  raw: unknown,
): { ok: true; input: PaymentInput } | { ok: false; e: Err } {
  const parsed = PaymentBody.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || (issue && "keys" in issue ? String(issue.keys) : "body");
    return {
      ok: false,
      e: err(
        "2010",
        "Request has invalid or unsupported property",
        `Property Name:${where} specified is unsupported or invalid: ${issue?.message ?? ""}`,
        where,
      ),
    };
  }
  const b = parsed.data;
  const total = toPence(b.TotalAmt);
  if (total === null || total <= 0)
    return { ok: false, e: business("TotalAmt must be positive with at most 2 decimals", "TotalAmt") };
  const customer = co.customers.get(b.CustomerRef.value);
  if (!customer || !customer.active)
    return { ok: false, e: notFound(`Customer ${b.CustomerRef.value}`, "CustomerRef") };
  if (b.CurrencyRef && b.CurrencyRef.value !== co.currency)
    return {
      ok: false,
      e: business(
        `Currency ${b.CurrencyRef.value} is not the home currency and multicurrency is off`,
        "CurrencyRef",
      ),
    };
  if (b.TxnDate !== undefined && !isDay(b.TxnDate))
    return {
      ok: false,
      e: err("2010", "Request has invalid or unsupported property", "TxnDate must be YYYY-MM-DD", "TxnDate"),
    };
  let depositAccountId: string | undefined;
  if (b.DepositToAccountRef) {
    const a = co.accounts.get(b.DepositToAccountRef.value);
    if (!a || !a.active)
      return { ok: false, e: notFound(`Account ${b.DepositToAccountRef.value}`, "DepositToAccountRef") };
    if (a.accountType !== "Bank" && a.accountSubType !== "UndepositedFunds")
      return {
        ok: false,
        e: business("Deposit to account must be a Bank account or Undeposited Funds", "DepositToAccountRef"),
      };
    depositAccountId = a.id;
  }
  const lines: PaymentInput["lines"] = [];
  for (const [i, l] of (b.Line ?? []).entries()) {
    const amount = toPence(l.Amount);
    if (amount === null || amount <= 0)
      return {
        ok: false,
        e: business(`Line ${i + 1}: Amount must be positive with at most 2 decimals`, "Line.Amount"),
      };
    const txnId = l.LinkedTxn[0]?.TxnId ?? "";
    const inv = co.invoices.get(txnId);
    if (!inv) return { ok: false, e: notFound(`Invoice ${txnId}`, "LinkedTxn") };
    if (inv.customerId !== customer.id)
      return { ok: false, e: business(`Invoice ${txnId} belongs to another customer`, "LinkedTxn") };
    const already = lines.filter((x) => x.invoiceId === inv.id).reduce((s, x) => s + x.amountPence, 0);
    if (amount + already > inv.balancePence)
      return {
        ok: false,
        e: business(
          `The payment amount ${l.Amount} is more than the open balance ${inv.balancePence / 100} of invoice ${inv.docNumber}`,
          "Line.Amount",
        ),
      };
    lines.push({ invoiceId: inv.id, amountPence: amount });
  }
  if (lines.reduce((s, l) => s + l.amountPence, 0) > total)
    return { ok: false, e: business("The amount applied to invoices is more than TotalAmt", "TotalAmt") };
  return {
    ok: true,
    input: {
      customerId: customer.id,
      totalPence: total,
      lines,
      depositAccountId,
      txnDate: b.TxnDate,
      paymentRefNum: b.PaymentRefNum,
      privateNote: b.PrivateNote,
    },
  };
}

/** Handles the POST once requestid replay has been ruled out. */
export async function createPayment(c: Context, state: QboState, co: Company): Promise<Response> {
  const now = state.clock.now();
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    return validation(
      c,
      now,
      "2010",
      "Request has invalid or unsupported property",
      "The request body is not valid JSON",
    );
  }
  const v = validatePayment(co, raw);
  if (!v.ok)
    return validation(c, now, v.e.error.code, v.e.error.Message, v.e.error.Detail ?? "", v.e.error.element);
  const p = applyPayment(state, co, v.input);
  return c.json({ Payment: paymentJson(co, p), time: intuitDateTime(now, true) });
}
