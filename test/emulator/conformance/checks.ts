// The conformance checks themselves, as pure functions over a ConformanceIndex (plain JSON built in
// Node by build-index.ts from xero-node's model metadata and Xero's OpenAPI documents). No `node:`
// imports, so the same checks run in Node (index.ts) and inside workerd (test/worker/setup.ts).
// Over 12 KB on purpose: the checks are one pure module shared by Node and workerd; splitting it
// would spread one rule set over files that must change together.

/** One xero-node attribute, as in a model's `attributeTypeMap`. */
export interface Attr {
  name: string;
  baseName: string;
  type: string;
}

/** Schema objects as they appear in an OpenAPI document (only the parts the checker reads). */
export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  "x-is-msdate"?: boolean;
  "x-is-msdate-time"?: boolean;
}

/** One OpenAPI document reduced to what the checks need. Schemas keep `#/components/schemas/X` refs. */
export interface OpenApiIndex {
  /** path template → lower-case method → status (or "default") → response schema. */
  paths: Record<string, Record<string, Record<string, Schema>>>;
  schemas: Record<string, Schema>;
}

/** Everything the checks need, JSON-serialisable (it crosses into workerd via provide/inject). */
export interface ConformanceIndex {
  xeroNode: {
    /** Accounting model name → attributeTypeMap. */
    models: Record<string, Attr[]>;
    /** Enum type name ("Invoice.StatusEnum", "CurrencyCode") → declared values. */
    enums: Record<string, string[]>;
  };
  /** Null when ../shared/xero-openapi is missing (the OpenAPI check is skipped, visibly). */
  openapi: { accounting: OpenApiIndex; identity: OpenApiIndex | null } | null;
  /** Why the OpenAPI check is skipped, when it is. */
  openapiSkipped: string | null;
}

/** Runs a deserializer as xero-node's SDK would; returns an error message or null. */
export type Deserialize = (body: unknown, type: string) => string | null;

/** Xero's JSON date form. */
export const MS_DATE = /^\/Date\(-?\d+([+-]\d{4})?\)\/$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** xero-node's ObjectSerializer `primitives`. */
const PRIMITIVES = new Set(["string", "number", "boolean", "double", "integer", "long", "float", "any"]);
const API_PREFIX = /^\/api\.xro\/2\.0/i;
const CONNECTIONS = /^\/connections(\/|$)/i;

/** Top-level keys Xero puts on every response envelope (in Xero's examples, not in the models). */
export const ENVELOPE_KEYS: Record<string, (v: unknown) => boolean> = {
  Id: (v) => typeof v === "string",
  Status: (v) => v === "OK",
  ProviderName: (v) => typeof v === "string",
  DateTimeUTC: (v) => typeof v === "string" && MS_DATE.test(v),
};

// ---------------------------------------------------------------------------------------------
// Check (1): xero-node model metadata.

/**
 * Checks `value` against xero-node type `type` (e.g. "Contacts", "Array<Payment>", "Date").
 * `extra` lists more model names whose fields are also allowed on a given model (used for Elements).
 */
export function checkModel(
  idx: ConformanceIndex,
  value: unknown,
  type: string,
  path: string,
  out: string[],
  extra: Record<string, string[]> = {},
): void {
  if (value === null) {
    out.push(`${path}: null (Xero omits unset fields)`);
    return;
  }
  if (type.startsWith("Array<")) {
    if (!Array.isArray(value)) return void out.push(`${path}: expected an array (${type})`);
    const sub = type.slice(6, -1);
    value.forEach((v, i) => {
      checkModel(idx, v, sub, `${path}[${i}]`, out, extra);
    });
    return;
  }
  if (type === "Date") {
    if (typeof value !== "string" || !MS_DATE.test(value)) out.push(`${path}: expected a /Date(ms)/ string`);
    return;
  }
  if (PRIMITIVES.has(type.toLowerCase())) {
    const want =
      type === "string" ? "string" : type === "boolean" ? "boolean" : type === "any" ? null : "number";
    if (want && typeof value !== want) out.push(`${path}: expected ${want}, got ${typeof value}`);
    return;
  }
  const allowed = idx.xeroNode.enums[type];
  if (allowed) {
    if (typeof value !== "string" || !allowed.includes(value))
      out.push(`${path}: ${JSON.stringify(value)} is not a ${type} value`);
    return;
  }
  const own = idx.xeroNode.models[type];
  if (!own) return void out.push(`${path}: unknown xero-node type ${type}`);
  if (typeof value !== "object" || Array.isArray(value))
    return void out.push(`${path}: expected an object (${type})`);
  const attrs = new Map<string, Attr>();
  for (const t of [type, ...(extra[type] ?? [])]) {
    for (const a of idx.xeroNode.models[t] ?? []) if (!attrs.has(a.baseName)) attrs.set(a.baseName, a);
  }
  for (const [key, v] of Object.entries(value)) {
    const attr = attrs.get(key);
    if (!attr) out.push(`${path}.${key}: not a field of ${type}`);
    else checkModel(idx, v, attr.type, `${path}.${key}`, out, extra);
  }
}

/**
 * A transcription of xero-node's `ObjectSerializer.deserialize` (accounting models.js) over the
 * index, for where the SDK itself cannot be loaded (workerd). Same walk, same places it throws.
 * Node passes the real ObjectSerializer instead.
 */
export function deserializeLike(idx: ConformanceIndex): Deserialize {
  const { models, enums } = idx.xeroNode;
  const dateOf = (data: unknown): Date => {
    const d = new Date(data as string);
    if (!Number.isNaN(d.getTime())) return d;
    const m = /-?\d+/.exec(data as string) as RegExpExecArray; // null → TypeError, as in the SDK
    return new Date(Number.parseInt(m[0], 10));
  };
  const walk = (data: unknown, type: string): unknown => {
    if (data == null) return data;
    if (PRIMITIVES.has(type.toLowerCase())) {
      if (type === "string" && String(data).substring(0, 6) === "/Date(") return dateOf(data);
      return data;
    }
    if (type.startsWith("Array<")) {
      const sub = type.slice(6, -1);
      const list = typeof data === "string" ? (JSON.parse(data) as unknown) : data;
      return Object.entries(list as object).map(([, v]) => walk(v, sub));
    }
    if (type === "Date") return dateOf(data);
    if (enums[type]) return data;
    const attrs = models[type];
    if (!attrs) return data;
    const inst: Record<string, unknown> = {};
    for (const a of attrs) inst[a.name] = walk((data as Record<string, unknown>)[a.baseName], a.type);
    return inst;
  };
  return (body, type) => {
    try {
      walk(body, type);
      return null;
    } catch (e) {
      return `ObjectSerializer.deserialize(${type}) threw: ${(e as Error).message}`;
    }
  };
}

/** Checks a whole response body whose root is xero-node model `rootType` (envelope keys allowed on success bodies). */
export function checkWithXeroNode(
  idx: ConformanceIndex,
  body: Record<string, unknown>,
  rootType: string,
  opts: { envelope: boolean; extra?: Record<string, string[]>; deserialize?: Deserialize },
): string[] {
  const out: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const envelopeCheck = opts.envelope ? ENVELOPE_KEYS[k] : undefined;
    if (envelopeCheck) {
      if (!envelopeCheck(v)) out.push(`$.${k}: bad envelope value ${JSON.stringify(v)}`);
    } else rest[k] = v;
  }
  checkModel(idx, rest, rootType, "$", out, opts.extra);
  const err = (opts.deserialize ?? deserializeLike(idx))(body, rootType);
  if (err) out.push(err);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Check (2): Xero's OpenAPI documents.

function deref(doc: OpenApiIndex, node: Schema): Schema {
  let n: Schema | undefined = node;
  for (let i = 0; n?.$ref && i < 20; i++) {
    n = doc.schemas[n.$ref.replace(/^#\/components\/schemas\//, "")];
  }
  return n ?? {};
}

/** The response schema for method + path + status, or null when the document does not define one. */
export function responseSchema(
  doc: OpenApiIndex,
  method: string,
  path: string,
  status: number,
): Schema | null {
  const segs = path.split("/").filter(Boolean);
  let best: { score: number; ops: Record<string, Record<string, Schema>> } | null = null;
  for (const [template, ops] of Object.entries(doc.paths)) {
    const t = template.split("/").filter(Boolean);
    if (t.length !== segs.length) continue;
    let score = 0;
    const ok = t.every((s, i) => {
      if (s.startsWith("{")) return true;
      score++;
      return s.toLowerCase() === segs[i]?.toLowerCase();
    });
    if (ok && (!best || score > best.score)) best = { score, ops };
  }
  const op = best?.ops[method.toLowerCase()];
  const schema = op?.[String(status)] ?? (status >= 400 ? undefined : op?.default);
  return schema ? deref(doc, schema) : null;
}

function flatten(doc: OpenApiIndex, s: Schema): Schema {
  const r = deref(doc, s);
  if (!r.allOf) return r;
  const merged: Schema = { ...r, properties: { ...(r.properties ?? {}) } };
  for (const part of r.allOf) {
    const p = flatten(doc, part);
    Object.assign(merged.properties ?? {}, p.properties ?? {});
    merged.type ??= p.type;
  }
  return merged;
}

/**
 * Checks `value` against `schema`. `extra` are more schemas whose properties are also allowed on
 * an object (Xero echoes the posted object inside validation Elements).
 */
export function checkSchema(
  doc: OpenApiIndex,
  value: unknown,
  schema: Schema,
  path: string,
  out: string[],
  extra: Schema[] = [],
): void {
  const s = flatten(doc, schema);
  if (value === null) return void out.push(`${path}: null`);
  if (s.enum && !s.enum.includes(value))
    return void out.push(`${path}: ${JSON.stringify(value)} not in enum`);
  const type = s.type ?? (s.properties ? "object" : s.items ? "array" : undefined);
  switch (type) {
    case "string":
      if (typeof value !== "string") return void out.push(`${path}: expected string, got ${typeof value}`);
      if ((s["x-is-msdate"] || s["x-is-msdate-time"]) && !MS_DATE.test(value))
        out.push(`${path}: expected /Date(ms)/`);
      if (s.format === "uuid" && !GUID.test(value)) out.push(`${path}: expected a uuid`);
      return;
    case "number":
    case "integer":
      if (typeof value !== "number") return void out.push(`${path}: expected number, got ${typeof value}`);
      if (type === "integer" && !Number.isInteger(value)) out.push(`${path}: expected integer`);
      return;
    case "boolean":
      if (typeof value !== "boolean") out.push(`${path}: expected boolean, got ${typeof value}`);
      return;
    case "array":
      if (!Array.isArray(value)) return void out.push(`${path}: expected array`);
      value.forEach((v, i) => {
        if (s.items) checkSchema(doc, v, s.items, `${path}[${i}]`, out, extra);
      });
      return;
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return void out.push(`${path}: expected object`);
      const props: Record<string, Schema> = {
        ...Object.assign({}, ...extra.map((e) => flatten(doc, e).properties ?? {})),
        ...(s.properties ?? {}),
      };
      for (const [k, v] of Object.entries(value)) {
        const p = props[k];
        if (p) checkSchema(doc, v, p, `${path}.${k}`, out);
        else if (!s.additionalProperties) out.push(`${path}.${k}: not in schema`);
      }
      return;
    }
    default:
      return;
  }
}

/** Checks an Accounting response body for method + path + status; [] when the document has no schema for it. */
export function checkWithOpenApi(
  doc: OpenApiIndex,
  method: string,
  path: string,
  status: number,
  body: Record<string, unknown>,
  elementExtra: string | null,
): string[] {
  const schema = responseSchema(doc, method, path, status);
  if (!schema) return [];
  const out: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const envelopeCheck = status < 300 ? ENVELOPE_KEYS[k] : undefined;
    if (envelopeCheck) {
      if (!envelopeCheck(v)) out.push(`$.${k}: bad envelope value`);
    } else rest[k] = v;
  }
  if (status >= 400 && Array.isArray(rest.Elements)) {
    const element = doc.schemas.Element;
    const extra = elementExtra ? doc.schemas[elementExtra] : undefined;
    const { Elements, ...top } = rest;
    checkSchema(doc, top, schema, "$", out);
    (Elements as unknown[]).forEach((el, i) => {
      if (element) checkSchema(doc, el, element, `$.Elements[${i}]`, out, extra ? [extra] : []);
    });
    return out;
  }
  checkSchema(doc, rest, schema, "$", out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Whole responses.

/** xero-node root model, and the model whose fields Xero echoes inside validation Elements, per area. */
const AREAS: Record<string, { root: string; element: string | null }> = {
  organisation: { root: "Organisations", element: null },
  contacts: { root: "Contacts", element: "Contact" },
  invoices: { root: "Invoices", element: "Invoice" },
  accounts: { root: "Accounts", element: "Account" },
  payments: { root: "Payments", element: "Payment" },
  creditnotes: { root: "CreditNotes", element: "CreditNote" },
  prepayments: { root: "Prepayments", element: "Prepayment" },
  overpayments: { root: "Overpayments", element: "Overpayment" },
};

/**
 * Auth/limit problem bodies Xero sends outside the Accounting models. Xero's 401/403 body is
 * `{"Type":null,"Title":"Unauthorized","Status":401,"Detail":"…","Instance":"…","Extensions":{}}`.
 */
const PROBLEM_KEYS: Record<string, (v: unknown) => boolean> = {
  Type: (v) => v === null || typeof v === "string",
  Title: (v) => typeof v === "string",
  Status: (v) => typeof v === "number",
  Detail: (v) => typeof v === "string",
  Instance: (v) => typeof v === "string",
  Extensions: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  title: (v) => typeof v === "string",
  status: (v) => typeof v === "number",
  detail: (v) => typeof v === "string",
  type: (v) => typeof v === "string",
  instance: (v) => typeof v === "string",
};

function checkProblem(body: Record<string, unknown>): string[] {
  return Object.entries(body).flatMap(([k, v]) => {
    const ok = PROBLEM_KEYS[k];
    if (!ok) return [`$.${k}: not a field of Xero's problem body`];
    return ok(v) ? [] : [`$.${k}: unexpected value ${JSON.stringify(v)}`];
  });
}

/** Splits a URL or path into its pathname (no query). */
function pathnameOf(path: string): string {
  return path.startsWith("http") ? new URL(path).pathname : (path.split("?")[0] ?? "");
}

/** `GET /connections`: an array of Xero identity `Connection`s (no xero-node model covers it). */
function checkConnections(
  idx: ConformanceIndex,
  method: string,
  pathname: string,
  status: number,
  body: unknown,
): string[] {
  if (status >= 400) {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return [`expected a JSON object error body, got ${Array.isArray(body) ? "array" : typeof body}`];
    return checkProblem(body as Record<string, unknown>);
  }
  if (method.toUpperCase() !== "GET") return [];
  if (!Array.isArray(body)) return [`expected a JSON array of connections, got ${typeof body}`];
  const doc = idx.openapi?.identity;
  if (!doc) return [];
  const schema = responseSchema(doc, method, pathname, status);
  if (!schema) return [`[openapi] no schema for ${method} ${pathname} ${status} in xero-identity.yaml`];
  const out: string[] = [];
  checkSchema(doc, body, schema, "$", out);
  return out.map((m) => `[openapi] ${m}`);
}

/**
 * Checks one response body. `path` may be a URL or a path, with or without the /api.xro/2.0 prefix
 * and query; `/connections` paths are checked against Xero's identity document. Returns violations
 * (empty = conformant). `deserialize` defaults to the transcription of xero-node's ObjectSerializer.
 */
export function checkResponseWith(
  idx: ConformanceIndex,
  method: string,
  path: string,
  status: number,
  body: unknown,
  opts: { deserialize?: Deserialize } = {},
): string[] {
  const pathname = pathnameOf(path);
  if (CONNECTIONS.test(pathname)) return checkConnections(idx, method, pathname, status, body);
  const bare = pathname.replace(API_PREFIX, "");
  const area = AREAS[(bare.split("/")[1] ?? "").toLowerCase()];
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return status === 404
      ? []
      : [`expected a JSON object body, got ${Array.isArray(body) ? "array" : typeof body}`];
  }
  const obj = body as Record<string, unknown>;
  if (status === 404) return ["Xero answers 404 with plain text, not JSON"];
  if (
    status === 401 ||
    status === 403 ||
    status === 429 ||
    (status >= 400 && !("ErrorNumber" in obj || "Elements" in obj))
  ) {
    return checkProblem(obj);
  }
  if (!area) return [`no Accounting area for path ${bare}`];
  const isError = status >= 400;
  const root = isError ? "ModelError" : area.root;
  const extra: Record<string, string[]> = isError && area.element ? { Element: [area.element] } : {};
  const out = checkWithXeroNode(idx, obj, root, {
    envelope: !isError,
    extra,
    deserialize: opts.deserialize,
  }).map((m) => `[xero-node] ${m}`);
  const doc = idx.openapi?.accounting;
  if (doc) {
    out.push(
      ...checkWithOpenApi(doc, method, bare, status, obj, isError ? area.element : null).map(
        (m) => `[openapi] ${m}`,
      ),
    );
  }
  return out;
}

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** What `withConformanceIndex` saw: violations, and how many responses it checked. */
export interface ConformanceLog {
  violations: string[];
  checked: number;
}

/**
 * Wraps a fetch so every JSON response from /api.xro/2.0/* (and, with `connections`, from
 * /connections) is checked; violations accumulate in `log`.
 */
export function withConformanceIndex(
  idx: ConformanceIndex | (() => ConformanceIndex),
  fetchFn: FetchFn,
  opts: { connections?: boolean; deserialize?: Deserialize; log?: ConformanceLog } = {},
): { fetch: FetchFn; log: ConformanceLog } {
  const log = opts.log ?? { violations: [], checked: 0 };
  const wrapped: FetchFn = async (input, init) => {
    // Read method and URL without constructing a Request (that would take over a streamed body).
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const res = await fetchFn(input, init);
    const watched = API_PREFIX.test(url.pathname) || (opts.connections && CONNECTIONS.test(url.pathname));
    if (!watched) return res;
    const type = res.headers.get("content-type") ?? "";
    const where = `${method} ${url.pathname}${url.search} ${res.status}`;
    if (type.includes("json")) {
      log.checked++;
      let body: unknown;
      try {
        body = await res.clone().json();
      } catch {
        log.violations.push(`${method} ${url.pathname} ${res.status}: body is not valid JSON`);
        return res;
      }
      const index = typeof idx === "function" ? idx() : idx;
      for (const v of checkResponseWith(index, method, url.pathname, res.status, body, opts)) {
        log.violations.push(`${where}: ${v}`);
      }
    } else if (res.status < 300 && !(res.status === 204 && CONNECTIONS.test(url.pathname))) {
      log.checked++;
      log.violations.push(`${method} ${url.pathname} ${res.status}: success without a JSON body`);
    }
    return res;
  };
  return { fetch: wrapped, log };
}
