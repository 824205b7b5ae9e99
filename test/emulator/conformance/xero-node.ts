// Check (1)'s source: xero-node's generated Accounting model metadata (what Xero's own SDK reads).
// Node-only (reads the SDK's files): extracts every model's attributeTypeMap and every enum's declared
// values into plain JSON for checks.ts, and exposes the SDK's real ObjectSerializer.deserialize.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Attr, ConformanceIndex, Deserialize } from "./checks.ts";

const require = createRequire(import.meta.url);
const MODELS_PATH = "xero-node/dist/gen/model/accounting/models";

interface ModelClass {
  getAttributeTypeMap(): Attr[];
}
type Models = Record<string, unknown> & {
  ObjectSerializer: { deserialize(data: unknown, type: string): unknown };
};

const models = require(MODELS_PATH) as Models;
const modelsDir = dirname(require.resolve(MODELS_PATH));
const NOT_MODELS = new Set([
  "string",
  "number",
  "boolean",
  "double",
  "integer",
  "long",
  "float",
  "any",
  "Date",
]);

function modelClass(type: string): ModelClass | null {
  const m: unknown = models[type];
  if (typeof m !== "function") return null;
  const candidate = m as unknown as Partial<ModelClass>;
  return typeof candidate.getAttributeTypeMap === "function" ? (candidate as ModelClass) : null;
}

/** Allowed values of an enum type such as "Contact.ContactStatusEnum" or "CurrencyCode", or null if not an enum. */
export function enumValues(type: string): string[] | null {
  const [owner, inner] = type.includes(".") ? (type.split(".") as [string, string]) : [type, type];
  const holder = type.includes(".")
    ? (models[owner] as Record<string, unknown> | undefined)?.[inner]
    : models[owner];
  if (!holder || typeof holder !== "object") return null;
  // The compiled TS string enum maps both ways, so read the declared values from its source.
  const file = join(modelsDir, `${owner.charAt(0).toLowerCase()}${owner.slice(1)}.js`);
  const src = readFileSync(file, "utf8");
  const re = new RegExp(`${inner}\\[${inner}\\["[^"]*"\\] = '([^']*)'\\]`, "g");
  const values = [...new Set([...src.matchAll(re)].map((m) => m[1] ?? ""))];
  return values.length > 0 ? values : [...new Set(Object.values(holder).map(String))];
}

/** Every Accounting model's attributeTypeMap, and the values of every enum those maps use. */
export function xeroNodeIndex(): ConformanceIndex["xeroNode"] {
  const out: ConformanceIndex["xeroNode"] = { models: {}, enums: {} };
  for (const name of Object.keys(models)) {
    const cls = modelClass(name);
    if (cls)
      out.models[name] = cls
        .getAttributeTypeMap()
        .map(({ name, baseName, type }) => ({ name, baseName, type }));
  }
  for (const attrs of Object.values(out.models)) {
    for (const { type } of attrs) {
      const bare = type.replace(/^(Array<)+/, "").replace(/>+$/, "");
      if (NOT_MODELS.has(bare) || out.models[bare] || out.enums[bare]) continue;
      const values = enumValues(bare);
      if (values) out.enums[bare] = values;
    }
  }
  return out;
}

/** The SDK's own ObjectSerializer.deserialize; returns an error message or null. */
export const deserializeWithSdk: Deserialize = (body, type) => {
  try {
    models.ObjectSerializer.deserialize(body, type);
    return null;
  } catch (e) {
    return `ObjectSerializer.deserialize(${type}) threw: ${(e as Error).message}`;
  }
};
