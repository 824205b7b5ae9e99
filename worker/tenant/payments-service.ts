import type { AggEvent, JobPayment, PaymentPush } from "../../shared/payments.ts";
import { orgToday } from "../payments/calendar.ts";
import { EventLog } from "../payments/event-log.ts";
import { InvoiceStore, type JobClock } from "../payments/invoice-store.ts";
import { signatureHeader } from "../payments/signing.ts";
import type { PaymentWriter, PullSource, Runtime } from "../provider/capabilities.ts";
import { type Invoice, jobKey } from "../provider/model.ts";
import { type InflightPush, PaymentPusher, type PushOutcome } from "./payment-pusher.ts";
import type { TenantSettings } from "./settings.ts";

/** What the payments side needs from its Durable Object. */
export interface PaymentsHost {
  sql: SqlStorage;
  tenant: string;
  settings: TenantSettings;
  currency: string;
  /** IANA zone of the organisation: due dates are its calendar days. */
  timezone: string;
  rt: Runtime;
  providerName: string;
  /** Live reads of invoices (absent for a push provider: its batches are the only source). */
  pull?: PullSource;
  /** Posting payments (absent when the provider cannot take them). */
  writer?: PaymentWriter;
  /** Where AGG SMART receives events, and the secret they are signed with (null = feed only). */
  webhook(): Promise<{ url: string; secret: string } | null>;
  saveSettings(s: TenantSettings): Promise<void>;
  /** Payments being posted right now, by paymentId: lives on the Durable Object, not on this service. */
  inflight: Map<string, InflightPush>;
}

/** Job payment states, the event log and its delivery, and payments posted to the provider. */
export class PaymentsService {
  private readonly h: PaymentsHost;
  readonly invoices: InvoiceStore;
  readonly log: EventLog;

  constructor(host: PaymentsHost) {
    this.h = host;
    this.invoices = new InvoiceStore(host.sql);
    this.log = new EventLog(host.sql, host.tenant);
  }

  /** Today in the organisation's calendar (what is overdue depends on it). */
  clock(now = this.h.rt.now()): JobClock {
    return {
      today: orgToday(now, this.h.timezone),
      now: new Date(now).toISOString(),
      currency: this.h.currency,
    };
  }

  /** Stores invoices from the sync or a webhook; appends an event for every job whose payment level changed. */
  ingest(list: readonly Invoice[], announce: boolean): AggEvent[] {
    const changes = this.invoices.upsert(list, this.h.settings.jobMatchField, this.clock(), announce);
    return this.log.append(changes, this.h.rt.now());
  }

  /** A job's payment position from the stored invoices. */
  payment(job: string): JobPayment {
    return this.invoices.payment(job, this.h.settings.jobMatchField, this.clock());
  }

  /** Re-reads invoices by id (webhook, after a payment) and ingests them. Returns the customers they belong to. */
  async refreshInvoices(ids: readonly string[]): Promise<{ contactIds: string[]; events: AggEvent[] }> {
    if (!this.h.pull) return { contactIds: [], events: [] };
    const list = await this.h.pull.invoices(ids);
    const events = this.ingest(list, true);
    return { contactIds: [...new Set(list.flatMap((i) => (i.contactId ? [i.contactId] : [])))], events };
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
      if (head.nextAt > this.h.rt.now()) return head.nextAt;
      const body = JSON.stringify(head.event);
      const t = Math.floor(this.h.rt.now() / 1000);
      let error = "";
      try {
        const res = await this.h.rt.fetch(target.url, {
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
          this.log.delivered(head.event.seq, this.h.rt.now());
          continue;
        }
        error = `HTTP ${res.status}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      this.log.failed(head, this.h.rt.now(), error);
      return this.log.head()?.nextAt ?? null;
    }
    return this.h.rt.now();
  }

  /** Posts AGG SMART's payment to the job's invoice, exactly once per `paymentId` (see PaymentPusher). */
  push(job: string, p: PaymentPush): Promise<PushOutcome> {
    const { writer, pull } = this.h;
    if (!writer || !pull) {
      const message = `${this.h.providerName} payments are recorded in ${this.h.providerName} itself.`;
      return Promise.resolve({ status: 409, code: "conflict", message });
    }
    return new PaymentPusher({
      ...this.h,
      writer,
      jobInvoices: async (j) => {
        // Read live: the read model may be minutes old and an amount due must be exact.
        this.ingest(await pull.jobInvoices(j, this.h.settings.jobMatchField), true);
        return this.invoices.forKey(jobKey(j), this.h.settings.jobMatchField);
      },
      refreshInvoice: async (id) => {
        await this.refreshInvoices([id]);
      },
      now: this.h.rt.now,
    }).push(job, p);
  }
}
