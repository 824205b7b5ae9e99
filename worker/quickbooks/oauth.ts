// Intuit's OAuth 2.0 through oauth4webapi. Intuit's discovery document lives at a non-standard
// path (…/.well-known/openid_configuration) and names production hosts only, so the
// AuthorizationServer is built by hand from QBO_* variables. Code flow with state and PKCE S256
// (Intuit documents no PKCE; the emulator verifies it when sent, and a server that ignores
// unknown parameters loses nothing — UNVERIFIED whether Intuit checks it). The callback carries
// `realmId`, the company the user picked. Every refresh rotates the refresh token; the caller
// persists the new set before using it (the tenant object's token keeper is single-flight).
// @see ../../shared/QBO-FACTS.md "OAuth 2.0"

import * as oauth from "oauth4webapi";
import type { FetchFn } from "../provider/capabilities.ts";
import { ProviderError } from "../provider/errors.ts";
import type { TokenSet } from "../provider/model.ts";
import type { QboConfig } from "./config.ts";

/** Why a consent failed, for the popup (the tenant layer shows `message`). */
export class QboAuthError extends Error {
  readonly kind: "invalid_grant" | "denied" | "transient" | "config";
  constructor(kind: QboAuthError["kind"], message: string) {
    super(message);
    this.kind = kind;
  }
}

function server(cfg: QboConfig): oauth.AuthorizationServer {
  return {
    // Intuit's issuer (QBO-FACTS); nothing here checks ID tokens, so only the endpoints matter.
    issuer: "https://oauth.platform.intuit.com/op/v1",
    authorization_endpoint: cfg.authorizeUrl,
    token_endpoint: cfg.tokenUrl,
    revocation_endpoint: cfg.revokeUrl,
  };
}

function options(cfg: QboConfig, fetchFn: FetchFn) {
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:|\/)/.test(cfg.tokenUrl);
  return {
    [oauth.customFetch]: (url: string, init: RequestInit) => fetchFn(url, init),
    [oauth.allowInsecureRequests]: local,
  };
}

const client = (cfg: QboConfig): oauth.Client => ({ client_id: cfg.clientId });

/**
 * Basic client auth as Intuit's own SDK sends it: base64 of the raw `id:secret`. oauth4webapi's
 * ClientSecretBasic form-encodes both first (RFC 6749 §2.3.1), which changes a `-`; whether
 * Intuit decodes that is UNVERIFIED (its ids are alphanumeric), so the SDK's form is used.
 */
const basicAuth =
  (cfg: QboConfig): oauth.ClientAuth =>
  (_as, _client, _body, headers) => {
    headers.set("authorization", `Basic ${btoa(`${cfg.clientId}:${cfg.clientSecret}`)}`);
  };

/** The consent URL: code flow, the accounting scope, state and a PKCE S256 challenge. */
export async function buildAuthorizeUrl(
  cfg: QboConfig,
  state: string,
  codeVerifier: string,
): Promise<string> {
  const url = new URL(cfg.authorizeUrl);
  url.searchParams.set("client_id", cfg.clientId);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", cfg.scopes);
  url.searchParams.set("redirect_uri", cfg.redirectUri);
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

function toTokenSet(res: oauth.TokenEndpointResponse, now: number, scopes: string): TokenSet {
  if (!res.refresh_token) throw new QboAuthError("config", "QuickBooks sent no refresh token.");
  return {
    accessToken: res.access_token,
    refreshToken: res.refresh_token,
    expiresAt: now + (res.expires_in ?? 3600) * 1000,
    refreshIssuedAt: now,
    // Intuit's token answer carries no `scope` (UNVERIFIED for every case): the requested ones were granted.
    scope: res.scope ?? scopes,
  };
}

function classify(err: unknown): QboAuthError {
  if (err instanceof QboAuthError) return err;
  if (err instanceof oauth.AuthorizationResponseError) {
    const denied = err.error === "access_denied";
    return new QboAuthError(
      denied ? "denied" : "config",
      denied ? "Access was not granted in QuickBooks Online." : `QuickBooks said: ${err.error}.`,
    );
  }
  if (err instanceof oauth.ResponseBodyError) {
    if (err.error === "invalid_grant")
      return new QboAuthError(
        "invalid_grant",
        "QuickBooks Online no longer accepts this authorisation (expired, revoked or superseded).",
      );
    if (err.status >= 500 || err.status === 429)
      return new QboAuthError("transient", `QuickBooks' token service answered ${err.status}.`);
    return new QboAuthError(
      "config",
      `QuickBooks rejected the request (${err.error}). Check QBO_CLIENT_ID/SECRET.`,
    );
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError)
    return new QboAuthError("config", `QuickBooks rejected the client credentials (HTTP ${err.status}).`);
  if (err instanceof oauth.OperationProcessingError)
    return new QboAuthError(
      "transient",
      `QuickBooks' token response could not be read (${err.code ?? "unknown"}).`,
    );
  return new QboAuthError("transient", "QuickBooks Online could not be reached.");
}

/** An auth failure as the seam's error: invalid_grant → `auth_revoked`, the rest `transient`. */
export function authToProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = classify(err);
  return new ProviderError(e.kind === "invalid_grant" ? "auth_revoked" : "transient", e.message);
}

/** Checks the callback (state, error), reads `realmId` and trades the code for tokens. */
export async function exchangeCode(
  cfg: QboConfig,
  fetchFn: FetchFn,
  callback: URL,
  expectedState: string,
  codeVerifier: string,
  now: number,
): Promise<{ tokens: TokenSet; realmId: string }> {
  try {
    const as = server(cfg);
    const params = oauth.validateAuthResponse(as, client(cfg), callback, expectedState);
    const realmId = params.get("realmId") ?? "";
    if (!/^\d{1,32}$/.test(realmId))
      throw new QboAuthError("config", "QuickBooks did not say which company was connected (no realmId).");
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client(cfg),
      basicAuth(cfg),
      params,
      cfg.redirectUri,
      codeVerifier,
      options(cfg, fetchFn),
    );
    const body = await oauth.processAuthorizationCodeResponse(as, client(cfg), res);
    return { tokens: toTokenSet(body, now, cfg.scopes), realmId };
  } catch (err) {
    throw classify(err);
  }
}

/** Uses a refresh token; the answer carries the next one (persist it before using the access token). */
export async function refreshTokens(
  cfg: QboConfig,
  fetchFn: FetchFn,
  refreshToken: string,
  now: number,
): Promise<TokenSet> {
  try {
    const as = server(cfg);
    const res = await oauth.refreshTokenGrantRequest(
      as,
      client(cfg),
      basicAuth(cfg),
      refreshToken,
      options(cfg, fetchFn),
    );
    return toTokenSet(await oauth.processRefreshTokenResponse(as, client(cfg), res), now, cfg.scopes);
  } catch (err) {
    throw classify(err);
  }
}

/**
 * Revokes a grant at Intuit: JSON `{"token": …}` with Basic client auth (Intuit's documented
 * shape, not RFC 7009's form body, so oauth4webapi's revocationRequest is not used).
 */
export async function revokeToken(cfg: QboConfig, fetchFn: FetchFn, refreshToken: string): Promise<void> {
  let res: Response;
  try {
    res = await fetchFn(cfg.revokeUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa(`${cfg.clientId}:${cfg.clientSecret}`)}`,
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({ token: refreshToken }),
    });
  } catch {
    throw new QboAuthError("transient", "QuickBooks Online could not be reached to revoke access.");
  }
  await res.body?.cancel();
  if (res.status >= 500) throw new QboAuthError("transient", `QuickBooks' revoke answered ${res.status}.`);
  // 400 = already revoked/unknown token: nothing left to revoke.
}
