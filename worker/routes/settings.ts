import { AccountsSettings, BankAccountList, WebhookSecret } from "../../shared/settings.ts";
import { requireAdmin, requireEmbedToken } from "../auth/middleware.ts";
import { AppError } from "../errors.ts";
import { answers, routeApp, widgetRoute } from "../openapi.ts";
import { checkWebhookUrl, runsLocally } from "../payments/webhook-url.ts";
import { unwrap } from "../tenant/result.ts";
import { SettingsPatch } from "../tenant/settings-view.ts";
import { tenantStub } from "../tenant/stub.ts";

const getRoute = widgetRoute({
  method: "get",
  path: "/api/settings",
  summary: "Accounts settings (admin)",
  responses: answers(AccountsSettings, "Settings", 401, 403),
});
const putRoute = widgetRoute({
  method: "put",
  path: "/api/settings",
  summary: "Change accounts settings (admin); any subset of fields, validated per field",
  request: { body: { required: true, content: { "application/json": { schema: SettingsPatch } } } },
  responses: answers(AccountsSettings, "Saved settings", 400, 401, 403, 409, 503),
});
const bankAccountsRoute = widgetRoute({
  method: "get",
  path: "/api/settings/bank-accounts",
  summary: "Accounts payments may go into (admin; live from the accounting system)",
  responses: answers(BankAccountList, "Accounts", 401, 403, 409, 503),
});
const secretRoute = widgetRoute({
  method: "post",
  path: "/api/settings/webhook-secret",
  summary: "New AGG SMART webhook signing secret (admin); shown once",
  responses: answers(WebhookSecret, "The secret", 401, 403),
});

/** Admin settings for the tenant's accounts connection. */
export const settings = routeApp();
settings.use("/api/settings", requireEmbedToken(), requireAdmin());
settings.use("/api/settings/*", requireEmbedToken(), requireAdmin());

settings.openapi(getRoute, async (c) => {
  const { tenant } = c.get("auth");
  return c.json(await tenantStub(c.env, tenant).getSettings(tenant), 200);
});

settings.openapi(putRoute, async (c) => {
  const { tenant } = c.get("auth");
  const patch = c.req.valid("json");
  if (patch.webhookUrl) {
    // The schema allows what the local stack needs; a deployed worker only posts to public https.
    const r = checkWebhookUrl(patch.webhookUrl, { local: runsLocally(c.env) });
    if (!r.ok)
      throw new AppError(400, "validation_failed", r.reason, [{ path: "webhookUrl", message: r.reason }]);
  }
  return c.json(unwrap(await tenantStub(c.env, tenant).updateSettings(tenant, patch)), 200);
});

settings.openapi(bankAccountsRoute, async (c) => {
  const { tenant } = c.get("auth");
  return c.json({ accounts: unwrap(await tenantStub(c.env, tenant).bankAccounts(tenant)) }, 200);
});

settings.openapi(secretRoute, async (c) => {
  const { tenant } = c.get("auth");
  c.header("Cache-Control", "no-store");
  return c.json(await tenantStub(c.env, tenant).rotateWebhookSecret(tenant), 200);
});
