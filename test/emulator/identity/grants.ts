// The rules of Xero's token service: consent → grant + connections + code; code → tokens (PKCE
// S256); refresh with rotation, 30-minute grace for the previous token, 60-day idle expiry;
// revocation. Pure state transitions plus JWT signing; the HTTP layer is in token.ts.

import type { EmulatorState } from "../state.ts";
import { signJwt } from "./jwt.ts";
import {
  ACCESS_TOKEN_TTL_MS,
  type AuthRequest,
  CODE_TTL_MS,
  type Grant,
  type OAuthClient,
  REFRESH_GRACE_MS,
  REFRESH_IDLE_MS,
  type RefreshTokenRecord,
  randomHex,
  randomToken,
  type XeroUser,
} from "./model.ts";

/** The token endpoint's success body. @see https://developer.xero.com/documentation/guides/oauth2/auth-flow */
export interface TokenResponse {
  id_token?: string;
  access_token: string;
  expires_in: number;
  token_type: "Bearer";
  refresh_token?: string;
  scope: string;
}

/** An OAuth error code the token endpoint answers with (`{"error": …}`). */
export type TokenError = "invalid_grant" | "invalid_request";

/** Result of a token operation. */
export type TokenResult = { ok: true; body: TokenResponse } | { ok: false; error: TokenError };

const fail = (error: TokenError = "invalid_grant"): TokenResult => ({ ok: false, error });

/** User pressed Allow: records the grant, connects the chosen tenants, and returns a one-time code. */
export function approveConsent(
  state: EmulatorState,
  req: AuthRequest,
  user: XeroUser,
  tenantIds: string[],
): string {
  const now = state.clock.now();
  const id = state.identity;
  const grant: Grant = {
    id: crypto.randomUUID(),
    authEventId: crypto.randomUUID(),
    clientId: req.clientId,
    userId: user.id,
    scopes: req.scopes,
    createdAt: now,
    revoked: false,
  };
  id.grants.set(grant.id, grant);
  for (const tenantId of new Set(tenantIds)) {
    const existing = [...id.connections.values()].find(
      (c) => c.clientId === req.clientId && c.userId === user.id && c.tenantId === tenantId,
    );
    if (existing) {
      // Reconnecting keeps the connection id; updatedDateUtc moves (as Xero documents).
      Object.assign(existing, { authEventId: grant.authEventId, grantId: grant.id, updatedAt: now });
      delete existing.deletedAt;
      delete existing.deletedBy;
    } else {
      const conn = {
        id: crypto.randomUUID(),
        tenantId,
        clientId: req.clientId,
        userId: user.id,
        authEventId: grant.authEventId,
        grantId: grant.id,
        createdAt: now,
        updatedAt: now,
      };
      id.connections.set(conn.id, conn);
    }
  }
  const code = randomToken(32);
  id.codes.set(code, {
    code,
    grantId: grant.id,
    redirectUri: req.redirectUri,
    codeChallenge: req.codeChallenge,
    nonce: req.nonce,
    createdAt: now,
    used: false,
  });
  return code;
}

/** base64url(SHA-256(verifier)), the S256 code challenge. */
export async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  let s = "";
  for (const b of digest) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Trades an authorization code for tokens (single use, 5 minutes, matching redirect_uri and PKCE verifier). */
export async function exchangeCode(
  state: EmulatorState,
  issuer: string,
  client: OAuthClient,
  code: string,
  redirectUri: string | undefined,
  verifier: string | undefined,
): Promise<TokenResult> {
  const rec = state.identity.codes.get(code);
  if (!rec || rec.used) return fail();
  rec.used = true;
  const grant = state.identity.grants.get(rec.grantId);
  if (!grant || grant.revoked || grant.clientId !== client.clientId) return fail();
  if (state.clock.now() - rec.createdAt > CODE_TTL_MS) return fail();
  if (redirectUri !== rec.redirectUri) return fail();
  if (rec.codeChallenge !== undefined) {
    if (!verifier || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return fail();
    if ((await s256(verifier)) !== rec.codeChallenge) return fail();
  }
  return { ok: true, body: await issueTokens(state, issuer, grant, rec.nonce) };
}

/** Uses a refresh token: rotates it; the previous token works again for 30 minutes (superseding what it produced). */
export async function refresh(
  state: EmulatorState,
  issuer: string,
  client: OAuthClient,
  token: string,
): Promise<TokenResult> {
  const id = state.identity;
  const rec = id.refreshTokens.get(token);
  const now = state.clock.now();
  if (!rec || rec.dead) return fail();
  const grant = id.grants.get(rec.grantId);
  if (!grant || grant.revoked || grant.clientId !== client.clientId) return fail();
  if (rec.rotatedAt === undefined) {
    if (now - rec.issuedAt > REFRESH_IDLE_MS) return fail();
  } else {
    if (now - rec.rotatedAt > REFRESH_GRACE_MS) return fail();
    // Grace reuse: whatever this token produced before is superseded, so one chain stays valid.
    killChain(id.refreshTokens, rec.successor);
  }
  rec.rotatedAt ??= now;
  const body = await issueTokens(state, issuer, grant);
  rec.successor = body.refresh_token;
  return { ok: true, body };
}

function killChain(tokens: Map<string, RefreshTokenRecord>, start: string | undefined): void {
  let next = start;
  while (next) {
    const r = tokens.get(next);
    if (!r || r.dead) return;
    r.dead = true;
    next = r.successor;
  }
}

/** Revokes the grant behind a refresh token and removes all the user's connections to the app. */
export function revoke(state: EmulatorState, client: OAuthClient, token: string): void {
  const id = state.identity;
  const rec = id.refreshTokens.get(token);
  const grant = rec && id.grants.get(rec.grantId);
  if (!grant || grant.clientId !== client.clientId) return; // RFC 7009: unknown tokens are not an error
  const now = state.clock.now();
  grant.revoked = true;
  grant.revokedAt = now;
  for (const c of id.connections.values()) {
    if (c.clientId === grant.clientId && c.userId === grant.userId && !c.deletedAt) {
      c.deletedAt = now;
      c.deletedBy = "revocation";
    }
  }
}

/** Signs a new token set for a grant (access token 30 min; refresh token only with offline_access). */
export async function issueTokens(
  state: EmulatorState,
  issuer: string,
  grant: Grant,
  nonce?: string,
): Promise<TokenResponse> {
  const id = state.identity;
  const user = id.users.get(grant.userId);
  if (!user) throw new Error(`grant ${grant.id} has no user`);
  const now = state.clock.now();
  const sec = Math.floor(now / 1000);
  const expiresAt = now + ACCESS_TOKEN_TTL_MS;
  const sid = randomHex(16);
  const access = await signJwt({
    nbf: sec,
    exp: Math.floor(expiresAt / 1000),
    iss: issuer,
    aud: `${issuer}/resources`,
    client_id: grant.clientId,
    sub: user.sub,
    auth_time: Math.floor(grant.createdAt / 1000),
    xero_userid: user.id,
    global_session_id: user.sessionId,
    sid,
    jti: randomHex(16),
    authentication_event_id: grant.authEventId,
    scope: grant.scopes,
    amr: ["pwd"],
  });
  id.accessTokens.set(access, {
    grantId: grant.id,
    clientId: grant.clientId,
    userId: user.id,
    authEventId: grant.authEventId,
    scopes: grant.scopes,
    expiresAt,
  });
  const body: TokenResponse = {
    access_token: access,
    expires_in: ACCESS_TOKEN_TTL_MS / 1000,
    token_type: "Bearer",
    scope: grant.scopes.join(" "),
  };
  if (grant.scopes.includes("openid")) {
    body.id_token = await signJwt({
      nbf: sec,
      exp: sec + 300,
      iss: issuer,
      aud: grant.clientId,
      iat: sec,
      sid,
      sub: user.sub,
      auth_time: Math.floor(grant.createdAt / 1000),
      xero_userid: user.id,
      global_session_id: user.sessionId,
      preferred_username: user.email,
      email: user.email,
      given_name: user.givenName,
      family_name: user.familyName,
      name: `${user.givenName} ${user.familyName}`,
      amr: ["pwd"],
      ...(nonce ? { nonce } : {}),
    });
  }
  if (grant.scopes.includes("offline_access")) {
    const token = randomToken(32);
    id.refreshTokens.set(token, { token, grantId: grant.id, issuedAt: now, dead: false });
    body.refresh_token = token;
  }
  // Xero's field order: id_token, access_token, expires_in, token_type, refresh_token, scope.
  const { id_token, access_token, expires_in, token_type, refresh_token, scope } = body;
  return {
    ...(id_token ? { id_token } : {}),
    access_token,
    expires_in,
    token_type,
    ...(refresh_token ? { refresh_token } : {}),
    scope,
  };
}
