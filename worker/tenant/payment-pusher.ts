import { minorToDecimal } from "../../shared/money.ts";
import { type PaymentPush, type PaymentPushResult, withPaymentIdAlias } from "../../shared/payments.ts";
import { type Attempt, type AttemptRequest, AttemptStore } from "../payments/attempts.ts";
import {
  chooseInvoice,
  fingerprint,
  idempotencyKey,
  type PushRefusal,
  paymentReference,
} from "../payments/push.ts";
import type { PaymentWriter } from "../provider/capabilities.ts";
import { isProviderError } from "../provider/errors.ts";
import type { Invoice } from "../provider/model.ts";
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
  /** The provider's display name, for messages. */
  providerName: string;
  writer: PaymentWriter;
  saveSettings(s: TenantSettings): Promise<void>;
  /** The job's invoices, read live from the provider (and stored). */
  jobInvoices(job: string): Promise<Invoice[]>;
  /** Re-reads one invoice after a payment landed on it. */
  refreshInvoice(invoiceId: string): Promise<void>;
  /** Lives on the Durable Object, so every request to the tenant sees the same attempts. */
  inflight: Map<string, InflightPush>;
  now(): number;
}

/**
 * Posts AGG SMART payments to the provider exactly once per `paymentId`, for the request it was made for:
 * the attempt is recorded before the post, an attempt with an unknown outcome is looked up there
 * before anything is sent again, and a paymentId reused for another job, amount or date is a 409.
 */
export class PaymentPusher {
  private readonly h: PusherHost;
  private readonly attempts: AttemptStore;

  constructor(host: PusherHost) {
    this.h = host;
    this.attempts = new AttemptStore(host.sql);
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
      return conflict(stored.state === "done" ? "posted" : `sent to ${this.h.providerName}`);
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
      // The last try's outcome is unknown: the provider may have made the payment. Look before paying again.
      const found = await this.h.writer.find(stored.request);
      if (found) return this.done(stored, found, true);
      const gate = this.gate();
      if (gate) return gate;
      // Not there: resend that very request (same key, same body), so a try the provider is still
      // processing is answered by its replay instead of becoming a second payment.
      return this.send(stored);
    }
    const gate = this.gate();
    if (gate) return gate;
    const target = chooseInvoice(job, await this.h.jobInvoices(job), p.amount, this.h.providerName);
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
        message: `Marking invoices paid in ${this.h.providerName} is switched off. An admin can switch on “Mark invoices paid in ${this.h.providerName} when paid in AGG SMART” in Admin → Accounts.`,
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

  /** Posts a recorded attempt. A network failure, 5xx or 429 leaves it pending (outcome unknown). */
  private async send(a: Attempt & { state: "pending" }): Promise<PushOutcome> {
    let providerPaymentId: string;
    try {
      const key = await idempotencyKey(this.h.tenant, a.paymentId, a.tries);
      providerPaymentId = (await this.h.writer.post(a.request, key)).providerPaymentId;
    } catch (err) {
      if (!isProviderError(err, "validation")) throw err;
      // A refusal applies nothing; the provider may cache it for this key, so the next try gets a new key.
      const r = this.h.writer.refusal(err, a.request.job);
      if (r.accountProblem)
        await this.h.saveSettings({ ...this.h.settings, bankAccountProblem: r.accountProblem });
      const refusal: PushRefusal = { status: r.status, code: r.code, message: r.message };
      this.attempts.settle({ ...a, state: "refused", refusal }, this.h.now());
      return refusal;
    }
    return this.done(a, providerPaymentId, false);
  }

  private async done(
    a: Attempt & { state: "pending" },
    providerPaymentId: string,
    replayed: boolean,
  ): Promise<PaymentPushResult> {
    const r = a.request;
    const result = withPaymentIdAlias({
      paymentId: a.paymentId,
      job: r.job,
      invoiceNumber: r.invoiceNumber,
      providerPaymentId,
      amount: r.amount,
      amountMinor: r.amountMinor,
      currency: r.currency,
      date: r.date,
      accountCode: r.accountCode,
      replayed: false,
    });
    this.attempts.settle({ ...a, state: "done", result }, this.h.now());
    await this.h.refreshInvoice(r.invoiceId).catch(() => {});
    return { ...result, replayed };
  }
}
