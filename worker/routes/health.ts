import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";

const Health = z.object({ ok: z.literal(true), service: z.string(), time: z.string() }).openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Liveness check",
  responses: {
    200: { description: "The worker is up", content: { "application/json": { schema: Health } } },
  },
});

/** `GET /health` — liveness, no bindings touched. */
export const health = new OpenAPIHono<AppEnv>().openapi(route, (c) =>
  c.json({ ok: true as const, service: "agg-smart-accounts-connect", time: new Date().toISOString() }, 200),
);
