import { createRoute } from "@hono/zod-openapi";
import { ConnectionStatus, StartConnect } from "../../shared/connection.ts";
import { requireAdmin, requireEmbedToken } from "../auth/middleware.ts";
import { AppError } from "../errors.ts";
import { EMBED_AUTH, errors, json, routeApp } from "../openapi.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";
import { tenantRef } from "../tenant/tenant-ref.ts";

const getRoute = createRoute({
  method: "get",
  path: "/api/connection",
  summary: "The tenant's accounting connection (widget)",
  security: EMBED_AUTH,
  responses: { 200: json(ConnectionStatus, "Connection status"), ...errors(401) },
});

const startRoute = createRoute({
  method: "post",
  path: "/api/connection/start",
  summary: "Start connecting Xero (admin): a single-use URL for the consent popup",
  security: EMBED_AUTH,
  responses: { 200: json(StartConnect, "URL to open in the popup"), ...errors(401, 403) },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/api/connection",
  summary: "Disconnect Xero (admin): removes the connection at Xero, revokes tokens, deletes synced data",
  security: EMBED_AUTH,
  responses: { 200: json(ConnectionStatus, "Now not connected"), ...errors(401, 403, 503) },
});

/** Widget routes for the connection: status, start (admin), disconnect (admin). */
export const connection = routeApp();
connection.use("/api/connection", requireEmbedToken());
connection.use("/api/connection/*", requireEmbedToken());
connection.on(["POST", "DELETE"], ["/api/connection", "/api/connection/*"], requireAdmin());

connection.openapi(getRoute, async (c) => {
  const { tenant } = c.get("auth");
  return c.json(await tenantStub(c.env, tenant).getStatus(tenant), 200);
});

connection.openapi(startRoute, async (c) => {
  const { tenant, sub } = c.get("auth");
  const origin = c.req.header("Origin");
  if (!origin) throw new AppError(403, "forbidden", "Connect must be started from an AGG SMART page.");
  const ticket = unwrap(await tenantStub(c.env, tenant).createTicket(tenant, sub, origin));
  const url = new URL("/oauth/xero/start", c.req.url);
  url.searchParams.set("ticket", tenantRef(ticket, tenant));
  return c.json({ url: url.toString() }, 200);
});

connection.openapi(deleteRoute, async (c) => {
  const { tenant } = c.get("auth");
  return c.json(unwrap(await tenantStub(c.env, tenant).disconnect(tenant)), 200);
});
