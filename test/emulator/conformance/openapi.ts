// Check (2): a response body against Xero's OpenAPI document (../shared/xero-openapi beside the repo).
// Resolves the operation for method + path, takes the schema of the response for that status, and
// checks every emitted field exists there (through $ref/allOf) with the right type, enum value, uuid
// and /Date()/ form. Node-only. When the folder is missing, says so once and checks nothing.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { ENVELOPE_KEYS, MS_DATE } from "./xero-node.ts";

/** Schema objects as they appear in the document (only the parts the checker reads). */
interface Schema {
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
type Doc = {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, unknown> };
};

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** Where the OpenAPI documents are expected: <repo>/../shared/xero-openapi. */
export const OPENAPI_DIR = join(repoRoot, "..", "shared", "xero-openapi");
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let doc: Doc | null | undefined;

/** The parsed accounting document, or null (with a visible warning, once) when the folder is missing. */
export function openapiDoc(): Doc | null {
  if (doc !== undefined) return doc;
  const file = join(OPENAPI_DIR, "xero_accounting.yaml");
  if (!existsSync(file)) {
    console.warn(
      `[conformance] SKIPPED the OpenAPI check: ${OPENAPI_DIR} not found; checking xero-node models only.`,
    );
    doc = null;
    return doc;
  }
  doc = parse(readFileSync(file, "utf8"), { maxAliasCount: -1 }) as Doc;
  return doc;
}

function deref<T>(d: Doc, node: T): T {
  let n = node as { $ref?: string };
  for (let i = 0; n?.$ref && i < 20; i++) {
    const parts = n.$ref.replace(/^#\//, "").split("/");
    n = parts.reduce<unknown>((o, p) => (o as Record<string, unknown>)?.[p], d) as { $ref?: string };
  }
  return n as T;
}

/** The response schema for method + path + status, or null when the document does not define one. */
export function responseSchema(method: string, path: string, status: number): Schema | null {
  const d = openapiDoc();
  if (!d) return null;
  const segs = path.split("/").filter(Boolean);
  let best: { score: number; ops: Record<string, { responses?: Record<string, unknown> }> } | null = null;
  for (const [template, ops] of Object.entries(d.paths)) {
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
  const resp = op?.responses?.[String(status)] ?? (status >= 400 ? undefined : op?.responses?.default);
  if (!resp) return null;
  const r = deref(d, resp) as { content?: Record<string, { schema?: Schema }> };
  const schema = r.content?.["application/json"]?.schema;
  return schema ? deref(d, schema) : null;
}

/** A named component schema (e.g. "Payment"). */
export function componentSchema(name: string): Schema | null {
  return openapiDoc()?.components.schemas[name] ?? null;
}

function flatten(d: Doc, s: Schema): Schema {
  const r = deref(d, s);
  if (!r.allOf) return r;
  const merged: Schema = { ...r, properties: { ...(r.properties ?? {}) } };
  for (const part of r.allOf) {
    const p = flatten(d, part);
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
  value: unknown,
  schema: Schema,
  path: string,
  out: string[],
  extra: Schema[] = [],
): void {
  const d = openapiDoc();
  if (!d) return;
  const s = flatten(d, schema);
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
        if (s.items) checkSchema(v, s.items, `${path}[${i}]`, out, extra);
      });
      return;
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return void out.push(`${path}: expected object`);
      const props = {
        ...Object.assign({}, ...extra.map((e) => flatten(d, e).properties ?? {})),
        ...(s.properties ?? {}),
      };
      for (const [k, v] of Object.entries(value)) {
        const p = props[k] as Schema | undefined;
        if (p) checkSchema(v, p, `${path}.${k}`, out);
        else if (!s.additionalProperties) out.push(`${path}.${k}: not in schema`);
      }
      return;
    }
    default:
      return;
  }
}

/** Checks a response body for method + path + status; [] when the document has no schema for it. */
export function checkWithOpenApi(
  method: string,
  path: string,
  status: number,
  body: Record<string, unknown>,
  elementExtra: string | null,
): string[] {
  const schema = responseSchema(method, path, status);
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
    const element = componentSchema("Element");
    const extra = elementExtra ? componentSchema(elementExtra) : null;
    const { Elements, ...top } = rest;
    checkSchema(top, schema, "$", out);
    (Elements as unknown[]).forEach((el, i) => {
      if (element) checkSchema(el, element, `$.Elements[${i}]`, out, extra ? [extra] : []);
    });
    return out;
  }
  checkSchema(rest, schema, "$", out);
  return out;
}
