import * as z from "zod";
import type { PullSink } from "../provider/capabilities.ts";
import { pausedCursor, type SyncCursor } from "../sync/cursor.ts";
import type { XeroRequest } from "./api.ts";
import { type LimitField, toCustomer, XeroContact } from "./contact.ts";
import { salesInvoices, XeroInvoice } from "./invoice.ts";
import { FULL_RECONCILE_EVERY_MS, IDS_PER_CALL, PAGE_SIZE, SINCE_OVERLAP_MS } from "./limits.ts";

const Pagination = z.object({ page: z.number().optional(), pageCount: z.number().optional() }).nullish();
const ContactsPage = z.object({ Contacts: z.array(XeroContact).default([]), pagination: Pagination });
const InvoicesPage = z.object({ Invoices: z.array(XeroInvoice).default([]), pagination: Pagination });

/** What a sync step needs: one Xero call, where records go (only writes: a run reads nothing back), the clock, the tenant's settings. */
export interface SyncDeps extends PullSink {
  call(req: XeroRequest): Promise<unknown>;
  now(): number;
  currency: string;
  limitField: LimitField;
}

const since = (t: number | null) => (t === null ? undefined : t - SINCE_OVERLAP_MS);
const more = (p: z.infer<typeof Pagination>, page: number, n: number) =>
  p?.pageCount != null ? page < p.pageCount : n === PAGE_SIZE;

/**
 * Runs the sync for up to `maxCalls` Xero calls and returns the cursor (idle again when the run
 * finished). Contacts by If-Modified-Since (all of them on a full run) at the largest page size;
 * then sales invoices the same way — they feed job payment states, and because a balance change
 * does not bump a contact's UpdatedDateUTC, the contacts of changed invoices are then refetched
 * exactly, by `IDs=` batches.
 * Errors (429, 5xx) propagate with the cursor already saved at the last completed call.
 * @see https://developer.xero.com/documentation/api/accounting/contacts
 */
export async function runSync(d: SyncDeps, start: SyncCursor, maxCalls: number): Promise<SyncCursor> {
  let c: SyncCursor = { ...start };
  if (c.phase === "idle") {
    const full =
      c.contactsSince === null || c.lastFullAt === null || d.now() - c.lastFullAt >= FULL_RECONCILE_EVERY_MS;
    c = { ...c, phase: "contacts", full, page: 1, runStartedAt: d.now(), calls: 0 };
  }
  let budget = maxCalls;
  const step = async (next: SyncCursor) => {
    c = { ...next, calls: c.calls + 1 };
    budget--;
    await d.save(c);
  };
  while (budget > 0) {
    const paused = await pausedCursor(d, c);
    if (paused) return paused;
    if (c.phase === "contacts") {
      const res = ContactsPage.parse(
        await d.call({
          path: "/Contacts",
          query: { page: c.page, pageSize: PAGE_SIZE, includeArchived: true },
          ifModifiedSince: c.full ? undefined : since(c.contactsSince),
        }),
      );
      d.customers(res.Contacts.map((x) => toCustomer(x, d.currency, d.limitField)));
      const next = more(res.pagination, c.page, res.Contacts.length);
      // Then the sales invoices: job payment states, and (incrementally) whose balance moved.
      await step(next ? { ...c, page: c.page + 1 } : { ...c, phase: "invoices", page: 1 });
    } else if (c.phase === "invoices") {
      const res = InvoicesPage.parse(
        await d.call({
          path: "/Invoices",
          query: { page: c.page, pageSize: PAGE_SIZE, where: 'Type=="ACCREC"' },
          ifModifiedSince: c.full ? undefined : since(c.invoicesSince),
        }),
      );
      d.invoices(salesInvoices(res.Invoices, d.currency), c.lastSyncedAt === null);
      // A full run has just read every balance; an incremental one refetches the contacts whose balance moved.
      const ids = new Set(c.pending);
      if (!c.full) for (const inv of res.Invoices) if (inv.Contact?.ContactID) ids.add(inv.Contact.ContactID);
      const next = more(res.pagination, c.page, res.Invoices.length);
      await step(
        next
          ? { ...c, page: c.page + 1, pending: [...ids] }
          : { ...c, phase: "refetch", page: 1, pending: [...ids] },
      );
    } else if (c.phase === "refetch") {
      const batch = c.pending.slice(0, IDS_PER_CALL);
      if (batch.length === 0) return finish(d, c);
      const res = ContactsPage.parse(
        await d.call({
          path: "/Contacts",
          query: { IDs: batch.join(","), includeArchived: true, page: 1, pageSize: 100 },
        }),
      );
      d.customers(res.Contacts.map((x) => toCustomer(x, d.currency, d.limitField)));
      await step({ ...c, pending: c.pending.slice(batch.length) });
    } else {
      return c;
    }
  }
  if (c.phase === "refetch" && c.pending.length === 0) return finish(d, c);
  return c;
}

async function finish(d: SyncDeps, c: SyncCursor): Promise<SyncCursor> {
  const done: SyncCursor = {
    ...c,
    phase: "idle",
    page: 1,
    contactsSince: c.runStartedAt,
    invoicesSince: c.runStartedAt,
    lastFullAt: c.full ? c.runStartedAt : c.lastFullAt,
    lastSyncedAt: d.now(),
    nextRunAt: d.now() + d.intervalMs(),
  };
  await d.save(done);
  return done;
}
