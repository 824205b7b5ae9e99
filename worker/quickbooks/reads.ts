// The reads the QuickBooks sync and session share: customers by id with their overdue (QuickBooks
// keeps no overdue figure: it is summed from open invoices past due, a parent's including its
// sub-customers'), invoices by id, and the CDC answer's shape.

import * as z from "zod";
import type { Customer, Invoice } from "../provider/model.ts";
import { type QboRequest, qboLiteral } from "./api.ts";
import { QboCustomer, toCustomer } from "./customer.ts";
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

/**
 * Customers by id (≤ QBO_IDS_PER_CALL), each with its overdue: the open invoices of the batch
 * and of their known sub-customers are read in one more query. Updates `parentOf` in place.
 * Two reads.
 */
export async function customersWithOverdue(
  call: Call,
  ids: readonly string[],
  currency: string,
  today: string,
  parentOf: Record<string, string>,
): Promise<{ customers: Customer[]; raw: QboCustomer[] }> {
  const raw = await queryRows(
    call,
    "Customer",
    `SELECT * FROM Customer WHERE Active IN (true, false) AND Id IN ${inList(ids)} MAXRESULTS ${QBO_PAGE}`,
  );
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
  const overdue = rolledUp(overdueByCustomer(open, today, currency), parentOf);
  return { customers: raw.map((c) => toCustomer(c, currency, overdue.get(c.Id) ?? 0)), raw };
}

/** Maps invoices, `currency` when one names none. */
export const mapInvoices = (list: readonly QboInvoice[], currency: string): Invoice[] =>
  list.map((x) => toInvoice(x, currency));
