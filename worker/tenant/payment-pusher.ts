import * as z from "zod";
import { minorToDecimal } from "../../shared/money.ts";
import type { PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import { type Attempt, type AttemptRequest, AttemptStore } from "../payments/attempts.ts";
import {
  chooseInvoice,
  fingerprint,
  idempotencyKey,
  type PushRefusal,
  paymentReference,
  refusalFromXero,
} from "../payments/push.ts";
import type { InvoiceRecord } from "../payments/xero-invoice.ts";
import { XeroApiError, type XeroRequest } from "../xero/api.ts";
import type { TenantSettings } from "./settings.ts";

/** What a push ends in: the payment, or why not. */
export type PushOutcome = PaymentPushResult | PushRefusal;

/** A payment being posted right now, and the request it was started for. */
export interface InflightPush {
  fingerprint: string;
  attempt: Promise<PushOutcome>;
}

/** What the pusher needs from the tenant. */
export interface PusherHost {
  sql: SqlStorage;
  tenant: string;
  settings: TenantSettings;
  /** The organisation's currency (for outcomes stored before they carried one). */
  currency: string;
  call(req: XeroRequest): Promise<unknown>;
  saveSettings(s: TenantSettings): Promise<void>;
  /** The job's invoices, read live from Xero (and stored). */
  jobInvoices(job: string): Promise<InvoiceRecord[]>;
  /** Re-reads one invoice after a payment landed on it. */
  refreshInvoice(invoiceId: string): Promise<void>;
  /** Lives on the Durable Object, so every request to the tenant sees the same attempts. */
  inflight: Map<string, InflightPush>;
  now(): number;
}

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

/** Xero's payment body for an attempt; built the same way every time, so a resend is byte-identical. */
function paymentBody(r: AttemptRequest) {
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

/**
 * Posts AGG SMART payments to Xero exactly once per `paymentId`, for the request it was made for:
 * the attempt is recorded before the PUT, an attempt with an unknown outcome is looked up at Xero
 * before anything is sent again, and a paymentId reused for another job, amount or date is a 409.
 */
export class PaymentPusher {
  private readonly h: PusherHost;
  private readonly attempts: AttemptStore;

  constructor(host: PusherHost) {
    this.h = host;
    this.attempts = new AttemptStore(host.sql, host.tenant, host.currency);
  }

  /** One push: joins an identical attempt in flight, replays a stored outcome, or makes an attempt. */
  async push(job: string, p: PaymentPush): Promise<PushOutcome> {
    const fp = fingerprint(this.h.tenant, job, p);
    const conflict = (what: string): PushRefusal => ({
      status: 409,
      code: "conflict",
      message: `Payment ${p.paymentId} was already ${what} with a different job, amount or date; a different payment needs a new paymentId.`,
    });
    // Everything up to the in-flight entry runs without an await, so no other call can slip in between.
    const running = this.h.inflight.get(p.paymentId);
    if (running) {
      if (running.fingerprint !== fp) return conflict("being posted");
      const r = await running.attempt;
      return "code" in r ? r : { ...r, replayed: true };
    }
    const stored = this.attempts.get(p.paymentId);
    if (stored && stored.state !== "refused" && stored.fingerprint !== fp)
      return conflict(stored.state === "done" ? "posted" : "sent to Xero");
    if (stored?.state === "done") return { ...stored.result, replayed: true };
    const attempt = this.attempt(job, p, fp, stored).finally(() => this.h.inflight.delete(p.paymentId));
    this.h.inflight.set(p.paymentId, { fingerprint: fp, attempt });
    return attempt;
  }

  private async attempt(
    job: string,
    p: PaymentPush,
    fp: string,
    stored: Attempt | undefined,
  ): Promise<PushOutcome> {
    if (stored?.state === "pending") {
      // The last try's outcome is unknown: Xero may have made the payment. Look before paying again.
      const found = await this.lookUp(stored.request);
      if (found) return this.done(stored, found, true);
      const gate = this.gate();
      if (gate) return gate;
      // Not there: resend that very request (same key, same body), so a try Xero is still
      // processing is answered by its replay instead of becoming a second payment.
      return this.send(stored);
    }
    const gate = this.gate();
    if (gate) return gate;
    const target = chooseInvoice(job, await this.h.jobInvoices(job), p.amount);
    if ("code" in target) return target;
    const { invoice, minor } = target;
    const pending: Attempt & { state: "pending" } = {
      state: "pending",
      paymentId: p.paymentId,
      fingerprint: fp,
      tries: (stored?.tries ?? 0) + 1,
      request: {
        job,
        invoiceId: invoice.invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        currency: invoice.currency,
        amountMinor: minor,
        amount: minorToDecimal(minor, invoice.currency),
        date: p.date,
        accountCode: this.h.settings.bankAccountCode ?? "",
        reference: await paymentReference(this.h.tenant, p.paymentId),
      },
    };
    this.attempts.pending(pending.paymentId, fp, pending.tries, pending.request, this.h.now());
    return this.send(pending);
  }

  /** Refuses when posting payments is switched off or has nowhere to go. */
  private gate(): PushRefusal | null {
    const s = this.h.settings;
    if (!s.pushEnabled) {
      return {
        status: 409,
        code: "conflict",
        message:
          "Marking invoices paid in Xero is switched off. An admin can switch on “Mark invoices paid in Xero when paid in AGG SMART” in Admin → Accounts.",
      };
    }
    if (!s.bankAccountCode)
      return {
        status: 409,
        code: "conflict",
        message: "No bank account is chosen for payments. An admin can pick one in Admin → Accounts.",
      };
    if (s.bankAccountProblem) return { status: 409, code: "conflict", message: s.bankAccountProblem };
    return null;
  }

  /** PUTs a recorded attempt. A network failure, 5xx or 429 leaves it pending (outcome unknown). */
  private async send(a: Attempt & { state: "pending" }): Promise<PushOutcome> {
    let xeroPaymentId: string;
    try {
      const res = PutAnswer.parse(
        await this.h.call({
          method: "PUT",
          path: "/Payments",
          idempotencyKey: await idempotencyKey(this.h.tenant, a.paymentId, a.tries),
          body: paymentBody(a.request),
        }),
      );
      xeroPaymentId = res.Payments[0]?.PaymentID ?? "";
    } catch (err) {
      if (!(err instanceof XeroApiError && err.kind === "validation")) throw err;
      // A 400 applies nothing; Xero caches it for this key, so the next try gets a new key.
      const r = refusalFromXero(err.messages, a.request.job);
      if (r.accountProblem)
        await this.h.saveSettings({ ...this.h.settings, bankAccountProblem: r.accountProblem });
      const refusal: PushRefusal = { status: r.status, code: r.code, message: r.message };
      this.attempts.settle({ ...a, state: "refused", refusal }, this.h.now());
      return refusal;
    }
    return this.done(a, xeroPaymentId, false);
  }

  /** Finds the payment an attempt made, by its Reference on the attempt's invoice; null when none. */
  private async lookUp(r: AttemptRequest): Promise<string | null> {
    const body = Found.parse(
      await this.h.call({ path: "/Payments", query: { where: `Reference=="${r.reference}"`, page: 1 } }),
    );
    const hit = body.Payments.find(
      (x) => x.Reference === r.reference && x.Invoice?.InvoiceID.toLowerCase() === r.invoiceId.toLowerCase(),
    );
    return hit?.PaymentID ?? null;
  }

  private async done(
    a: Attempt & { state: "pending" },
    xeroPaymentId: string,
    replayed: boolean,
  ): Promise<PaymentPushResult> {
    const r = a.request;
    const result: PaymentPushResult = {
      paymentId: a.paymentId,
      job: r.job,
      invoiceNumber: r.invoiceNumber,
      xeroPaymentId,
      amount: r.amount,
      amountMinor: r.amountMinor,
      currency: r.currency,
      date: r.date,
      accountCode: r.accountCode,
      replayed: false,
    };
    this.attempts.settle({ ...a, state: "done", result }, this.h.now());
    await this.h.refreshInvoice(r.invoiceId).catch(() => {});
    return { ...result, replayed };
  }
}
