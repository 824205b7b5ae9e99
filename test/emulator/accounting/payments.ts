// GET/PUT/POST /Payments, GET /Payments/{PaymentID}, POST /Payments/{PaymentID} {"Status":"DELETED"}.
// PUT and POST both accept one payment or {"Payments":[…]}. With summarizeErrors (default true) one bad
// payment fails the whole request with a 400 ValidationException and nothing is applied; with
// summarizeErrors=false the good ones are applied and the bad ones come back flagged, status 200.
// @see https://developer.xero.com/documentation/api/accounting/payments

import type { Context } from "hono";
import { z } from "zod";
import type { EmulatorState } from "../state.ts";
import type { AccountingApp, AccountingEnv } from "./env.ts";
import { envelope, notFound, postDataInvalid, validationException } from "./errors.ts";
import { isGuid, money, msDateOfDay } from "./format.ts";
import type { OrgData } from "./model.ts";
import { parsePaymentsBody, toPaymentRequest } from "./payment-body.ts";
import {
  applyPayment,
  checkPayment,
  deletePaymentRecord,
  type PaymentCheck,
  type PaymentRequest,
} from "./payment-rules.ts";
import { runList } from "./query.ts";
import { paymentJson } from "./serialize.ts";

/** Payment fields `where` and `order` may name. */
export const PAYMENT_FIELDS = [
  "PaymentID",
  "Date",
  "Amount",
  "BankAmount",
  "Reference",
  "CurrencyRate",
  "PaymentType",
  "Status",
  "UpdatedDateUTC",
  "HasAccount",
  "IsReconciled",
  "Account",
  "Invoice",
  "HasValidationErrors",
] as const;

/** The payment echoed back with its ValidationErrors, as Xero does in Elements / summarizeErrors=false. */
function failedElement(req: PaymentRequest, check: PaymentCheck): Record<string, unknown> {
  const inv = check.invoice;
  const el: Record<string, unknown> = {
    ...(req.day ? { Date: msDateOfDay(req.day) } : {}),
    ...(req.amount !== null ? { Amount: money(req.amount) } : {}),
    ...(req.reference !== undefined ? { Reference: req.reference } : {}),
    HasAccount: check.account !== undefined,
    Account: check.account
      ? { AccountID: check.account.accountId, Code: check.account.code }
      : { ...(req.accountCode ? { Code: req.accountCode } : {}) },
    Invoice: inv
      ? { Type: inv.type, InvoiceID: inv.invoiceId, InvoiceNumber: inv.invoiceNumber, Status: inv.status }
      : {
          ...(req.invoiceId && isGuid(req.invoiceId) ? { InvoiceID: req.invoiceId } : {}),
          ...(req.invoiceNumber ? { InvoiceNumber: req.invoiceNumber } : {}),
        },
    HasValidationErrors: true,
    StatusAttributeString: "ERROR",
    ValidationErrors: check.errors.map((Message) => ({ Message })),
  };
  return el;
}

function createPayments(state: EmulatorState, org: OrgData, text: string, summarize: boolean) {
  const reqs = parsePaymentsBody(text).map(toPaymentRequest);
  const pending = new Map<string, number>();
  const checks = reqs.map((r) => {
    const check = checkPayment(org, r, pending);
    if (check.errors.length === 0 && check.invoice && r.amount !== null) {
      pending.set(check.invoice.invoiceId, (pending.get(check.invoice.invoiceId) ?? 0) + r.amount);
    }
    return check;
  });
  const failed = checks.some((ch) => ch.errors.length > 0);
  if (failed && summarize) {
    throw validationException(
      reqs.flatMap((r, i) => {
        const ch = checks[i];
        return ch && ch.errors.length > 0 ? [failedElement(r, ch)] : [];
      }),
    );
  }
  return reqs.map((r, i) => {
    const ch = checks[i] as PaymentCheck;
    if (ch.errors.length > 0) return failedElement(r, ch);
    return paymentJson(org, applyPayment(state, org, r, ch));
  });
}

const DeleteBody = z.union([
  z.looseObject({ Payments: z.array(z.looseObject({ Status: z.string() })).length(1) }),
  z.looseObject({ Status: z.string() }),
]);

function deleteStatus(body: z.infer<typeof DeleteBody>): string | undefined {
  if ("Payments" in body && Array.isArray(body.Payments)) return body.Payments[0]?.Status;
  return typeof body.Status === "string" ? body.Status : undefined;
}

/** Registers the Payments routes. */
export function registerPayments(app: AccountingApp, state: EmulatorState): void {
  app.get("/Payments", (c) => {
    const org = c.get("org");
    return c.json(
      runList(c, {
        collection: "Payments",
        typeName: "Payment",
        fields: PAYMENT_FIELDS,
        records: org.payments.values(),
        id: (r) => r.paymentId,
        updatedAt: (r) => r.updatedAt,
        filterJson: (r) => paymentJson(org, r),
        render: (page) => page.map((r) => paymentJson(org, r)),
        now: state.clock.now(),
      }),
    );
  });

  app.get("/Payments/:id", (c) => {
    const org = c.get("org");
    const id = c.req.param("id");
    const p = isGuid(id) ? org.payments.get(id.toLowerCase()) : undefined;
    if (!p) throw notFound();
    return c.json(envelope("Payments", [paymentJson(org, p)], state.clock.now()));
  });

  const create = async (c: Context<AccountingEnv>) => {
    const summarize = (c.req.query("summarizeErrors") ?? "true").toLowerCase() !== "false";
    const items = createPayments(state, c.get("org"), await c.req.text(), summarize);
    return c.json(envelope("Payments", items, state.clock.now()));
  };
  app.put("/Payments", create);
  app.post("/Payments", create);

  app.post("/Payments/:id", async (c) => {
    const org = c.get("org");
    const id = c.req.param("id");
    const p = isGuid(id) ? org.payments.get(id.toLowerCase()) : undefined;
    if (!p) throw notFound();
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw postDataInvalid(
        "Unexpected character encountered while parsing value. Path '', line 0, position 0.",
      );
    }
    const parsed = DeleteBody.safeParse(body);
    const status: string | undefined = parsed.success ? deleteStatus(parsed.data) : undefined;
    const element = () => ({
      PaymentID: p.paymentId,
      HasValidationErrors: true,
      StatusAttributeString: "ERROR",
    });
    if (status?.toUpperCase() !== "DELETED") {
      throw validationException([
        { ...element(), ValidationErrors: [{ Message: "Payments can only be deleted, not updated" }] },
      ]);
    }
    const problem = deletePaymentRecord(state, org, p);
    if (problem) throw validationException([{ ...element(), ValidationErrors: [{ Message: problem }] }]);
    return c.json(envelope("Payments", [paymentJson(org, p)], state.clock.now()));
  });
}
