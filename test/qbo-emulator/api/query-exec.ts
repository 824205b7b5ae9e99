// Runs a parsed query over a company. Each entity lists the properties Intuit lets you filter and
// sort on (a subset of its fields); anything else is a QueryValidationError. Name-list entities
// (Customer, Account) leave inactive records out unless the query mentions Active.

import { money } from "../format.ts";
import { balanceIndex, type Company, customerBalance } from "../model.ts";
import { type Condition, type Literal, type Query, QueryValidationError } from "./query-parse.ts";
import {
  accountJson,
  companyInfoJson,
  customerJson,
  fullyQualifiedName,
  invoiceJson,
  paymentJson,
  preferencesJson,
} from "./serialize.ts";

type Kind = "id" | "string" | "number" | "boolean" | "date" | "dateTime";
interface Row {
  get(field: string): Literal | undefined;
  json(): Record<string, unknown>;
}
interface EntityDef {
  fields: Record<string, Kind>;
  rows(co: Company): Row[];
  activeDefault: boolean;
}

const META = { "MetaData.CreateTime": "dateTime", "MetaData.LastUpdatedTime": "dateTime" } as const;

function row(values: Record<string, Literal | undefined>, json: () => Record<string, unknown>): Row {
  return { get: (f) => values[f], json };
}

const ENTITIES: Record<string, EntityDef> = {
  Customer: {
    fields: {
      Id: "id",
      DisplayName: "string",
      CompanyName: "string",
      FullyQualifiedName: "string",
      Active: "boolean",
      Job: "boolean",
      Balance: "number",
      ...META,
    },
    activeDefault: true,
    rows: (co) => {
      const idx = balanceIndex(co);
      return [...co.customers.values()].map((c) =>
        row(
          {
            Id: c.id,
            DisplayName: c.displayName,
            CompanyName: c.companyName,
            FullyQualifiedName: fullyQualifiedName(co, c),
            Active: c.active,
            Job: c.parentId !== undefined,
            Balance: money(customerBalance(co, c.id, idx)),
            "MetaData.CreateTime": c.createdAt,
            "MetaData.LastUpdatedTime": c.updatedAt,
          },
          () => customerJson(co, c, idx),
        ),
      );
    },
  },
  Invoice: {
    fields: {
      Id: "id",
      DocNumber: "string",
      TxnDate: "date",
      DueDate: "date",
      CustomerRef: "id",
      TotalAmt: "number",
      Balance: "number",
      ...META,
    },
    activeDefault: false,
    rows: (co) =>
      [...co.invoices.values()].map((i) =>
        row(
          {
            Id: i.id,
            DocNumber: i.docNumber,
            TxnDate: i.txnDate,
            DueDate: i.dueDate,
            CustomerRef: i.customerId,
            TotalAmt: money(i.totalPence),
            Balance: money(i.balancePence),
            "MetaData.CreateTime": i.createdAt,
            "MetaData.LastUpdatedTime": i.updatedAt,
          },
          () => invoiceJson(co, i),
        ),
      ),
  },
  Payment: {
    fields: { Id: "id", TxnDate: "date", CustomerRef: "id", TotalAmt: "number", ...META },
    activeDefault: false,
    rows: (co) =>
      [...co.payments.values()].map((p) =>
        row(
          {
            Id: p.id,
            TxnDate: p.txnDate,
            CustomerRef: p.customerId,
            TotalAmt: money(p.totalPence),
            "MetaData.CreateTime": p.createdAt,
            "MetaData.LastUpdatedTime": p.updatedAt,
          },
          () => paymentJson(co, p),
        ),
      ),
  },
  Account: {
    fields: {
      Id: "id",
      Name: "string",
      AccountType: "string",
      AccountSubType: "string",
      Classification: "string",
      Active: "boolean",
      ...META,
    },
    activeDefault: true,
    rows: (co) =>
      [...co.accounts.values()].map((a) =>
        row(
          {
            Id: a.id,
            Name: a.name,
            AccountType: a.accountType,
            AccountSubType: a.accountSubType,
            Classification: a.classification,
            Active: a.active,
            "MetaData.CreateTime": a.createdAt,
            "MetaData.LastUpdatedTime": a.updatedAt,
          },
          () => accountJson(a),
        ),
      ),
  },
  CompanyInfo: { fields: {}, activeDefault: false, rows: (co) => [row({}, () => companyInfoJson(co))] },
  Preferences: { fields: {}, activeDefault: false, rows: (co) => [row({}, () => preferencesJson(co))] },
};

/** Entity names the emulator can query (Intuit's spelling; FROM matches case-insensitively). */
export const QUERYABLE = Object.keys(ENTITIES);

/** Converts a literal for comparison with a field of `kind`; throws QueryValidationError on a mismatch. */
function coerce(kind: Kind, field: string, v: Literal): Literal {
  const bad = () => new QueryValidationError(`invalid value ${JSON.stringify(v)} for property '${field}'`);
  switch (kind) {
    case "boolean":
      if (typeof v !== "boolean") throw bad();
      return v;
    case "number": {
      const n = typeof v === "number" ? v : Number(v);
      if (typeof v === "boolean" || !Number.isFinite(n)) throw bad();
      return n;
    }
    case "dateTime": {
      const t = typeof v === "string" ? Date.parse(v) : Number.NaN;
      if (!Number.isFinite(t)) throw bad();
      return t;
    }
    case "date":
      if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw bad();
      return v;
    default:
      if (typeof v === "boolean") throw bad();
      return String(v);
  }
}

function compare(kind: Kind, a: Literal, b: Literal): number {
  if (kind === "id" && /^\d+$/.test(String(a)) && /^\d+$/.test(String(b))) return Number(a) - Number(b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean") return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*");
  return new RegExp(`^${body}$`, "i");
}

function matches(def: EntityDef, r: Row, c: Condition): boolean {
  const kind = def.fields[c.field] as Kind;
  const v = r.get(c.field);
  if (v === undefined) return false;
  if (c.op === "LIKE") {
    if (kind !== "string") throw new QueryValidationError(`LIKE is not supported on property '${c.field}'`);
    return likeRegex(String(c.value)).test(String(v));
  }
  if (c.op === "IN")
    return (c.value as Literal[]).some((x) => compare(kind, v, coerce(kind, c.field, x)) === 0);
  const d = compare(kind, v, coerce(kind, c.field, c.value as Literal));
  return c.op === "="
    ? d === 0
    : c.op === "<"
      ? d < 0
      : c.op === ">"
        ? d > 0
        : c.op === "<="
          ? d <= 0
          : d >= 0;
}

/** The QueryResponse body for `q` over `co`. */
export function runQuery(co: Company, q: Query): Record<string, unknown> {
  const name = QUERYABLE.find((e) => e.toLowerCase() === q.entity.toLowerCase());
  if (!name) throw new QueryValidationError(`Entity '${q.entity}' is not supported`);
  const def = ENTITIES[name] as EntityDef;
  for (const f of [...q.where.map((c) => c.field), ...q.orderBy.map((o) => o.field)]) {
    if (!(f in def.fields)) throw new QueryValidationError(`property '${f}' is not queryable`);
  }
  const where = [...q.where];
  if (def.activeDefault && !where.some((c) => c.field === "Active"))
    where.push({ field: "Active", op: "=", value: true });
  // Type errors surface even when no row is there to compare against.
  for (const c of where) {
    const kind = def.fields[c.field] as Kind;
    for (const v of Array.isArray(c.value) ? c.value : [c.value])
      if (c.op !== "LIKE") coerce(kind, c.field, v);
  }
  let rows = def.rows(co).filter((r) => where.every((c) => matches(def, r, c)));
  const order = q.orderBy.length ? q.orderBy : "Id" in def.fields ? [{ field: "Id", desc: false }] : [];
  rows = rows.sort((a, b) => {
    for (const o of order) {
      const kind = def.fields[o.field] as Kind;
      const x = a.get(o.field);
      const y = b.get(o.field);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const d = compare(kind, x, y);
      if (d !== 0) return o.desc ? -d : d;
    }
    return 0;
  });
  if (q.count) return { totalCount: rows.length };
  const page = rows.slice(q.startPosition - 1, q.startPosition - 1 + q.maxResults);
  // Intuit answers an empty page with an empty QueryResponse object.
  if (!page.length) return {};
  return { [name]: page.map((r) => r.json()), startPosition: q.startPosition, maxResults: page.length };
}
