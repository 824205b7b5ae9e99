// Check (2)'s source: Xero's OpenAPI documents (../shared/xero-openapi beside the repo). Node-only:
// parses the accounting and identity documents and reduces them to the response schema of every
// operation and status, plus the component schemas those refer to, as plain JSON for checks.ts.
// When the folder is missing, says so once (visibly) and the OpenAPI check is skipped.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { OpenApiIndex, Schema } from "./checks.ts";

type Doc = {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, Schema>; responses?: Record<string, unknown> };
};

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** Where the OpenAPI documents are expected: <repo>/../shared/xero-openapi. */
export const OPENAPI_DIR = join(repoRoot, "..", "shared", "xero-openapi");

/** The message printed when the OpenAPI check is skipped. */
export const OPENAPI_SKIP_MESSAGE = `[conformance] SKIPPED the OpenAPI check: ${OPENAPI_DIR} not found; checking xero-node models only.`;

const docs = new Map<string, Doc | null>();
let warned = false;

function load(file: string): Doc | null {
  if (docs.has(file)) return docs.get(file) ?? null;
  const full = join(OPENAPI_DIR, file);
  let doc: Doc | null = null;
  if (existsSync(full)) doc = parse(readFileSync(full, "utf8"), { maxAliasCount: -1 }) as Doc;
  else if (!warned) {
    warned = true;
    console.warn(OPENAPI_SKIP_MESSAGE);
  }
  docs.set(file, doc);
  return doc;
}

/** The parsed accounting document, or null (with a visible warning, once) when the folder is missing. */
export function openapiDoc(): Doc | null {
  return load("xero_accounting.yaml");
}

/** Keys of a schema object the checks read; everything else (descriptions, examples) is dropped. */
const SCHEMA_KEYS = new Set([
  "$ref",
  "allOf",
  "type",
  "format",
  "enum",
  "properties",
  "additionalProperties",
  "items",
  "x-is-msdate",
  "x-is-msdate-time",
]);

function prune(s: unknown): Schema {
  if (typeof s !== "object" || s === null) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (!SCHEMA_KEYS.has(k)) continue;
    if (k === "properties")
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([p, ps]) => [p, prune(ps)]),
      );
    else if (k === "allOf") out[k] = (v as unknown[]).map(prune);
    else if (k === "items" || (k === "additionalProperties" && typeof v === "object")) out[k] = prune(v);
    else out[k] = v;
  }
  return out as Schema;
}

function follow(doc: Doc, node: unknown): unknown {
  let n = node as { $ref?: string } | undefined;
  for (let i = 0; n?.$ref && i < 20; i++) {
    const parts = n.$ref.replace(/^#\//, "").split("/");
    n = parts.reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], doc) as
      | { $ref?: string }
      | undefined;
  }
  return n;
}

/** One document as an OpenApiIndex: per path/method/status the JSON response schema, and all component schemas. */
export function indexOf(doc: Doc): OpenApiIndex {
  const paths: OpenApiIndex["paths"] = {};
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, resp] of Object.entries(op?.responses ?? {})) {
        const r = follow(doc, resp) as { content?: Record<string, { schema?: unknown }> } | undefined;
        const schema = r?.content?.["application/json"]?.schema;
        if (!schema) continue;
        paths[template] ??= {};
        const byMethod = (paths[template][method.toLowerCase()] ??= {});
        byMethod[status] = prune(schema);
      }
    }
  }
  const schemas = Object.fromEntries(
    Object.entries(doc.components.schemas).map(([name, s]) => [name, prune(s)]),
  );
  return { paths, schemas };
}

/** The accounting and identity documents as indexes, or null when the folder is missing. */
export function openapiIndex(): { accounting: OpenApiIndex; identity: OpenApiIndex | null } | null {
  const accounting = openapiDoc();
  if (!accounting) return null;
  const identity = load("xero-identity.yaml");
  return { accounting: indexOf(accounting), identity: identity ? indexOf(identity) : null };
}
