import * as zm from "zod/mini";
import { ErrorBody } from "../shared/errors.ts";

/** An OpenAPI JSON response built from a shared (zod/mini) contract schema. */
export function json(schema: zm.ZodMiniType, description: string) {
  // zod-to-openapi reads classic zod only; shared/ is zod/mini (for widget size), so we hand it JSON Schema.
  const s = zm.toJSONSchema(schema, { target: "openapi-3.0" }) as Record<string, unknown>;
  return { description, content: { "application/json": { schema: s } } };
}

/** The standard error responses, documented once. */
export function errors(...statuses: number[]) {
  const out: Record<number, ReturnType<typeof json>> = {};
  for (const s of statuses) out[s] = json(ErrorBody, `Error (${s}): { error: { code, message } }`);
  return out;
}

/** Security requirement for widget routes (embed token). */
export const EMBED_AUTH = [{ EmbedToken: [] }];
/** Security requirement for server routes (SERVER_API_KEY). */
export const SERVER_AUTH = [{ ServerApiKey: [] }];
