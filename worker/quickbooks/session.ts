// One tenant's QuickBooks company behind the provider seam: the PullSource, PaymentWriter and
// WebhookApplier the tenant layer uses. Every call goes through `raw`, which counts metered
// reads (QuickBooks bills reads, not writes) and leaves every failure as a ProviderError.

import type { PaymentWriter, PullSource, Runtime, WebhookApplier } from "../provider/capabilities.ts";
import type { Invoice, JobMatchField } from "../provider/model.ts";
import type { CallBudget, CustomerMerges } from "../provider/provider.ts";
import { type QboCredentials, type QboRequest, qboCall, qboLiteral } from "./api.ts";
import { applyQboEvents } from "./events.ts";
import { depositAccounts, findPayment, postPayment, refusalFromQbo } from "./payments.ts";
import { customersById, dayOf, invoicesOrDeleted, mapInvoices, QBO_PAGE, queryRows } from "./reads.ts";
import { runQboSync } from "./sync.ts";

/** The read counter kept on the tenant's call budget (QuickBooks' own shape of it). */
export type QboBudget = CallBudget & { reads?: number; readsMonth?: string };

/** What a session needs. */
export interface QboSessionDeps {
  apiUrl: string;
  rt: Runtime;
  creds: QboCredentials;
  budget: QboBudget;
  currency: string;
  /** The tenant's merge map (QuickBooks names a merge only in its webhook). */
  merges?: CustomerMerges;
}

/** A tenant's QuickBooks session. */
export class QboSession {
  readonly pull: PullSource;
  readonly payments: PaymentWriter;
  readonly events: WebhookApplier;
  private readonly d: QboSessionDeps;

  constructor(deps: QboSessionDeps) {
    this.d = deps;
    const d = deps;
    const merged = d.merges ? (id: string) => d.merges?.get(id) : undefined;
    this.pull = {
      pull: (start, sink, maxCalls) =>
        runQboSync({ ...sink, call: this.raw, now: d.rt.now, currency: d.currency, merged }, start, maxCalls),
      customers: (refs) => customersById(this.raw, refs, d.currency, dayOf(d.rt.now()), merged),
      invoices: (refs) => invoicesOrDeleted(this.raw, refs, d.currency),
      jobInvoices: (job, field) => this.jobInvoices(job, field),
    };
    this.payments = {
      accounts: () => depositAccounts(this.raw),
      find: (req) => findPayment(this.raw, req),
      post: (req, key) => postPayment(this.raw, req, key),
      refusal: (err, job) => refusalFromQbo(err.messages, job),
    };
    this.events = {
      apply: (items, targets) =>
        applyQboEvents(this.raw, items, targets, { merges: d.merges, now: d.rt.now }),
    };
  }

  /** One call; reads are counted per calendar month (Intuit's metering window). */
  private readonly raw = (req: QboRequest): Promise<unknown> =>
    qboCall(
      {
        apiUrl: this.d.apiUrl,
        fetchFn: this.d.rt.fetch,
        creds: this.d.creds,
        sleep: this.d.rt.sleep,
        onRead: () => {
          const b = this.d.budget;
          const month = dayOf(this.d.rt.now()).slice(0, 7);
          if (b.readsMonth !== month) Object.assign(b, { readsMonth: month, reads: 0 });
          b.reads = (b.reads ?? 0) + 1;
        },
      },
      req,
    );

  /** The job's invoices read live by DocNumber (the only job field QuickBooks offers here). */
  private async jobInvoices(job: string, _field: JobMatchField): Promise<Invoice[]> {
    const rows = await queryRows(
      this.raw,
      "Invoice",
      `SELECT * FROM Invoice WHERE DocNumber = ${qboLiteral(job.trim())} MAXRESULTS ${QBO_PAGE}`,
    );
    return mapInvoices(rows, this.d.currency);
  }
}
