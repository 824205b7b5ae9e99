import { createRoute, type Hook, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import * as zm from "zod/mini";
import { ErrorBody } from "../shared/errors.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";
import { TenantId } from "./tenant/tenant-id.ts";

/** An OpenAPI JSON response built from a shared (zod/mini) contract schema. */
export function json<S extends zm.ZodMiniType>(schema: S, description: string) {
  // zod-to-openapi reads classic zod only; shared/ is zod/mini (for widget size), so we hand it JSON
  // Schema. Typed as the contract's output so `.openapi()` handlers' c.json() is checked against it.
  const s = zm.toJSONSchema(schema, { target: "openapi-3.0" }) as unknown as z.ZodType<zm.output<S>>;
  return { description, content: { "application/json": { schema: s } } };
}

/**
 * A request schema `.openapi()` can validate with and publish, made from a shared (zod/mini)
 * contract through its JSON Schema: the rules stay those of shared/, so a change there reaches
 * the handler and the document together. Unknown keys pass through (read the fields you need).
 */
export function contract<S extends zm.ZodMiniType>(schema: S): z.ZodType<zm.input<S>> {
  const js = zm.toJSONSchema(schema, { io: "input" });
  return z.fromJSONSchema(js as Parameters<typeof z.fromJSONSchema>[0]) as z.ZodType<zm.input<S>>;
}

/** The standard error responses, documented once. */
export function errors(...statuses: number[]) {
  const out: Record<number, ReturnType<typeof json<typeof ErrorBody>>> = {};
  for (const s of statuses) out[s] = json(ErrorBody, `Error (${s}): { error: { code, message } }`);
  return out;
}

/** Security requirement for widget routes (embed token). */
export const EMBED_AUTH = [{ EmbedToken: [] }];
/** Security requirement for server routes (SERVER_API_KEY). */
export const SERVER_AUTH = [{ ServerApiKey: [] }];

/** A route's 200 answer beside the standard errors it documents. */
export function answers<S extends zm.ZodMiniType>(
  schema: S,
  description: string,
  ...errorStatuses: number[]
) {
  return { 200: json(schema, description), ...errors(...errorStatuses) };
}

/** The `{tenant}` path parameter every server-API route has (`.extend()` it for more). */
export const TenantPath = z.object({ tenant: TenantId });

/** What a route declares itself: everything but who may call it. */
type Declared<P extends string> = Omit<RouteConfig, "path" | "security"> & { path: P };

/** A widget route: called with an embed token (the route area mounts `requireEmbedToken`). */
export const widgetRoute = <P extends string, R extends Declared<P>>(r: R) =>
  createRoute({ ...r, security: EMBED_AUTH });

/** A server-API route: called with SERVER_API_KEY (app.ts requires it on /v1/*), tenant in the path. */
export const serverRoute = <P extends string, R extends Declared<P>>(r: R) =>
  createRoute({ ...r, security: SERVER_AUTH });

/**
 * What every `.openapi()` route does when its published schema refuses the request: a 400
 * `validation_failed` naming each bad field, thrown before the handler (so before any lookup).
 */
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (result.success) return;
  const details = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = details[0];
  const named = !first?.path || first.message.startsWith(first.path);
  const message = first ? (named ? first.message : `${first.path}: ${first.message}`) : "";
  throw new AppError(400, "validation_failed", message || "The request is not valid.", details);
};

/** A route area's app: validates with the routes' published zod schemas via {@link validationHook}. */
export const routeApp = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
