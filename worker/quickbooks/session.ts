// One tenant's QuickBooks company behind the provider seam: the PullSource, PaymentWriter and
// WebhookApplier the tenant layer uses. Every call goes through `raw`, which counts metered
// reads (QuickBooks bills reads, not writes) and leaves every failure as a ProviderError.

import type { PaymentWriter, PullSource, Runtime, WebhookApplier } from "../provider/capabilities.ts";
import type { Customer, Invoice, JobMatchField } from "../provider/model.ts";
import type { CallBudget } from "../provider/provider.ts";
import { type QboCredentials, type QboRequest, qboCall, qboLiteral } from "./api.ts";
import { applyQboEvents } from "./events.ts";
import { toInvoice } from "./invoice.ts";
import { depositAccounts, findPayment, postPayment, refusalFromQbo } from "./payments.ts";
import {
  customersWithOverdue,
  dayOf,
  invoicesById,
  mapInvoices,
  QBO_IDS_PER_CALL,
  QBO_PAGE,
  queryRows,
} from "./reads.ts";
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
    this.pull = {
      pull: (start, sink, maxCalls) =>
        runQboSync({ ...sink, call: this.raw, now: d.rt.now, currency: d.currency }, start, maxCalls),
      customers: (refs) => this.customers(refs),
      invoices: (refs) => this.invoices(refs),
      jobInvoices: (job, field) => this.jobInvoices(job, field),
    };
    this.payments = {
      accounts: () => depositAccounts(this.raw),
      find: (req) => findPayment(this.raw, req),
      post: (req, key) => postPayment(this.raw, req, key),
      refusal: (err, job) => refusalFromQbo(err.messages, job),
    };
    this.events = { apply: (items, targets) => applyQboEvents(this.raw, items, targets) };
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

  /** Customers by id with their overdue; sub-customers are listed first so a parent's roll-up is whole (one more read). */
  private async customers(ids: readonly string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const parentOf: Record<string, string> = {};
    const jobs = await queryRows(
      this.raw,
      "Customer",
      `SELECT * FROM Customer WHERE Active IN (true, false) AND Job = true MAXRESULTS ${QBO_PAGE}`,
    );
    for (const j of jobs) if (j.ParentRef?.value) parentOf[j.Id] = j.ParentRef.value;
    const out: Customer[] = [];
    const today = dayOf(this.d.rt.now());
    for (let i = 0; i < ids.length; i += QBO_IDS_PER_CALL) {
      const batch = ids.slice(i, i + QBO_IDS_PER_CALL);
      out.push(...(await customersWithOverdue(this.raw, batch, this.d.currency, today, parentOf)).customers);
    }
    return out;
  }

  /** Invoices by id; an id QuickBooks no longer returns was deleted (QuickBooks keeps no deleted invoices). */
  private async invoices(ids: readonly string[]): Promise<Invoice[]> {
    const rows = await invoicesById(this.raw, ids);
    const found = new Set(rows.map((r) => r.Id));
    const gone = ids
      .filter((id) => !found.has(id))
      .map((Id) => toInvoice({ Id, status: "Deleted" }, this.d.currency));
    return [...mapInvoices(rows, this.d.currency), ...gone];
  }

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
