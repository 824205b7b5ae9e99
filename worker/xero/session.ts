// One tenant's Xero organisation behind the provider seam: the PullSource, PaymentWriter and
// WebhookApplier the tenant layer uses. Every call goes through `call`, which records Xero's
// rate budget and turns every failure into a ProviderError.

import * as z from "zod";
import type { PaymentWriter, PullSource, Runtime, WebhookApplier } from "../provider/capabilities.ts";
import type { Customer, Invoice, JobMatchField } from "../provider/model.ts";
import { paymentAccounts } from "./accounts.ts";
import { type RateBudget, RateLimited, type XeroCredentials, type XeroRequest, xeroCall } from "./api.ts";
import type { XeroConfig } from "./config.ts";
import { type LimitField, toCustomer, XeroContact } from "./contact.ts";
import { mapped } from "./errors.ts";
import { applyXeroEvents, type XeroEventItem } from "./events.ts";
import { salesInvoices, XeroInvoice } from "./invoice.ts";
import { findPayment, postPayment, refusalFromXero } from "./payments.ts";
import { runSync } from "./sync.ts";

/** What a session needs: Xero's endpoints, the runtime, the tenant's credentials and settings. */
export interface XeroSessionDeps {
  cfg: XeroConfig;
  rt: Runtime;
  creds: XeroCredentials;
  /** What Xero last said is left of its rate limits (kept by the tenant object across calls). */
  budget: RateBudget;
  currency: string;
  limitField: LimitField;
}

const Contacts = z.object({ Contacts: z.array(XeroContact).default([]) });
const Invoices = z.object({ Invoices: z.array(XeroInvoice).default([]) });

/** A tenant's Xero session. */
export class XeroSession {
  readonly pull: PullSource;
  readonly payments: PaymentWriter;
  readonly events: WebhookApplier;
  private readonly d: XeroSessionDeps;

  constructor(deps: XeroSessionDeps) {
    this.d = deps;
    const d = deps;
    this.pull = {
      pull: (start, sink, maxCalls) =>
        mapped(() =>
          runSync(
            { ...sink, call: this.raw, now: d.rt.now, currency: d.currency, limitField: d.limitField },
            start,
            maxCalls,
          ),
        ),
      customers: (refs) => mapped(() => this.contacts(refs)),
      invoices: (refs) => mapped(async () => (await this.invoicesById(refs)).invoices),
      jobInvoices: (job, field) => mapped(() => this.jobInvoices(job, field)),
    };
    this.payments = {
      accounts: () =>
        mapped(async () =>
          paymentAccounts(await this.raw({ path: "/Accounts", query: { where: 'Status=="ACTIVE"' } })),
        ),
      find: (req) => mapped(() => findPayment(this.raw, req)),
      post: (req, key) => mapped(() => postPayment(this.raw, req, key)),
      refusal: (err, job) => refusalFromXero(err.messages, job),
    };
    this.events = {
      apply: (items, targets) =>
        mapped(() =>
          applyXeroEvents(
            {
              call: this.raw,
              refreshInvoices: async (ids) => ({ contactIds: (await targets.invoices(ids)).customerRefs }),
              refreshContacts: (ids) => targets.customers(ids),
            },
            items as XeroEventItem[],
          ),
        ),
    };
  }

  /** One Xero call, recording the remaining rate budget (and the reset a `day` 429 names); Xero's own errors. */
  private readonly raw = async (req: XeroRequest): Promise<unknown> => {
    const b = this.d.budget;
    try {
      return await xeroCall(
        {
          cfg: this.d.cfg,
          fetchFn: this.d.rt.fetch,
          creds: this.d.creds,
          sleep: this.d.rt.sleep,
          onBudget: (x) => Object.assign(b, x, { at: this.d.rt.now() }),
        },
        req,
      );
    } catch (err) {
      if (err instanceof RateLimited && err.problem === "day")
        Object.assign(b, { day: 0, at: this.d.rt.now(), dayResetAt: this.d.rt.now() + err.retryAfterMs });
      throw err;
    }
  };

  /** `page` makes Xero return full records (with Balances); unpaged lists leave them out. */
  private async contacts(ids: readonly string[]): Promise<Customer[]> {
    const out: Customer[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const query = { IDs: ids.slice(i, i + 50).join(","), includeArchived: true, page: 1, pageSize: 100 };
      const res = Contacts.parse(await this.raw({ path: "/Contacts", query }));
      out.push(...res.Contacts.map((x) => toCustomer(x, this.d.currency, this.d.limitField)));
    }
    return out;
  }

  /** Invoices by id, and the contacts of every document read (a bill's contact included, as before). */
  private async invoicesById(ids: readonly string[]): Promise<{ invoices: Invoice[] }> {
    const invoices: Invoice[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const query = { IDs: ids.slice(i, i + 50).join(","), page: 1, pageSize: 100 };
      const res = Invoices.parse(await this.raw({ path: "/Invoices", query }));
      invoices.push(...salesInvoices(res.Invoices, this.d.currency));
    }
    return { invoices };
  }

  /** The job's invoices read live: the read model may be minutes old and an amount due must be exact. */
  private async jobInvoices(job: string, field: JobMatchField): Promise<Invoice[]> {
    const where =
      field === "Reference" ? { where: `Reference=="${job.replace(/"/g, "")}"` } : { InvoiceNumbers: job };
    const res = Invoices.parse(
      await this.raw({ path: "/Invoices", query: { ...where, page: 1, pageSize: 100 } }),
    );
    return salesInvoices(res.Invoices, this.d.currency);
  }
}
