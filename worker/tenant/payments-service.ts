import * as z from "zod";
import type { AggEvent, JobPayment, PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import { EventLog } from "../payments/event-log.ts";
import { InvoiceStore, type JobClock } from "../payments/invoice-store.ts";
import {
  amountMinor,
  chooseInvoice,
  idempotencyKey,
  type PushRefusal,
  refusalFromXero,
} from "../payments/push.ts";
import { signatureHeader } from "../payments/signing.ts";
import { toInvoiceRecord, XeroInvoice } from "../payments/xero-invoice.ts";
import { XeroApiError, type XeroRequest } from "../xero/api.ts";
import { orgToday } from "../xero/timezone.ts";
import type { TenantSettings } from "./settings.ts";

/** What the payments side needs from its Durable Object. */
export interface PaymentsHost {
  sql: SqlStorage;
  tenant: string;
  settings: TenantSettings;
  currency: string;
  /** IANA zone of the organisation: due dates are its calendar days. */
  timezone: string;
  call(req: XeroRequest): Promise<unknown>;
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** Where AGG SMART receives events, and the secret they are signed with (null = feed only). */
  webhook(): Promise<{ url: string; secret: string } | null>;
  saveSettings(s: TenantSettings): Promise<void>;
  /** Payments being posted right now, by paymentId: lives on the Durable Object, not on this service. */
  inflight: Map<string, Promise<PaymentPushResult | PushRefusal>>;
}

const InvoicesBody = z.object({ Invoices: z.array(XeroInvoice).default([]) });
const PaymentsBody = z.object({ Payments: z.array(z.looseObject({ PaymentID: z.string() })).min(1) });

/** Pushed payments, kept so a retried `paymentId` replays the first outcome instead of paying twice. */
const PUSHED = `CREATE TABLE IF NOT EXISTS pushed (payment_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, json TEXT NOT NULL)`;

/** Job payment states, the event log and its delivery, and payments posted to Xero. */
export class PaymentsService {
  private readonly h: PaymentsHost;
  readonly invoices: InvoiceStore;
  readonly log: EventLog;

  constructor(host: PaymentsHost) {
    this.h = host;
    this.invoices = new InvoiceStore(host.sql);
    this.log = new EventLog(host.sql, host.tenant);
    host.sql.exec(PUSHED);
  }

  /** Today in the organisation's calendar (what is overdue depends on it). */
  clock(now = Date.now()): JobClock {
    return {
      today: orgToday(now, this.h.timezone),
      now: new Date(now).toISOString(),
      currency: this.h.currency,
    };
  }

  /** Stores invoices from the sync or a webhook; appends an event for every job whose payment level changed. */
  ingest(list: readonly z.infer<typeof XeroInvoice>[], announce: boolean): AggEvent[] {
    const sales = list.filter((i) => i.Type === "ACCREC").map((i) => toInvoiceRecord(i, this.h.currency));
    const changes = this.invoices.upsert(sales, this.h.settings.jobMatchField, this.clock(), announce);
    return this.log.append(changes, Date.now());
  }

  /** A job's payment position from the stored invoices. */
  payment(job: string): JobPayment {
    return this.invoices.payment(job, this.h.settings.jobMatchField, this.clock());
  }

  /** Re-reads invoices by id (webhook, after a payment) and ingests them. Returns the contacts they belong to. */
  async refreshInvoices(ids: readonly string[]): Promise<{ contactIds: string[]; events: AggEvent[] }> {
    const contactIds = new Set<string>();
    const events: AggEvent[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const body = InvoicesBody.parse(
        await this.h.call({
          path: "/Invoices",
          query: { IDs: ids.slice(i, i + 50).join(","), page: 1, pageSize: 100 },
        }),
      );
      events.push(...this.ingest(body.Invoices, true));
      for (const inv of body.Invoices) if (inv.Contact?.ContactID) contactIds.add(inv.Contact.ContactID);
    }
    return { contactIds: [...contactIds], events };
  }

  /**
   * Sends undelivered events to AGG SMART in order, signed (`Agg-Signature: t=…,v1=…`), until one
   * fails (it is retried with backoff for 24 h; the feed keeps everything). Returns when to try next.
   */
  async deliver(maxSends = 25): Promise<number | null> {
    const target = await this.h.webhook();
    if (!target) return null;
    for (let i = 0; i < maxSends; i++) {
      const head = this.log.head();
      if (!head) return null;
      if (head.nextAt > Date.now()) return head.nextAt;
      const body = JSON.stringify(head.event);
      const t = Math.floor(Date.now() / 1000);
      let error = "";
      try {
        const res = await this.h.fetchFn(target.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "Agg-Signature": await signatureHeader(target.secret, t, body),
            "Agg-Event-Id": head.event.id,
            "Agg-Event-Type": head.event.type,
          },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.body?.cancel();
        if (res.ok) {
          this.log.delivered(head.event.seq, Date.now());
          continue;
        }
        error = `HTTP ${res.status}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      this.log.failed(head, Date.now(), error);
      return this.log.head()?.nextAt ?? null;
    }
    return Date.now();
  }

  /**
   * Posts AGG SMART's payment to the job's invoice in Xero, exactly once per `paymentId`: a stored
   * outcome is replayed, concurrent calls share one attempt, and Xero's Idempotency-Key (derived
   * from `paymentId`) makes a retry after a lost response return the first payment.
   */
  async push(job: string, p: PaymentPush): Promise<PaymentPushResult | PushRefusal> {
    const fingerprint = `${job.trim().toLowerCase()}|${p.amount}|${p.date}`;
    const stored = this.h.sql
      .exec<{ fingerprint: string; json: string }>(
        "SELECT fingerprint, json FROM pushed WHERE payment_id = ?",
        p.paymentId,
      )
      .toArray()[0];
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        return {
          status: 409,
          code: "conflict",
          message: `Payment ${p.paymentId} was already posted with a different job, amount or date.`,
        };
      }
      return { ...(JSON.parse(stored.json) as PaymentPushResult), replayed: true };
    }
    const running = this.h.inflight.get(p.paymentId);
    if (running) return running;
    const attempt = this.pushOnce(job, p, fingerprint).finally(() => this.h.inflight.delete(p.paymentId));
    this.h.inflight.set(p.paymentId, attempt);
    return attempt;
  }

  private async pushOnce(
    job: string,
    p: PaymentPush,
    fingerprint: string,
  ): Promise<PaymentPushResult | PushRefusal> {
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
    // Read the job's invoices live: the read model may be minutes old and an amount due must be exact.
    const where =
      s.jobMatchField === "Reference"
        ? { where: `Reference=="${job.replace(/"/g, "")}"` }
        : { InvoiceNumbers: job };
    const live = InvoicesBody.parse(
      await this.h.call({ path: "/Invoices", query: { ...where, page: 1, pageSize: 100 } }),
    );
    this.ingest(live.Invoices, true);
    const invoices = this.invoices.forKey(job.trim().toLowerCase(), s.jobMatchField);
    const target = chooseInvoice(job, invoices, amountMinor(p));
    if ("code" in target) return target;
    let paymentId: string;
    try {
      const res = PaymentsBody.parse(
        await this.h.call({
          method: "PUT",
          path: "/Payments",
          idempotencyKey: idempotencyKey(p.paymentId),
          body: {
            Payments: [
              {
                Invoice: { InvoiceID: target.invoiceId },
                Account: { Code: s.bankAccountCode },
                Date: p.date,
                Amount: Number(p.amount),
                Reference: `AGG SMART ${p.paymentId}`,
              },
            ],
          },
        }),
      );
      paymentId = res.Payments[0]?.PaymentID ?? "";
    } catch (err) {
      if (!(err instanceof XeroApiError && err.kind === "validation")) throw err;
      const refusal = refusalFromXero(err.messages, job);
      if (refusal.accountProblem)
        await this.h.saveSettings({ ...s, bankAccountProblem: refusal.accountProblem });
      return { status: refusal.status, code: refusal.code, message: refusal.message };
    }
    const result: PaymentPushResult = {
      paymentId: p.paymentId,
      job,
      invoiceNumber: target.invoiceNumber,
      xeroPaymentId: paymentId,
      amount: p.amount,
      date: p.date,
      accountCode: s.bankAccountCode,
      replayed: false,
    };
    this.h.sql.exec(
      "INSERT OR REPLACE INTO pushed (payment_id, fingerprint, json) VALUES (?, ?, ?)",
      p.paymentId,
      fingerprint,
      JSON.stringify(result),
    );
    await this.refreshInvoices([target.invoiceId]).catch(() => {});
    return result;
  }
}
