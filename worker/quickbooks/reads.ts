// The reads the QuickBooks sync and session share: customers by id with their overdue (QuickBooks
// keeps no overdue figure: it is summed from open invoices past due, a parent's including its
// sub-customers'), invoices by id, and the CDC answer's shape.

import * as z from "zod";
import type { Customer, Invoice } from "../provider/model.ts";
import { type QboRequest, qboLiteral } from "./api.ts";
import { type MergeLookup, QboCustomer, toCustomer } from "./customer.ts";
import { overdueByCustomer, QboInvoice, toInvoice } from "./invoice.ts";

/** One call to the company (a query, CDC, a read by id, a write). */
export type Call = (req: QboRequest) => Promise<unknown>;

/** Largest page a query returns. */
export const QBO_PAGE = 1000;
/** Ids per `Id IN (…)` read (keeps the URL short). */
export const QBO_IDS_PER_CALL = 100;

const page = <T extends z.ZodType>(entity: string, item: T) =>
  z.object({
    QueryResponse: z.object({ [entity]: z.array(item).optional() }).loose(),
  });
const CustomerPage = page("Customer", QboCustomer);
const InvoicePage = page("Invoice", QboInvoice);

/** Runs a query; returns the rows of `entity` (an empty page is `{}` at Intuit). */
export async function queryRows(call: Call, entity: "Customer", q: string): Promise<QboCustomer[]>;
export async function queryRows(call: Call, entity: "Invoice", q: string): Promise<QboInvoice[]>;
export async function queryRows(call: Call, entity: "Customer" | "Invoice", q: string) {
  const body = await call({ path: "/query", query: { query: q } });
  const parsed = (entity === "Customer" ? CustomerPage : InvoicePage).parse(body);
  return (parsed.QueryResponse[entity] as unknown[] | undefined) ?? [];
}

const inList = (ids: readonly string[]) => `(${ids.map(qboLiteral).join(", ")})`;

/** `YYYY-MM-DD` of `now` (UTC: the company's own day is UNVERIFIED here, at most a day early or late near midnight). */
export const dayOf = (now: number) => new Date(now).toISOString().slice(0, 10);

/** The ancestors of `id` by the parent map (cycle-safe). */
export function ancestors(id: string, parentOf: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  const seen = new Set([id]);
  for (let p = parentOf[id]; p && !seen.has(p); p = parentOf[p]) {
    out.push(p);
    seen.add(p);
  }
  return out;
}

/**
 * `ids` with every known ancestor added, deepest first: read in this order, a parent comes in the
 * batch of its last sub-customer or later, so re-reading parents after their sub-customers'
 * changes reads (and emits) each once.
 */
export function childrenFirst(ids: readonly string[], parentOf: Readonly<Record<string, string>>): string[] {
  const all = [...new Set(ids.flatMap((id) => [id, ...ancestors(id, parentOf)]))];
  const depth = new Map(all.map((id) => [id, ancestors(id, parentOf).length]));
  return all.sort((a, b) => (depth.get(b) ?? 0) - (depth.get(a) ?? 0));
}

/** Rolls each customer's own overdue up to its ancestors: what `id` and everything under it owe past due. */
export function rolledUp(
  own: ReadonlyMap<string, number>,
  parentOf: Readonly<Record<string, string>>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, minor] of own)
    for (const t of [id, ...ancestors(id, parentOf)]) out.set(t, (out.get(t) ?? 0) + minor);
  return out;
}

/** Sales invoices by id (inactive or deleted ones are simply not returned). */
export async function invoicesById(call: Call, ids: readonly string[]): Promise<QboInvoice[]> {
  const out: QboInvoice[] = [];
  for (let i = 0; i < ids.length; i += QBO_IDS_PER_CALL) {
    const batch = ids.slice(i, i + QBO_IDS_PER_CALL);
    out.push(
      ...(await queryRows(
        call,
        "Invoice",
        `SELECT * FROM Invoice WHERE Id IN ${inList(batch)} MAXRESULTS ${QBO_PAGE}`,
      )),
    );
  }
  return out;
}

/** What a customer read maps with: the base currency, today, the known tree, the tenant's merges. */
export interface CustomerReadContext {
  currency: string;
  today: string;
  /** Sub-customer → parent, as known; updated in place from what is read. */
  parentOf: Record<string, string>;
  merged?: MergeLookup;
  /** Completes `parentOf` (one read), called at most when a customer read has sub-customers owing. */
  loadTree?: () => Promise<void>;
}

/** Whether a customer's sub-customers owe anything (BalanceWithJobs is Balance for one without them). */
const jobsOwe = (c: QboCustomer) =>
  c.BalanceWithJobs !== undefined && c.BalanceWithJobs !== null && c.BalanceWithJobs !== c.Balance;

/**
 * Customers by id (≤ QBO_IDS_PER_CALL), each with its overdue: the open invoices of the batch
 * and of their known sub-customers are read in one more query. Two reads (three when the tree
 * must be loaded first).
 */
export async function customersWithOverdue(
  call: Call,
  ids: readonly string[],
  ctx: CustomerReadContext,
): Promise<{ customers: Customer[]; raw: QboCustomer[] }> {
  const { parentOf } = ctx;
  const raw = await queryRows(
    call,
    "Customer",
    `SELECT * FROM Customer WHERE Active IN (true, false) AND Id IN ${inList(ids)} MAXRESULTS ${QBO_PAGE}`,
  );
  if (ctx.loadTree && raw.some(jobsOwe)) await ctx.loadTree();
  for (const c of raw) {
    if (c.ParentRef?.value) parentOf[c.Id] = c.ParentRef.value;
    else delete parentOf[c.Id];
  }
  const wanted = new Set(raw.map((c) => c.Id));
  const family = new Set(wanted);
  for (const child of Object.keys(parentOf))
    if (ancestors(child, parentOf).some((a) => wanted.has(a))) family.add(child);
  const open = family.size
    ? await queryRows(
        call,
        "Invoice",
        `SELECT * FROM Invoice WHERE CustomerRef IN ${inList([...family])} AND Balance > '0' MAXRESULTS ${QBO_PAGE}`,
      )
    : [];
  const overdue = rolledUp(overdueByCustomer(open, ctx.today, ctx.currency), parentOf);
  const map = (c: QboCustomer) => toCustomer(c, ctx.currency, overdue.get(c.Id) ?? 0, ctx.merged?.(c.Id));
  return { customers: raw.map(map), raw };
}

/** Maps invoices, `currency` when one names none. */
export const mapInvoices = (list: readonly QboInvoice[], currency: string): Invoice[] =>
  list.map((x) => toInvoice(x, currency));

/**
 * Customers by id, each with its overdue (a single refresh, e.g. a webhook's): two reads per
 * QBO_IDS_PER_CALL ids, and one more — the sub-customers, listed once — only when a customer
 * read has sub-customers owing (its BalanceWithJobs is not its Balance), so a parent's roll-up is
 * whole. A sub-customer owing nothing in net but something past due (offset by a credit) is then
 * not rolled up until the next sync's refetch or full reload.
 */
export async function customersById(
  call: Call,
  ids: readonly string[],
  currency: string,
  today: string,
  merged?: MergeLookup,
): Promise<Customer[]> {
  const parentOf: Record<string, string> = {};
  let tree: Promise<void> | undefined;
  const loadTree = () => {
    tree ??= queryRows(
      call,
      "Customer",
      `SELECT * FROM Customer WHERE Active IN (true, false) AND Job = true MAXRESULTS ${QBO_PAGE}`,
    ).then((jobs) => {
      for (const j of jobs) if (j.ParentRef?.value) parentOf[j.Id] ??= j.ParentRef.value;
    });
    return tree;
  };
  const ctx: CustomerReadContext = { currency, today, parentOf, merged, loadTree };
  const out: Customer[] = [];
  for (let i = 0; i < ids.length; i += QBO_IDS_PER_CALL)
    out.push(...(await customersWithOverdue(call, ids.slice(i, i + QBO_IDS_PER_CALL), ctx)).customers);
  return out;
}

/** Invoices by id; an id QuickBooks no longer returns was deleted (QuickBooks keeps no deleted invoices). */
export async function invoicesOrDeleted(
  call: Call,
  ids: readonly string[],
  currency: string,
): Promise<Invoice[]> {
  const rows = await invoicesById(call, ids);
  const found = new Set(rows.map((r) => r.Id));
  const gone = ids.filter((id) => !found.has(id)).map((Id) => toInvoice({ Id, status: "Deleted" }, currency));
  return [...mapInvoices(rows, currency), ...gone];
}
