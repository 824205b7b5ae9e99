// Check (1): a response body against xero-node's generated model metadata (what Xero's own SDK reads).
// Every emitted field must exist (by baseName) with a compatible type, enums must hold an allowed value,
// dates must be Xero's "/Date(ms[+zzzz])/" form, and ObjectSerializer.deserialize must not throw.
// Node-only (reads the SDK's files).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const MODELS_PATH = "xero-node/dist/gen/model/accounting/models";

interface Attr {
  name: string;
  baseName: string;
  type: string;
}
interface ModelClass {
  getAttributeTypeMap(): Attr[];
}
type Models = Record<string, unknown> & {
  ObjectSerializer: { deserialize(data: unknown, type: string): unknown };
};

const models = require(MODELS_PATH) as Models;
const modelsDir = dirname(require.resolve(MODELS_PATH));

/** Xero's JSON date form. */
export const MS_DATE = /^\/Date\(-?\d+([+-]\d{4})?\)\/$/;
const PRIMITIVES = new Set(["string", "number", "boolean", "double", "integer", "long", "float", "any"]);
const enumCache = new Map<string, Set<string> | null>();

function modelClass(type: string): ModelClass | null {
  const m: unknown = models[type];
  if (typeof m !== "function") return null;
  const candidate = m as unknown as Partial<ModelClass>;
  return typeof candidate.getAttributeTypeMap === "function" ? (candidate as ModelClass) : null;
}

/** Allowed values of an enum type such as "Contact.ContactStatusEnum" or "CurrencyCode", or null if not an enum. */
export function enumValues(type: string): Set<string> | null {
  if (enumCache.has(type)) return enumCache.get(type) ?? null;
  const [owner, inner] = type.includes(".") ? (type.split(".") as [string, string]) : [type, type];
  const holder = type.includes(".")
    ? (models[owner] as Record<string, unknown> | undefined)?.[inner]
    : models[owner];
  let values: Set<string> | null = null;
  if (holder && typeof holder === "object") {
    // The compiled TS string enum maps both ways, so read the declared values from its source.
    const file = join(modelsDir, `${owner.charAt(0).toLowerCase()}${owner.slice(1)}.js`);
    const src = readFileSync(file, "utf8");
    const re = new RegExp(`${inner}\\[${inner}\\["[^"]*"\\] = '([^']*)'\\]`, "g");
    values = new Set([...src.matchAll(re)].map((m) => m[1] ?? ""));
    if (values.size === 0) values = new Set(Object.values(holder).map(String));
  }
  enumCache.set(type, values);
  return values;
}

/** Top-level keys Xero puts on every response envelope (in Xero's examples, not in the models). */
export const ENVELOPE_KEYS: Record<string, (v: unknown) => boolean> = {
  Id: (v) => typeof v === "string",
  Status: (v) => v === "OK",
  ProviderName: (v) => typeof v === "string",
  DateTimeUTC: (v) => typeof v === "string" && MS_DATE.test(v),
};

/**
 * Checks `value` against xero-node type `type` (e.g. "Contacts", "Array<Payment>", "Date").
 * `extra` lists more model names whose fields are also allowed on a given model (used for Elements).
 */
export function checkModel(
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
      checkModel(v, sub, `${path}[${i}]`, out, extra);
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
  const allowed = enumValues(type);
  if (allowed) {
    if (typeof value !== "string" || !allowed.has(value))
      out.push(`${path}: ${JSON.stringify(value)} is not a ${type} value`);
    return;
  }
  const cls = modelClass(type);
  if (!cls) return void out.push(`${path}: unknown xero-node type ${type}`);
  if (typeof value !== "object" || Array.isArray(value))
    return void out.push(`${path}: expected an object (${type})`);
  const attrs = new Map<string, Attr>();
  for (const t of [type, ...(extra[type] ?? [])]) {
    for (const a of modelClass(t)?.getAttributeTypeMap() ?? [])
      if (!attrs.has(a.baseName)) attrs.set(a.baseName, a);
  }
  for (const [key, v] of Object.entries(value)) {
    const attr = attrs.get(key);
    if (!attr) out.push(`${path}.${key}: not a field of ${type}`);
    else checkModel(v, attr.type, `${path}.${key}`, out, extra);
  }
}

/** Runs ObjectSerializer.deserialize as the SDK would; returns an error message or null. */
export function deserializeError(body: unknown, type: string): string | null {
  try {
    models.ObjectSerializer.deserialize(body, type);
    return null;
  } catch (e) {
    return `ObjectSerializer.deserialize(${type}) threw: ${(e as Error).message}`;
  }
}

/** Checks a whole response body whose root is xero-node model `rootType` (envelope keys allowed on success bodies). */
export function checkWithXeroNode(
  body: Record<string, unknown>,
  rootType: string,
  opts: { envelope: boolean; extra?: Record<string, string[]> },
): string[] {
  const out: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const envelopeCheck = opts.envelope ? ENVELOPE_KEYS[k] : undefined;
    if (envelopeCheck) {
      if (!envelopeCheck(v)) out.push(`$.${k}: bad envelope value ${JSON.stringify(v)}`);
    } else rest[k] = v;
  }
  checkModel(rest, rootType, "$", out, opts.extra);
  const err = deserializeError(body, rootType);
  if (err) out.push(err);
  return out;
}
