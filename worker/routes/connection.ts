import * as zm from "zod/mini";
import { ConnectionStatus, StartConnect, StartConnectBody } from "../../shared/connection.ts";
import { PROVIDER_IDS, PROVIDERS, type ProviderId, providerInfo } from "../../shared/providers.ts";
import { requireAdmin, requireEmbedToken } from "../auth/middleware.ts";
import { AppError } from "../errors.ts";
import { answers, json, routeApp, widgetRoute } from "../openapi.ts";
import { configuredProviders, DEFAULT_PROVIDER } from "../provider/registry.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";
import { tenantRef } from "../tenant/tenant-ref.ts";

const getRoute = widgetRoute({
  method: "get",
  path: "/api/connection",
  summary: "The tenant's accounting connection (widget)",
  responses: answers(ConnectionStatus, "Connection status", 401),
});

const startRoute = widgetRoute({
  method: "post",
  path: "/api/connection/start",
  summary: "Start connecting an accounting system (admin): a single-use URL for the consent popup",
  description:
    `Body \`{"provider": ${PROVIDER_IDS.map((p) => `"${p}"`).join(" | ")}}\` is optional (absent = ${DEFAULT_PROVIDER}); a provider this worker is not configured for is a 400. ` +
    "OAuth systems answer `{url}` (the consent popup); a desktop-connector system (Sage 50) answers `{provider, connectorKey, issuedAt, workerUrl}`: " +
    "a new connector key shown once (only its SHA-256 is stored), which replaces the previous one at once.",
  request: { body: { ...json(StartConnectBody, "Which system to connect (optional)"), required: false } },
  responses: answers(
    StartConnect,
    "URL to open in the popup, or a Sage 50 connector key",
    400,
    401,
    403,
    409,
  ),
});

const deleteRoute = widgetRoute({
  method: "delete",
  path: "/api/connection",
  summary:
    "Disconnect (admin): removes the connection at the accounting system, revokes tokens, deletes synced data",
  responses: answers(ConnectionStatus, "Now not connected", 401, 403, 503),
});

/** Widget routes for the connection: status, start (admin), disconnect (admin). */
export const connection = routeApp();
connection.use("/api/connection", requireEmbedToken());
connection.use("/api/connection/*", requireEmbedToken());
connection.on(["POST", "DELETE"], ["/api/connection", "/api/connection/*"], requireAdmin());

connection.openapi(getRoute, async (c) => {
  const { tenant } = c.get("auth");
  const status = await tenantStub(c.env, tenant).getStatus(tenant);
  return c.json({ ...status, providers: configuredProviders(c.env) }, 200);
});

connection.openapi(startRoute, async (c) => {
  const { tenant, sub } = c.get("auth");
  const origin = c.req.header("Origin");
  if (!origin) throw new AppError(403, "forbidden", "Connect must be started from an AGG SMART page.");
  const provider = await requestedProvider(c.req.raw, configuredProviders(c.env));
  if (providerInfo(provider).auth === "connector") {
    const issued = unwrap(await tenantStub(c.env, tenant).issueConnectorKey(tenant, sub));
    return c.json({ ...issued, workerUrl: new URL(c.req.url).origin }, 200);
  }
  const ticket = unwrap(await tenantStub(c.env, tenant).createTicket(tenant, sub, origin, provider));
  const url = new URL(`/oauth/${provider}/start`, c.req.url);
  url.searchParams.set("ticket", tenantRef(ticket, tenant));
  return c.json({ url: url.toString() }, 200);
});

connection.openapi(deleteRoute, async (c) => {
  const { tenant } = c.get("auth");
  const status = unwrap(await tenantStub(c.env, tenant).disconnect(tenant));
  return c.json({ ...status, providers: configuredProviders(c.env) }, 200);
});

/** The provider a start request asks for: the optional JSON body's `provider` (absent = the default), if configured. */
async function requestedProvider(req: Request, configured: readonly ProviderId[]): Promise<ProviderId> {
  const text = await req.text();
  let raw: unknown = {};
  try {
    if (text.trim()) raw = JSON.parse(text);
  } catch {
    throw new AppError(400, "bad_request", "The request body is not JSON.");
  }
  const body = zm.safeParse(StartConnectBody, raw);
  if (!body.success)
    throw new AppError(400, "validation_failed", `provider must be one of ${PROVIDER_IDS.join(", ")}.`);
  const provider = body.data.provider ?? DEFAULT_PROVIDER;
  if (configured.includes(provider)) return provider;
  const offered = configured.map((p) => PROVIDERS[p].name).join(", ") || "none";
  throw new AppError(
    400,
    "bad_request",
    `${PROVIDERS[provider].name} is not set up on this server (it can connect: ${offered}).`,
  );
}
