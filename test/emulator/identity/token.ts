// POST /connect/token (authorization_code, refresh_token) and POST /connect/revocation.
// Client authentication: client_secret_basic, or client_secret_post as Xero also accepts.

import { type Context, Hono } from "hono";
import type { EmulatorState } from "../state.ts";
import { exchangeCode, refresh, revoke, type TokenResult } from "./grants.ts";
import type { OAuthClient } from "./model.ts";

/** Finds the client from Basic auth or form fields; undefined when missing or wrong. */
export function authenticateClient(
  state: EmulatorState,
  authorization: string | undefined,
  form: URLSearchParams,
): OAuthClient | undefined {
  let id = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  if (authorization?.toLowerCase().startsWith("basic ")) {
    try {
      const decoded = atob(authorization.slice(6).trim());
      const i = decoded.indexOf(":");
      if (i < 0) return undefined;
      const basicId = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, " "));
      const basicSecret = decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, " "));
      if (id !== undefined && id !== basicId) return undefined;
      id = basicId;
      secret = basicSecret;
    } catch {
      return undefined;
    }
  }
  const client = id === undefined ? undefined : state.identity.clients.get(id);
  return client && secret !== undefined && client.clientSecret === secret ? client : undefined;
}

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

function oauthError(c: Context, status: 400 | 401, error: string): Response {
  return c.json({ error }, status, NO_STORE);
}

function answer(c: Context, r: TokenResult): Response {
  return r.ok ? c.json(r.body, 200, NO_STORE) : oauthError(c, 400, r.error);
}

async function readForm(c: Context): Promise<URLSearchParams | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return undefined;
  // Decoded by hand: workerd warns when .text() reads a form-encoded body.
  return new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
}

/** The token and revocation endpoints. @see https://developer.xero.com/documentation/guides/oauth2/auth-flow */
export function tokenRoutes(state: EmulatorState): Hono {
  const app = new Hono();

  app.post("/connect/token", async (c) => {
    const form = await readForm(c);
    if (!form) return oauthError(c, 400, "invalid_request");
    const client = authenticateClient(state, c.req.header("authorization"), form);
    if (!client) return oauthError(c, 401, "invalid_client");
    const issuer = new URL(c.req.url).origin;
    const grantType = form.get("grant_type");
    if (grantType === "authorization_code") {
      const code = form.get("code");
      if (!code) return oauthError(c, 400, "invalid_request");
      const redirectUri = form.get("redirect_uri") ?? undefined;
      const verifier = form.get("code_verifier") ?? undefined;
      return answer(c, await exchangeCode(state, issuer, client, code, redirectUri, verifier));
    }
    if (grantType === "refresh_token") {
      const token = form.get("refresh_token");
      if (!token) return oauthError(c, 400, "invalid_request");
      return answer(c, await refresh(state, issuer, client, token));
    }
    return oauthError(c, 400, grantType ? "unsupported_grant_type" : "invalid_request");
  });

  app.post("/connect/revocation", async (c) => {
    const form = await readForm(c);
    if (!form) return oauthError(c, 400, "invalid_request");
    const client = authenticateClient(state, c.req.header("authorization"), form);
    if (!client) return oauthError(c, 401, "invalid_client");
    const token = form.get("token");
    if (!token) return oauthError(c, 400, "invalid_request");
    revoke(state, client, token);
    return c.body(null, 200);
  });

  return app;
}
