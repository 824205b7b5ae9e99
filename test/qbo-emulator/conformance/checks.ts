// Conformance of QuickBooks emulator responses to the schema written from Intuit's documented
// entity fields (schema/qbo-entities.ts), strictly: a field the schema does not list is a
// violation, so is a wrong type, a null, money with more than 2 decimals, a date or dateTime in
// another form, or an envelope Intuit does not send. Pure functions over plain JSON (no `node:`
// imports), so the same checks run in Node and inside workerd.

import { QBO_ENUMS, QBO_TYPES } from "../schema/qbo-entities.ts";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?([+-]\d{2}:\d{2}|Z)$/;
/** Decimals that are not money (rates, quantities) and may carry more than 2 places. */
const NOT_MONEY = new Set([
  "ExchangeRate",
  "UnitPrice",
  "Qty",
  "DiscountRate",
  "RatePercent",
  "UnitCostPrice",
]);
/** Fields every full entity in a response carries (system and read-only fields). */
const ALWAYS: Record<string, string[]> = {
  Customer: ["Id", "SyncToken", "MetaData", "DisplayName", "Active", "Balance", "BalanceWithJobs", "Job"],
  Invoice: ["Id", "SyncToken", "MetaData", "TxnDate", "CustomerRef", "TotalAmt", "Balance", "Line"],
  Payment: ["Id", "SyncToken", "MetaData", "CustomerRef", "TotalAmt", "TxnDate"],
  Account: ["Id", "SyncToken", "MetaData", "Name", "AccountType", "Active", "Classification"],
  CompanyInfo: ["Id", "SyncToken", "MetaData", "CompanyName", "Country"],
  Preferences: ["Id", "SyncToken", "MetaData", "CurrencyPrefs"],
};
const QUERY_ENTITIES = Object.keys(ALWAYS);

type Out = string[];
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function decimals(n: number): number {
  const s = String(n);
  if (s.includes("e")) return 99;
  const i = s.indexOf(".");
  return i < 0 ? 0 : s.length - i - 1;
}

function checkRefLike(v: unknown, path: string, out: Out, keys: string[]): void {
  if (!isObj(v)) return void out.push(`${path}: expected a reference object`);
  if (typeof v.value !== "string") out.push(`${path}.value: expected a string`);
  for (const [k, x] of Object.entries(v)) {
    if (!keys.includes(k)) out.push(`${path}.${k}: not a field of a reference`);
    else if (typeof x !== "string") out.push(`${path}.${k}: expected a string`);
  }
}

/** Checks `value` against type code `type` (see the schema file's legend). */
export function checkType(value: unknown, type: string, path: string, out: Out, field = ""): void {
  if (value === null) return void out.push(`${path}: null (Intuit omits unset fields)`);
  if (type.endsWith("[]")) {
    if (!Array.isArray(value)) return void out.push(`${path}: expected an array`);
    value.forEach((v, i) => {
      checkType(v, type.slice(0, -2), `${path}[${i}]`, out, field);
    });
    return;
  }
  switch (type) {
    case "any":
      return;
    case "string":
    case "id":
      if (typeof value !== "string") out.push(`${path}: expected a string, got ${typeof value}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") out.push(`${path}: expected a boolean, got ${typeof value}`);
      return;
    case "integer":
      if (!Number.isInteger(value)) out.push(`${path}: expected an integer`);
      return;
    case "decimal":
      if (typeof value !== "number" || !Number.isFinite(value)) out.push(`${path}: expected a JSON number`);
      else if (!NOT_MONEY.has(field) && decimals(value) > 2)
        out.push(`${path}: money with more than 2 decimals (${value})`);
      return;
    case "date":
      if (typeof value !== "string" || !DATE.test(value))
        out.push(`${path}: expected YYYY-MM-DD, got ${JSON.stringify(value)}`);
      return;
    case "dateTime":
      if (typeof value !== "string" || !DATETIME.test(value) || !Number.isFinite(Date.parse(value)))
        out.push(`${path}: expected an ISO dateTime with offset, got ${JSON.stringify(value)}`);
      return;
    case "Ref":
      return checkRefLike(value, path, out, ["value", "name", "type"]);
    case "Memo":
      return checkRefLike(value, path, out, ["value", "id"]);
  }
  if (type.startsWith("enum:")) {
    const allowed = QBO_ENUMS[type.slice(5)] ?? [];
    if (typeof value !== "string" || !allowed.includes(value))
      out.push(`${path}: ${JSON.stringify(value)} is not a ${type.slice(5)} value`);
    return;
  }
  const fields = QBO_TYPES[type];
  if (!fields)
    return void out.push(`${path}: type ${type} is not in the schema (the emulator must not emit it)`);
  if (!isObj(value)) return void out.push(`${path}: expected an object (${type})`);
  for (const [k, v] of Object.entries(value)) {
    const t = fields[k];
    if (!t) out.push(`${path}.${k}: not a field of ${type}`);
    else checkType(v, t, `${path}.${k}`, out, k);
  }
}

/** Checks one full entity (or a CDC tombstone when `allowDeleted`). */
export function checkEntity(
  value: unknown,
  entity: string,
  path: string,
  out: Out,
  allowDeleted = false,
): void {
  checkType(value, entity, path, out);
  if (!isObj(value)) return;
  const deleted = allowDeleted && value.status === "Deleted";
  const need = deleted ? ["Id", "MetaData"] : (ALWAYS[entity] ?? []);
  for (const k of need) if (!(k in value)) out.push(`${path}.${k}: missing`);
  if (deleted) {
    const extra = Object.keys(value).filter((k) => !["domain", "status", "Id", "MetaData"].includes(k));
    if (extra.length)
      out.push(
        `${path}: a Deleted tombstone carries only domain, status, Id, MetaData (has ${extra.join(", ")})`,
      );
  } else if ("status" in value) out.push(`${path}.status: only CDC tombstones carry status`);
}

function checkTime(body: Record<string, unknown>, out: Out): void {
  checkType(body.time, "dateTime", "$.time", out);
}

function onlyKeys(o: Record<string, unknown>, keys: string[], path: string, out: Out): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) out.push(`${path}.${k}: not part of this envelope`);
}

function checkQueryResponse(qr: unknown, path: string, out: Out, allowDeleted: boolean): void {
  if (!isObj(qr)) return void out.push(`${path}: expected an object`);
  const keys = Object.keys(qr);
  if (keys.length === 0) return;
  if ("totalCount" in qr) {
    onlyKeys(qr, ["totalCount"], path, out);
    return checkType(qr.totalCount, "integer", `${path}.totalCount`, out);
  }
  const entities = keys.filter((k) => QUERY_ENTITIES.includes(k));
  if (entities.length !== 1) out.push(`${path}: expected exactly one entity array (has ${keys.join(", ")})`);
  onlyKeys(qr, [...entities, "startPosition", "maxResults"], path, out);
  checkType(qr.startPosition, "integer", `${path}.startPosition`, out);
  checkType(qr.maxResults, "integer", `${path}.maxResults`, out);
  for (const e of entities) {
    const rows = qr[e];
    if (!Array.isArray(rows) || rows.length === 0) out.push(`${path}.${e}: expected a non-empty array`);
    else {
      if (rows.length !== qr.maxResults)
        out.push(`${path}.maxResults: ${String(qr.maxResults)} but ${rows.length} rows`);
      rows.forEach((r, i) => {
        checkEntity(r, e, `${path}.${e}[${i}]`, out, allowDeleted);
      });
    }
  }
}

function checkFault(body: Record<string, unknown>, status: number, out: Out): void {
  if (status === 401 && "fault" in body) {
    onlyKeys(body, ["fault"], "$", out);
    const f = body.fault;
    if (!isObj(f) || f.type !== "AUTHENTICATION" || !Array.isArray(f.error))
      return void out.push("$.fault: malformed");
    for (const [i, e] of f.error.entries()) {
      if (!isObj(e) || typeof e.message !== "string" || typeof e.code !== "string")
        out.push(`$.fault.error[${i}]: needs message and code`);
      else onlyKeys(e, ["message", "detail", "code", "element"], `$.fault.error[${i}]`, out);
    }
    return;
  }
  onlyKeys(body, ["Fault", "time"], "$", out);
  checkTime(body, out);
  const f = body.Fault;
  if (!isObj(f) || typeof f.type !== "string" || !Array.isArray(f.Error) || f.Error.length === 0)
    return void out.push("$.Fault: expected {Error:[…], type}");
  onlyKeys(f, ["Error", "type"], "$.Fault", out);
  for (const [i, e] of f.Error.entries()) {
    const p = `$.Fault.Error[${i}]`;
    if (!isObj(e)) return void out.push(`${p}: expected an object`);
    onlyKeys(e, ["Message", "Detail", "code", "element"], p, out);
    if (typeof e.Message !== "string") out.push(`${p}.Message: expected a string`);
    if (typeof e.code !== "string" || !/^\d+$/.test(e.code)) out.push(`${p}.code: expected a numeric string`);
    for (const k of ["Detail", "element"])
      if (k in e && typeof e[k] !== "string") out.push(`${p}.${k}: expected a string`);
  }
}

/** Checks one Accounting API response (`path` may be a full URL). Returns violations (empty = conformant). */
export function checkQboResponse(method: string, path: string, status: number, body: unknown): string[] {
  const out: Out = [];
  const p = new URL(path, "http://x").pathname;
  const m = /^\/v3\/company\/[^/]+\/([a-z]+)(\/[^/]+)?$/i.exec(p);
  if (!isObj(body)) return [`${method} ${p}: body is not a JSON object`];
  if (status >= 400) checkFault(body, status, out);
  else if (!m) out.push(`${p}: not an Accounting API path`);
  else {
    const res = (m[1] ?? "").toLowerCase();
    checkTime(body, out);
    if (res === "query") {
      onlyKeys(body, ["QueryResponse", "time"], "$", out);
      checkQueryResponse(body.QueryResponse, "$.QueryResponse", out, false);
    } else if (res === "cdc") {
      onlyKeys(body, ["CDCResponse", "time"], "$", out);
      const cdc = body.CDCResponse;
      if (!Array.isArray(cdc) || cdc.length !== 1 || !isObj(cdc[0]))
        out.push("$.CDCResponse: expected one element");
      else {
        onlyKeys(cdc[0], ["QueryResponse"], "$.CDCResponse[0]", out);
        const qrs = cdc[0].QueryResponse;
        if (!Array.isArray(qrs)) out.push("$.CDCResponse[0].QueryResponse: expected an array");
        else qrs.forEach((q, i) => checkQueryResponse(q, `$.CDCResponse[0].QueryResponse[${i}]`, out, true));
      }
    } else {
      const entity = QUERY_ENTITIES.find((e) => e.toLowerCase() === res);
      if (!entity) out.push(`${p}: unknown resource ${res}`);
      else {
        onlyKeys(body, [entity, "time"], "$", out);
        checkEntity(body[entity], entity, `$.${entity}`, out);
      }
    }
  }
  return out.map((v) => `${method} ${p} ${status}: ${v}`);
}

/** Wraps a fetch so every JSON response from /v3/company/… is checked; violations accumulate. */
export function withQboConformance(
  fetchFn: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>,
) {
  const log = { violations: [] as string[], checked: 0 };
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request && init === undefined ? input : new Request(input, init);
    const res = await fetchFn(req);
    if (/^\/v3\/company\//i.test(new URL(req.url).pathname)) {
      const text = await res.clone().text();
      log.checked++;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        log.violations.push(`${req.method} ${new URL(req.url).pathname} ${res.status}: body is not JSON`);
        return res;
      }
      log.violations.push(...checkQboResponse(req.method, req.url, res.status, body));
    }
    return res;
  };
  return { fetch: wrapped, violations: log.violations, log };
}
