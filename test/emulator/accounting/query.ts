// The list pipeline shared by Contacts, Invoices and Payments: If-Modified-Since, where, order, paging.
// Paging follows Xero: only when `page` (or `pageSize`) is sent; then 100 per page by default, at most
// 1,000 (a larger pageSize is capped), and a `pagination` block. Without it every match comes back in
// the lighter "list" view and no pagination block. Default order: UpdatedDateUTC ascending, then ID.
// @see https://developer.xero.com/documentation/api/accounting/requests-and-responses#pagination

import type { Context } from "hono";
import { envelope, type Pagination, parameterError, queryParseError } from "./errors.ts";
import { parseIfModifiedSince } from "./format.ts";
import type { View } from "./serialize.ts";
import { compileWhere } from "./where.ts";

/** Default and maximum page sizes (Xero: 100 by default, pageSize up to 1,000 since July 2024). */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** How one endpoint's records plug into the pipeline. */
export interface ListSpec<T> {
  collection: string;
  typeName: string;
  /** Top-level JSON fields `where`/`order` may name. */
  fields: readonly string[];
  records: Iterable<T>;
  id: (r: T) => string;
  updatedAt: (r: T) => number;
  /** The JSON `where`/`order` look at (a "list"-view serialisation is enough). */
  filterJson: (r: T) => Record<string, unknown>;
  /** Serialises the records that made it onto the page, in the chosen view. */
  render: (page: T[], view: View) => unknown[];
  now: number;
}

/** Reads a boolean query flag the way Xero does ("true", case-insensitive). */
export function flag(c: Context, name: string): boolean {
  return (c.req.query(name) ?? "").toLowerCase() === "true";
}

/** Splits a comma list query parameter (IDs, Statuses, …), trimming blanks. */
export function commaList(c: Context, name: string): string[] | null {
  const raw = c.req.query(name);
  if (raw === undefined) return null;
  return raw
    .split(",")
    .map((s) => s.trim().replace(/^"(.*)"$/, "$1"))
    .filter((s) => s !== "");
}

function positiveInt(raw: string | undefined, name: string): number | null {
  if (raw === undefined || raw === "") return null;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw parameterError(`${name} must be a positive whole number`);
  return Number(raw);
}

/** Runs the pipeline and returns the Xero envelope for the list. */
export function runList<T>(c: Context, spec: ListSpec<T>): Record<string, unknown> {
  const page = positiveInt(c.req.query("page"), "page");
  const requestedSize = positiveInt(c.req.query("pageSize"), "pageSize");
  const paged = page !== null || requestedSize !== null;
  let rows = [...spec.records];

  const since = parseIfModifiedSince(c.req.header("If-Modified-Since"));
  if (since !== null) rows = rows.filter((r) => spec.updatedAt(r) > since);

  const where = c.req.query("where");
  const order = parseOrder(c.req.query("order"), spec);
  const needJson = (where !== undefined && where.trim() !== "") || order.length > 0;
  const json = needJson ? new Map(rows.map((r) => [r, spec.filterJson(r)])) : null;
  if (where !== undefined && where.trim() !== "" && json) {
    const pred = compileWhere(where, spec.typeName, spec.fields);
    rows = rows.filter((r) => pred(json.get(r) ?? {}));
  }
  rows.sort((a, b) => {
    for (const o of order) {
      const d = compareValues(json?.get(a)?.[o.field], json?.get(b)?.[o.field]);
      if (d !== 0) return o.desc ? -d : d;
    }
    return (
      spec.updatedAt(a) - spec.updatedAt(b) ||
      (spec.id(a) < spec.id(b) ? -1 : spec.id(a) > spec.id(b) ? 1 : 0)
    );
  });

  const summary = flag(c, "summaryOnly");
  if (!paged) return envelope(spec.collection, spec.render(rows, summary ? "summary" : "list"), spec.now);
  const pageSize = Math.min(requestedSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const p = page ?? 1;
  const pagination: Pagination = {
    page: p,
    pageSize,
    pageCount: Math.ceil(rows.length / pageSize),
    itemCount: rows.length,
  };
  const slice = rows.slice((p - 1) * pageSize, p * pageSize);
  return envelope(spec.collection, spec.render(slice, summary ? "summary" : "full"), spec.now, pagination);
}

function parseOrder<T>(raw: string | undefined, spec: ListSpec<T>): { field: string; desc: boolean }[] {
  if (raw === undefined || raw.trim() === "") return [];
  const canonical = new Map(spec.fields.map((f) => [f.toLowerCase(), f]));
  return raw.split(",").map((part) => {
    const m = part.trim().match(/^([A-Za-z_][A-Za-z0-9_]*)(\s+(ASC|DESC))?$/i);
    if (!m?.[1]) throw queryParseError("Syntax error");
    const field = canonical.get(m[1].toLowerCase());
    if (!field) throw queryParseError(`No property or field '${m[1]}' exists in type '${spec.typeName}'`);
    return { field, desc: (m[3] ?? "").toUpperCase() === "DESC" };
  });
}

const MS_DATE = /^\/Date\((-?\d+)/;

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === "string" && typeof b === "string") {
    const ma = MS_DATE.exec(a);
    const mb = MS_DATE.exec(b);
    if (ma?.[1] && mb?.[1]) return Number(ma[1]) - Number(mb[1]);
    return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  }
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return 0;
}
