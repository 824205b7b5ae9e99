import * as oauth from "oauth4webapi";
import { fromBase64url } from "../encoding.ts";
import type { TokenSet } from "../provider/model.ts";
import type { FetchFn, XeroConfig } from "./config.ts";

/** Why a token call failed: `invalid_grant` is permanent (reconnect), `transient` may be retried. */
export class XeroAuthError extends Error {
  readonly kind: "invalid_grant" | "denied" | "transient" | "config";
  constructor(kind: XeroAuthError["kind"], message: string) {
    super(message);
    this.kind = kind;
  }
}

function server(cfg: XeroConfig): oauth.AuthorizationServer {
  return {
    issuer: new URL(cfg.tokenUrl).origin,
    authorization_endpoint: cfg.authorizeUrl,
    token_endpoint: cfg.tokenUrl,
    revocation_endpoint: cfg.revokeUrl,
  };
}

function options(cfg: XeroConfig, fetchFn: FetchFn) {
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:|\/)/.test(cfg.tokenUrl);
  return {
    [oauth.customFetch]: (url: string, init: RequestInit) => fetchFn(url, init),
    [oauth.allowInsecureRequests]: local,
  };
}

const client = (cfg: XeroConfig): oauth.Client => ({ client_id: cfg.clientId });

/** Builds the consent URL (authorization code + PKCE S256). @see https://developer.xero.com/documentation/guides/oauth2/auth-flow */
export async function buildAuthorizeUrl(
  cfg: XeroConfig,
  state: string,
  codeVerifier: string,
): Promise<string> {
  const url = new URL(cfg.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", cfg.clientId);
  url.searchParams.set("redirect_uri", cfg.redirectUri);
  url.searchParams.set("scope", cfg.scopes);
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

function toTokenSet(res: oauth.TokenEndpointResponse, now: number): TokenSet {
  if (!res.refresh_token)
    throw new XeroAuthError("config", "Xero sent no refresh token: is offline_access in XERO_SCOPES?");
  return {
    accessToken: res.access_token,
    refreshToken: res.refresh_token,
    expiresAt: now + (res.expires_in ?? 1800) * 1000,
    refreshIssuedAt: now,
    scope: res.scope ?? "",
  };
}

function classify(err: unknown): XeroAuthError {
  if (err instanceof XeroAuthError) return err;
  if (err instanceof oauth.AuthorizationResponseError) {
    const denied = err.error === "access_denied";
    return new XeroAuthError(
      denied ? "denied" : "config",
      denied ? "Access was not granted in Xero." : `Xero said: ${err.error}.`,
    );
  }
  if (err instanceof oauth.ResponseBodyError) {
    if (err.error === "invalid_grant")
      return new XeroAuthError(
        "invalid_grant",
        "Xero no longer accepts this authorisation (expired or revoked).",
      );
    if (err.status >= 500 || err.status === 429)
      return new XeroAuthError("transient", `Xero's token service answered ${err.status}.`);
    return new XeroAuthError(
      "config",
      `Xero rejected the request (${err.error}). Check XERO_CLIENT_ID/SECRET.`,
    );
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError) {
    return new XeroAuthError("config", `Xero rejected the client credentials (HTTP ${err.status}).`);
  }
  if (err instanceof oauth.OperationProcessingError) {
    return new XeroAuthError(
      "transient",
      `Xero's token response could not be read (${err.code ?? "unknown"}).`,
    );
  }
  return new XeroAuthError("transient", "Xero could not be reached.");
}

/** Checks the callback (state, error) and trades the code for tokens. */
export async function exchangeCode(
  cfg: XeroConfig,
  fetchFn: FetchFn,
  callback: URL,
  expectedState: string,
  codeVerifier: string,
  now: number,
): Promise<TokenSet> {
  try {
    const as = server(cfg);
    const params = oauth.validateAuthResponse(as, client(cfg), callback, expectedState);
    const opts = options(cfg, fetchFn);
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client(cfg),
      oauth.ClientSecretBasic(cfg.clientSecret),
      params,
      cfg.redirectUri,
      codeVerifier,
      opts,
    );
    return toTokenSet(await oauth.processAuthorizationCodeResponse(as, client(cfg), res), now);
  } catch (err) {
    throw classify(err);
  }
}

/** Uses a refresh token (Xero rotates it: the answer carries the next one). */
export async function refreshTokens(
  cfg: XeroConfig,
  fetchFn: FetchFn,
  refreshToken: string,
  now: number,
): Promise<TokenSet> {
  try {
    const as = server(cfg);
    const res = await oauth.refreshTokenGrantRequest(
      as,
      client(cfg),
      oauth.ClientSecretBasic(cfg.clientSecret),
      refreshToken,
      options(cfg, fetchFn),
    );
    return toTokenSet(await oauth.processRefreshTokenResponse(as, client(cfg), res), now);
  } catch (err) {
    throw classify(err);
  }
}

/** Revokes a refresh token at Xero (removes that grant's connections). */
export async function revokeToken(cfg: XeroConfig, fetchFn: FetchFn, refreshToken: string): Promise<void> {
  try {
    const as = server(cfg);
    const res = await oauth.revocationRequest(
      as,
      client(cfg),
      oauth.ClientSecretBasic(cfg.clientSecret),
      refreshToken,
      options(cfg, fetchFn),
    );
    await oauth.processRevocationResponse(res);
  } catch (err) {
    throw classify(err);
  }
}

/** A string claim of an access token (not verified: Xero issued it to us over TLS). */
function claim(accessToken: string, name: string): string | undefined {
  try {
    const part = accessToken.split(".")[1] ?? "";
    const value = JSON.parse(new TextDecoder().decode(fromBase64url(part)))?.[name];
    return typeof value === "string" && value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads Xero's `authentication_event_id` claim from an access token (not verified: Xero issued it to us over TLS). */
export function authEventId(accessToken: string): string | undefined {
  return claim(accessToken, "authentication_event_id");
}

/** The Xero user (`xero_userid` claim) an access token acts for: one user's connections form one list at Xero. */
export function xeroUserId(accessToken: string): string | undefined {
  return claim(accessToken, "xero_userid");
}
