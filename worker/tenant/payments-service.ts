import * as z from "zod";
import type { AggEvent, JobPayment, PaymentPush } from "../../shared/payments.ts";
import { EventLog } from "../payments/event-log.ts";
import { InvoiceStore, type JobClock } from "../payments/invoice-store.ts";
import { signatureHeader } from "../payments/signing.ts";
import { jobKey, toInvoiceRecord, XeroInvoice } from "../payments/xero-invoice.ts";
import type { XeroRequest } from "../xero/api.ts";
import { orgToday } from "../xero/timezone.ts";
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
  call(req: XeroRequest): Promise<unknown>;
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** Where AGG SMART receives events, and the secret they are signed with (null = feed only). */
  webhook(): Promise<{ url: string; secret: string } | null>;
  saveSettings(s: TenantSettings): Promise<void>;
  /** Payments being posted right now, by paymentId: lives on the Durable Object, not on this service. */
  inflight: Map<string, InflightPush>;
}

const InvoicesBody = z.object({ Invoices: z.array(XeroInvoice).default([]) });

/** Job payment states, the event log and its delivery, and payments posted to Xero. */
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

  /** Posts AGG SMART's payment to the job's invoice in Xero, exactly once per `paymentId` (see PaymentPusher). */
  push(job: string, p: PaymentPush): Promise<PushOutcome> {
    return new PaymentPusher({
      ...this.h,
      jobInvoices: (j) => this.liveJobInvoices(j),
      refreshInvoice: async (id) => {
        await this.refreshInvoices([id]);
      },
      now: () => Date.now(),
    }).push(job, p);
  }

  /** The job's invoices read live: the read model may be minutes old and an amount due must be exact. */
  private async liveJobInvoices(job: string) {
    const s = this.h.settings;
    const where =
      s.jobMatchField === "Reference"
        ? { where: `Reference=="${job.replace(/"/g, "")}"` }
        : { InvoiceNumbers: job };
    const live = InvoicesBody.parse(
      await this.h.call({ path: "/Invoices", query: { ...where, page: 1, pageSize: 100 } }),
    );
    this.ingest(live.Invoices, true);
    return this.invoices.forKey(jobKey(job), s.jobMatchField);
  }
}
