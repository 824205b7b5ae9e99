// Intuit's OAuth endpoints, by path (the emulator answers every host):
//   GET  /connect/oauth2                    (appcenter.intuit.com) consent page with company picker
//   POST /connect/oauth2/consent            the page's form → redirect with code, state, realmId
//   POST /oauth2/v1/tokens/bearer           (oauth.platform.intuit.com) Basic auth; form body
//   POST /v2/oauth2/tokens/revoke           (developer.api.intuit.com) Basic auth; JSON {token}
// @see https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0

import { type Context, Hono } from "hono";
import type { QboState } from "../state.ts";
import { consentPage, errorPage } from "./consent-page.ts";
import { approve, exchangeCode, grantOfToken, refresh, revokeGrant } from "./grants.ts";
import { type QboClient, randomToken } from "./model.ts";

/** Scopes Intuit knows for QBO apps. */
const KNOWN_SCOPES = new Set([
  "com.intuit.quickbooks.accounting",
  "com.intuit.quickbooks.payment",
  "openid",
  "profile",
  "email",
  "phone",
  "address",
]);
const PENDING_TTL_MS = 30 * 60_000;

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** The app named by an HTTP Basic header, or undefined when the credentials are wrong. */
function basicClient(state: QboState, header: string | undefined): QboClient | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m?.[1]) return undefined;
  let decoded: string;
  try {
    decoded = atob(m[1]);
  } catch {
    return undefined;
  }
  const i = decoded.indexOf(":");
  const client = state.identity.clients.get(decoded.slice(0, i));
  return client && i > 0 && client.clientSecret === decoded.slice(i + 1) ? client : undefined;
}

const oauthError = (c: Context, error: string, status: 400 | 401) =>
  c.json({ error }, status, { "Cache-Control": "no-store" });

/** The OAuth routes (mounted at the root). */
export function oauthRoutes(state: QboState): Hono {
  const app = new Hono();

  app.get("/connect/oauth2", (c) => {
    const q = (k: string) => c.req.query(k);
    const client = state.identity.clients.get(q("client_id") ?? "");
    if (!client) return c.html(errorPage("invalid_client", "Unknown client_id"), 400);
    const redirectUri = q("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri))
      return c.html(errorPage("invalid_request", "The redirect_uri is not registered for this app"), 400);
    const back = (error: string) => c.redirect(withParams(redirectUri, { error, state: q("state") }), 302);
    if (q("response_type") !== "code") return back("unsupported_response_type");
    const scopes = (q("scope") ?? "").split(/[ +]/).filter(Boolean);
    if (!scopes.length || scopes.some((s) => !KNOWN_SCOPES.has(s))) return back("invalid_scope");
    const challenge = q("code_challenge");
    if (challenge !== undefined && q("code_challenge_method") !== "S256") return back("invalid_request");
    const now = state.clock.now();
    for (const [k, p] of state.identity.pending)
      if (now - p.createdAt > PENDING_TTL_MS) state.identity.pending.delete(k);
    const id = randomToken(16);
    state.identity.pending.set(id, {
      id,
      clientId: client.clientId,
      redirectUri,
      scopes,
      state: q("state"),
      codeChallenge: challenge,
      createdAt: now,
    });
    const companies = [...state.companies.values()].map((co) => ({ realmId: co.realmId, name: co.name }));
    return c.html(consentPage(id, client.name, companies));
  });

  app.post("/connect/oauth2/consent", async (c) => {
    const form = await c.req.parseBody();
    const pending = state.identity.pending.get(String(form.request ?? ""));
    if (!pending) return c.html(errorPage("Request expired", "Start the connection again."), 400);
    state.identity.pending.delete(pending.id);
    if (form.action !== "allow")
      return c.redirect(
        withParams(pending.redirectUri, { error: "access_denied", state: pending.state }),
        302,
      );
    const realmId = String(form.realmId ?? "");
    if (!state.companies.has(realmId)) return c.html(errorPage("No company", "Pick a company."), 400);
    const code = approve(state, pending, realmId);
    return c.redirect(withParams(pending.redirectUri, { code, state: pending.state, realmId }), 302);
  });

  app.post("/oauth2/v1/tokens/bearer", async (c) => {
    const client = basicClient(state, c.req.header("authorization"));
    if (!client) return oauthError(c, "invalid_client", 401);
    if (!(c.req.header("content-type") ?? "").includes("application/x-www-form-urlencoded"))
      return oauthError(c, "invalid_request", 400);
    const form = new URLSearchParams(await c.req.text());
    const hard = c.req.header("x-include-refresh-token-hard-expires-in")?.toLowerCase() === "true";
    const grantType = form.get("grant_type");
    let result: Awaited<ReturnType<typeof exchangeCode>>;
    if (grantType === "authorization_code") {
      const code = form.get("code");
      if (!code) return oauthError(c, "invalid_request", 400);
      result = await exchangeCode(
        state,
        client.clientId,
        code,
        form.get("redirect_uri") ?? undefined,
        form.get("code_verifier") ?? undefined,
        hard,
      );
    } else if (grantType === "refresh_token") {
      const token = form.get("refresh_token");
      if (!token) return oauthError(c, "invalid_request", 400);
      result = refresh(state, client.clientId, token, hard);
    } else {
      return oauthError(c, "unsupported_grant_type", 400);
    }
    if (!result.ok) return oauthError(c, result.error, 400);
    return c.json(result.body, 200, { "Cache-Control": "no-store", intuit_tid: crypto.randomUUID() });
  });

  app.post("/v2/oauth2/tokens/revoke", async (c) => {
    const client = basicClient(state, c.req.header("authorization"));
    if (!client) return oauthError(c, "invalid_client", 401);
    let token: unknown;
    try {
      token = (JSON.parse(await c.req.text()) as { token?: unknown }).token;
    } catch {
      return oauthError(c, "invalid_request", 400);
    }
    if (typeof token !== "string" || !token) return oauthError(c, "invalid_request", 400);
    const grant = grantOfToken(state, token);
    // Unknown tokens are not an error (RFC 7009).
    if (grant && grant.clientId === client.clientId) revokeGrant(state, grant, "app");
    return c.body(null, 200);
  });

  return app;
}
