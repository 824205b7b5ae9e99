import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { AccountsSettings, BankAccountList, SettingsUpdate, WebhookSecret } from "../../shared/settings.ts";
import { requireAdmin, requireEmbedToken } from "../auth/middleware.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { EMBED_AUTH, errors, json } from "../openapi.ts";
import { unwrap } from "../tenant/result.ts";
import { SettingsPatch } from "../tenant/settings-view.ts";
import { tenantStub } from "../tenant/stub.ts";

const routes = [
  createRoute({
    method: "get",
    path: "/api/settings",
    summary: "Accounts settings (admin)",
    security: EMBED_AUTH,
    responses: { 200: json(AccountsSettings, "Settings"), ...errors(401, 403) },
  }),
  createRoute({
    method: "put",
    path: "/api/settings",
    summary: "Change accounts settings (admin); any subset of fields, validated per field",
    security: EMBED_AUTH,
    request: {
      body: {
        content: {
          "application/json": { schema: json(SettingsUpdate, "").content["application/json"].schema },
        },
      },
    },
    responses: { 200: json(AccountsSettings, "Saved settings"), ...errors(400, 401, 403, 409, 503) },
  }),
  createRoute({
    method: "get",
    path: "/api/settings/bank-accounts",
    summary: "Accounts payments may go into (admin; live from Xero)",
    security: EMBED_AUTH,
    responses: { 200: json(BankAccountList, "Accounts"), ...errors(401, 403, 409, 503) },
  }),
  createRoute({
    method: "post",
    path: "/api/settings/webhook-secret",
    summary: "New AGG SMART webhook signing secret (admin); shown once",
    security: EMBED_AUTH,
    responses: { 200: json(WebhookSecret, "The secret"), ...errors(401, 403) },
  }),
];

/** Admin settings for the tenant's accounts connection. */
export const settings = new OpenAPIHono<AppEnv>();
for (const r of routes) settings.openAPIRegistry.registerPath(r);
settings.use("/api/settings", requireEmbedToken(), requireAdmin());
settings.use("/api/settings/*", requireEmbedToken(), requireAdmin());

settings.get("/api/settings", async (c) => {
  const { tenant } = c.get("auth");
  return c.json(await tenantStub(c.env, tenant).getSettings(tenant), 200);
});

settings.put("/api/settings", async (c) => {
  const { tenant } = c.get("auth");
  const raw = await c.req.json().catch(() => {
    throw new AppError(400, "bad_request", "The body must be JSON.");
  });
  const patch = SettingsPatch.safeParse(raw);
  if (!patch.success) {
    const details = patch.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new AppError(
      400,
      "validation_failed",
      details[0]?.message ?? "Some settings are not valid.",
      details,
    );
  }
  return c.json(unwrap(await tenantStub(c.env, tenant).updateSettings(tenant, patch.data)), 200);
});

settings.get("/api/settings/bank-accounts", async (c) => {
  const { tenant } = c.get("auth");
  return c.json({ accounts: unwrap(await tenantStub(c.env, tenant).bankAccounts(tenant)) }, 200);
});

settings.post("/api/settings/webhook-secret", async (c) => {
  const { tenant } = c.get("auth");
  c.header("Cache-Control", "no-store");
  return c.json(await tenantStub(c.env, tenant).rotateWebhookSecret(tenant), 200);
});
