import { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import { requireServerKey } from "./auth/middleware.ts";
import type { AppEnv } from "./env.ts";
import { toErrorResponse } from "./errors.ts";
import { widgetCors } from "./middleware/cors.ts";
import { validationHook } from "./openapi.ts";
import { connection } from "./routes/connection.ts";
import { connector } from "./routes/connector.ts";
import { credit } from "./routes/credit.ts";
import { health } from "./routes/health.ts";
import { jobs } from "./routes/jobs.ts";
import { oauthRoutes } from "./routes/oauth.ts";
import { serverApi } from "./routes/server-api.ts";
import { settings } from "./routes/settings.ts";
import { webhooks } from "./routes/webhooks.ts";
import { widgetAsset } from "./routes/widget-asset.ts";

/** A route area mounted beside the product's (the benchmark entry adds /bench/* this way). */
export type RouteArea = Hono<AppEnv>;

/**
 * Builds the worker's HTTP app: every route area mounted, one error handler, one OpenAPI
 * document. `extra` areas are for other entries (worker/bench-entry.ts); production passes none.
 */
export function createApp(extra: readonly RouteArea[] = []) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use("/api/*", widgetCors());
  app.use("/v1/*", requireServerKey());
  app.route("/", health);
  app.route("/", widgetAsset);
  app.route("/", connection);
  app.route("/", oauthRoutes);
  app.route("/", credit);
  app.route("/", serverApi);
  app.route("/", jobs);
  app.route("/", settings);
  app.route("/", webhooks);
  app.route("/", connector);
  for (const area of extra) app.route("/", area);
  app.openAPIRegistry.registerComponent("securitySchemes", "EmbedToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "HS256 embed token signed by AGG SMART's server (claims tenant, sub, role, aud=agg-smart-widget).",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "ServerApiKey", {
    type: "http",
    scheme: "bearer",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "AGG SMART Accounts Connect",
      version: "0.1.0",
      description:
        "Widget API (embed-token auth) and server API (SERVER_API_KEY) for AGG SMART ↔ its accounting system.",
    },
  });
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` } }, 404),
  );
  app.onError(toErrorResponse);
  return app;
}
