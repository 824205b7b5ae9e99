// The QuickBooks Online pull. QuickBooks meters reads (CorePlus; the free Builder tier stops an
// app after 500,000 a month), so nothing polls every entity: after one initial load (query
// paging, STARTPOSITION / MAXRESULTS 1000) a run is one CDC call for Customer, Invoice and
// Payment changes plus exact re-reads of what they touch. A daily full reload (re-reads
// everything) also moves overdue amounts when only the calendar changed; a cursor older than
// CDC's 30 days forces one too. The cursor is saved after every call, so a fault resumes where
// it stopped: no gaps (CDC resumes inclusive from the last time seen), no duplicates (the
// objects already applied at that second are dropped).
// @see ../../shared/QBO-FACTS.md "Query & CDC", "Limits"

import type { PullSink } from "../provider/capabilities.ts";
import { pausedCursor, type SyncCursor } from "../sync/cursor.ts";

import { CDC_MAX_AGE_MS, CDC_MAX_OBJECTS, cdcSince, readCdc } from "./cdc.ts";
import { type MergeLookup, toCustomer } from "./customer.ts";
import { overdueByCustomer } from "./invoice.ts";
import {
  type Call,
  childrenFirst,
  customersWithOverdue,
  dayOf,
  invoicesById,
  mapInvoices,
  QBO_IDS_PER_CALL,
  QBO_PAGE,
  queryRows,
  rolledUp,
} from "./reads.ts";

/** A full reload once a day: QuickBooks' own advice for a daily backstop, and overdue moves with the calendar. */
const FULL_RECONCILE_EVERY_MS = 24 * 3600_000;
/** Invoices changed this long before the initial load began are read again by the first CDC (clock skew). */
const SINCE_OVERLAP_MS = 60_000;

/** What a run needs: one call to the company, where records go, the clock, the base currency, the tenant's merges. */
export interface QboSyncDeps extends PullSink {
  call: Call;
  now(): number;
  currency: string;
  merged?: MergeLookup;
}

const start = (page: number) => (page - 1) * QBO_PAGE + 1;

/** Whether a run must read everything: never synced, the daily reconcile, or CDC cannot reach back that far. */
function needsFull(c: SyncCursor, now: number): boolean {
  return (
    c.contactsSince === null ||
    c.lastFullAt === null ||
    now - c.lastFullAt >= FULL_RECONCILE_EVERY_MS ||
    now - c.contactsSince > CDC_MAX_AGE_MS
  );
}

/**
 * A full reload from the start: invoices (own overdue per customer), then every sub-customer (the
 * tree: a parent's overdue rolls up its sub-customers', who may come pages after it), then every
 * customer, each emitted once with its rolled-up overdue.
 */
const fullRun = (c: SyncCursor, now: number): SyncCursor => ({
  ...c,
  phase: "invoices",
  full: true,
  page: 1,
  runStartedAt: now,
  // The CDC position after the reload: its start, less the overlap for clock skew with Intuit.
  invoicesSince: now - SINCE_OVERLAP_MS,
  pending: [],
  pendingInvoices: [],
  seen: [],
  overdue: {},
  parentOf: {},
  calls: 0,
});

/**
 * Runs (or resumes) the sync for up to `maxCalls` calls; returns the cursor (idle when done).
 * Errors propagate with the cursor already saved at the last completed call.
 */
export async function runQboSync(d: QboSyncDeps, begin: SyncCursor, maxCalls: number): Promise<SyncCursor> {
  let c: SyncCursor = { ...begin };
  if (c.phase === "idle") {
    const now = d.now();
    c = needsFull(c, now)
      ? fullRun(c, now)
      : {
          ...c,
          phase: "cdc",
          full: false,
          page: 1,
          runStartedAt: now,
          invoicesSince: c.contactsSince,
          calls: 0,
        };
  }
  let budget = maxCalls;
  const step = async (next: SyncCursor) => {
    c = { ...next, calls: c.calls + 1 };
    budget--;
    await d.save(c);
  };
  const today = dayOf(d.now());
  while (budget > 0) {
    const paused = await pausedCursor(d, c);
    if (paused) return paused;
    if (c.phase === "invoices") {
      const rows = await queryRows(
        d.call,
        "Invoice",
        `SELECT * FROM Invoice ORDERBY Id STARTPOSITION ${start(c.page)} MAXRESULTS ${QBO_PAGE}`,
      );
      d.invoices(mapInvoices(rows, d.currency), c.lastSyncedAt === null);
      const overdue = { ...(c.overdue ?? {}) };
      for (const [id, minor] of overdueByCustomer(rows, today, d.currency))
        overdue[id] = (overdue[id] ?? 0) + minor;
      await step(
        rows.length === QBO_PAGE
          ? { ...c, page: c.page + 1, overdue }
          : { ...c, phase: "jobs", page: 1, overdue },
      );
    } else if (c.phase === "jobs" || c.phase === "contacts") {
      const jobs = c.phase === "jobs";
      const rows = await queryRows(
        d.call,
        "Customer",
        `SELECT * FROM Customer WHERE Active IN (true, false)${jobs ? " AND Job = true" : ""} ORDERBY Id STARTPOSITION ${start(c.page)} MAXRESULTS ${QBO_PAGE}`,
      );
      const parentOf = { ...(c.parentOf ?? {}) };
      for (const x of rows) if (x.ParentRef?.value) parentOf[x.Id] = x.ParentRef.value;
      // The tree is whole before the first customer page: each customer is emitted once, rolled up.
      if (!jobs) {
        const own = new Map(Object.entries(c.overdue ?? {}));
        const overdue = rolledUp(own, parentOf);
        d.customers(rows.map((x) => toCustomer(x, d.currency, overdue.get(x.Id) ?? 0, d.merged?.(x.Id))));
      }
      const more = rows.length === QBO_PAGE;
      const next = jobs ? "contacts" : "refetch";
      await step({
        ...c,
        page: more ? c.page + 1 : 1,
        phase: more ? c.phase : next,
        parentOf,
        ...(more || jobs ? {} : { overdue: {} }),
      });
    } else if (c.phase === "cdc") {
      const since = c.invoicesSince ?? c.runStartedAt;
      const calledAt = d.now();
      const body = await d.call({
        path: "/cdc",
        query: { entities: "Customer,Invoice,Payment", changedSince: cdcSince(since) },
      });
      const ch = readCdc(body, new Set(c.seen ?? []));
      d.invoices(mapInvoices(ch.invoices, d.currency), false);
      const pending = new Set(c.pending);
      const read = new Set(ch.invoices.map((i) => i.Id));
      const pendingInvoices = new Set((c.pendingInvoices ?? []).filter((id) => !read.has(id)));
      for (const x of ch.customers) pending.add(x.Id);
      for (const i of ch.invoices) if (i.CustomerRef?.value) pending.add(i.CustomerRef.value);
      for (const id of ch.paymentCustomers) pending.add(id);
      // A payment moves its invoices' balances; the invoice itself may not be in this answer.
      for (const id of ch.paymentInvoices) if (!read.has(id)) pendingInvoices.add(id);
      const carry = { pending: [...pending], pendingInvoices: [...pendingInvoices] };
      if (ch.count >= CDC_MAX_OBJECTS) {
        const lastAt = ch.lastAt ?? since;
        // 1,000 changes in one second cannot be paged by time: read everything instead.
        if (lastAt <= since && (c.seen ?? []).length >= CDC_MAX_OBJECTS) {
          await step({ ...fullRun(c, d.now()), calls: c.calls });
          continue;
        }
        const seen = lastAt === since ? [...new Set([...(c.seen ?? []), ...ch.atLast])] : ch.atLast;
        await step({ ...c, ...carry, invoicesSince: lastAt, seen });
      } else {
        // Next run: from this call's time less the overlap; what this answer applied there is dropped then.
        const next = calledAt - SINCE_OVERLAP_MS;
        const from = Math.floor(next / 1000) * 1000;
        const keep = ch.keys.filter((k) => k.at !== null && k.at >= from).map((k) => k.key);
        await step({ ...c, ...carry, phase: "refetch", invoicesSince: next, seen: keep });
      }
    } else if (c.phase === "refetch") {
      const invoiceBatch = (c.pendingInvoices ?? []).slice(0, QBO_IDS_PER_CALL);
      if (invoiceBatch.length > 0) {
        const rows = await invoicesById(d.call, invoiceBatch);
        d.invoices(mapInvoices(rows, d.currency), false);
        const pending = new Set(c.pending);
        for (const i of rows) if (i.CustomerRef?.value) pending.add(i.CustomerRef.value);
        await step({
          ...c,
          pending: [...pending],
          pendingInvoices: (c.pendingInvoices ?? []).slice(invoiceBatch.length),
        });
        continue;
      }
      const parentOf = { ...(c.parentOf ?? {}) };
      const order = childrenFirst(c.pending, parentOf);
      const batch = order.slice(0, QBO_IDS_PER_CALL);
      if (batch.length === 0) return finish(d, c);
      // A roll-up is two reads; put it off only if this run already made calls (else it never runs).
      if (budget < 2 && budget < maxCalls) break;
      const ctx = { currency: d.currency, today, parentOf, merged: d.merged };
      const { customers, raw } = await customersWithOverdue(d.call, batch, ctx);
      d.customers(customers);
      // A sub-customer's change moves its parent's BalanceWithJobs too.
      const rest = new Set(order.slice(batch.length));
      const done = new Set(batch);
      for (const x of raw) {
        const p = x.ParentRef?.value;
        if (p && !done.has(p)) rest.add(p);
      }
      budget--;
      await step({ ...c, calls: c.calls + 1, parentOf, pending: [...rest] });
    } else {
      return c;
    }
  }
  if (c.phase === "refetch" && c.pending.length === 0 && (c.pendingInvoices ?? []).length === 0)
    return finish(d, c);
  return c;
}

async function finish(d: QboSyncDeps, c: SyncCursor): Promise<SyncCursor> {
  const position = c.invoicesSince ?? c.runStartedAt;
  const done: SyncCursor = {
    ...c,
    phase: "idle",
    page: 1,
    contactsSince: position,
    invoicesSince: position,
    lastFullAt: c.full ? c.runStartedAt : c.lastFullAt,
    lastSyncedAt: d.now(),
    nextRunAt: d.now() + d.intervalMs(),
    overdue: {},
  };
  await d.save(done);
  return done;
}
