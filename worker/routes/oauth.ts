import { type Context, Hono } from "hono";
import type { ConnectResultMessage } from "../../shared/connection.ts";
import type { AppEnv } from "../env.ts";
import type { CallbackOutcome, Provider } from "../provider/provider.ts";
import { findProvider } from "../provider/registry.ts";
import { tenantStub } from "../tenant/stub.ts";
import { splitTenantRef } from "../tenant/tenant-ref.ts";
import { esc, notifyOpenerScript, page, pickerBody } from "./oauth-pages.ts";

type Ctx = Context<AppEnv>;

function render(c: Ctx, status: 200 | 400, title: string, body: string, script = "") {
  const nonce = crypto.randomUUID().replace(/-/g, "");
  const { html, csp } = page(title, body, nonce, script);
  c.header("Content-Security-Policy", csp);
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(html, status);
}

/** The provider a path names, when it signs in by OAuth. */
function oauthProvider(c: Ctx): Provider | null {
  const p = findProvider(c.req.param("provider"));
  return p?.oauth ? p : null;
}

function failure(c: Ctx, p: Provider | null, origin: string | null, code: string, message: string) {
  const msg: ConnectResultMessage = {
    source: "agg-smart-accounts-connect",
    type: "connect-result",
    ok: false,
    error: { code, message },
  };
  const body = `<h1 class="bad">${esc(p?.name ?? "The accounting system")} was not connected</h1><p>${esc(message)}</p><p><small>You can close this window.</small></p>`;
  return render(c, 400, "Not connected", body, origin ? notifyOpenerScript(msg, origin, 4000) : "");
}

function outcome(c: Ctx, p: Provider, result: CallbackOutcome, pickTenant: string) {
  if (result.kind === "failed") return failure(c, p, result.origin, result.code, result.message);
  if (result.kind === "pick")
    return render(
      c,
      200,
      "Choose organisation",
      pickerBody(`${result.pickId}.${pickTenant}`, result.orgs, p),
    );
  const msg: ConnectResultMessage = {
    source: "agg-smart-accounts-connect",
    type: "connect-result",
    ok: true,
    connection: result.status,
  };
  const name = result.status.status === "connected" ? result.status.organisation.name : p.name;
  const body = `<h1 class="ok">Connected to ${esc(name)}</h1><p>You can close this window; AGG SMART is updating.</p>`;
  return render(c, 200, "Connected", body, notifyOpenerScript(msg, result.origin, 600));
}

/**
 * The consent popup's pages, per OAuth provider (`/oauth/{provider}/…`, so the first provider's paths are unchanged):
 * start (redirect to the provider), callback, organisation pick.
 */
export const oauthRoutes = new Hono<AppEnv>();

oauthRoutes.get("/oauth/:provider/start", async (c) => {
  const p = oauthProvider(c);
  const ref = splitTenantRef(c.req.query("ticket"));
  if (!p || !ref)
    return failure(
      c,
      p,
      null,
      "bad_request",
      "This connect link is not valid. Click Connect in AGG SMART again.",
    );
  const r = await tenantStub(c.env, ref.tenant).beginAuthorize(ref.tenant, ref.nonce, p.id);
  if (!r.ok) return failure(c, p, null, r.code, r.message);
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(r.value.url, 302);
});

oauthRoutes.get("/oauth/:provider/callback", async (c) => {
  const p = oauthProvider(c);
  const state = c.req.query("state");
  const ref = splitTenantRef(state);
  if (!p || !ref)
    return failure(
      c,
      p,
      null,
      "state_invalid",
      "This sign-in is not valid or has expired. Start again from AGG SMART.",
    );
  const result = await tenantStub(c.env, ref.tenant).completeAuthorize(
    ref.tenant,
    ref.nonce,
    c.req.url,
    p.id,
  );
  return outcome(c, p, result, state?.split(".")[1] ?? "");
});

oauthRoutes.post("/oauth/:provider/select", async (c) => {
  const p = oauthProvider(c);
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const pick = typeof form.pick === "string" ? form.pick : "";
  const orgRef = typeof form.tenant === "string" ? form.tenant : "";
  const ref = splitTenantRef(pick);
  if (!p || !ref || !orgRef)
    return failure(c, p, null, "bad_request", "That choice could not be read. Start again from AGG SMART.");
  const result = await tenantStub(c.env, ref.tenant).completePick(ref.tenant, ref.nonce, orgRef, p.id);
  return outcome(c, p, result, pick.split(".")[1] ?? "");
});
