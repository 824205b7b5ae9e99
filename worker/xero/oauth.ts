// Xero's OAuth 2.0: the shared code flow (worker/provider/oauth2.ts) with Xero's endpoints,
// scopes and oauth4webapi's form-encoded Basic client auth; RFC 7009 revocation. Xero rotates
// the refresh token on every refresh. Its access tokens carry the claims read below.
// @see https://developer.xero.com/documentation/guides/oauth2/auth-flow

import * as oauth from "oauth4webapi";
import { fromBase64url } from "../encoding.ts";
import type { TokenSet } from "../provider/model.ts";
import { authorizationUrl, OAuth2Client, type OAuth2Profile } from "../provider/oauth2.ts";
import type { FetchFn, XeroConfig } from "./config.ts";

/** Xero's name for the shared OAuthError (what connections.ts and errors.ts throw and catch). */
export { OAuthError as XeroAuthError } from "../provider/oauth2.ts";

function profile(cfg: XeroConfig): OAuth2Profile {
  return {
    issuer: new URL(cfg.tokenUrl).origin,
    clientAuth: oauth.ClientSecretBasic(cfg.clientSecret),
    defaultExpiresIn: 1800,
    scopeFallback: "",
    words: {
      short: "Xero",
      long: "Xero",
      possessive: "Xero's",
      varPrefix: "XERO",
      grantGone: "expired or revoked",
      noRefreshToken: "Xero sent no refresh token: is offline_access in XERO_SCOPES?",
    },
  };
}

const xero = (cfg: XeroConfig) => new OAuth2Client(cfg, profile(cfg));

/** Builds the consent URL (authorization code + PKCE S256). @see https://developer.xero.com/documentation/guides/oauth2/auth-flow */
export const buildAuthorizeUrl = (cfg: XeroConfig, state: string, codeVerifier: string): Promise<string> =>
  authorizationUrl(cfg, state, codeVerifier);

/** Checks the callback (state, error) and trades the code for tokens. */
export async function exchangeCode(
  cfg: XeroConfig,
  fetchFn: FetchFn,
  callback: URL,
  expectedState: string,
  codeVerifier: string,
  now: number,
): Promise<TokenSet> {
  return (await xero(cfg).exchangeCode(fetchFn, callback, expectedState, codeVerifier, now, () => null))
    .tokens;
}

/** Uses a refresh token (Xero rotates it: the answer carries the next one). */
export const refreshTokens = (cfg: XeroConfig, fetchFn: FetchFn, refreshToken: string, now: number) =>
  xero(cfg).refresh(fetchFn, refreshToken, now);

/** Revokes a refresh token at Xero (removes that grant's connections). */
export const revokeToken = (cfg: XeroConfig, fetchFn: FetchFn, refreshToken: string): Promise<void> =>
  xero(cfg).revoke(fetchFn, refreshToken);

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
