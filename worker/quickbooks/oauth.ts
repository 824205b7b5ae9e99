// Intuit's OAuth 2.0 through oauth4webapi. Intuit's discovery document lives at a non-standard
// path (…/.well-known/openid_configuration) and names production hosts only, so the
// AuthorizationServer is built by hand from QBO_* variables. Code flow with state and PKCE S256
// (Intuit documents no PKCE; the emulator verifies it when sent, and a server that ignores
// unknown parameters loses nothing — UNVERIFIED whether Intuit checks it). The callback carries
// `realmId`, the company the user picked. Every refresh rotates the refresh token; the caller
// persists the new set before using it (the tenant object's token keeper is single-flight).
// @see ../../shared/QBO-FACTS.md "OAuth 2.0"

import type { FetchFn } from "../provider/capabilities.ts";
import { ProviderError } from "../provider/errors.ts";
import type { TokenSet } from "../provider/model.ts";
import {
  authorizationUrl,
  classifyOAuthFailure,
  OAuth2Client,
  type OAuth2Profile,
  OAuthError,
  type OAuthWords,
  oauthToProviderError,
} from "../provider/oauth2.ts";
import type { QboConfig } from "./config.ts";

/** QuickBooks' name for the shared OAuthError (what a consent failure throws). */
export { OAuthError as QboAuthError } from "../provider/oauth2.ts";

const WORDS: OAuthWords = {
  short: "QuickBooks",
  long: "QuickBooks Online",
  possessive: "QuickBooks'",
  varPrefix: "QBO",
  grantGone: "expired, revoked or superseded",
  noRefreshToken: "QuickBooks sent no refresh token.",
};

/** The SDK's Basic header: base64 of the raw `id:secret`. */
const basic = (cfg: QboConfig) => `Basic ${btoa(`${cfg.clientId}:${cfg.clientSecret}`)}`;

function profile(cfg: QboConfig): OAuth2Profile {
  return {
    // Intuit's issuer (QBO-FACTS); nothing here checks ID tokens, so only the endpoints matter.
    issuer: "https://oauth.platform.intuit.com/op/v1",
    /**
     * Basic client auth as Intuit's own SDK sends it. oauth4webapi's ClientSecretBasic
     * form-encodes id and secret first (RFC 6749 §2.3.1), which changes a `-`; whether Intuit
     * decodes that is UNVERIFIED (its ids are alphanumeric), so the SDK's form is used.
     */
    clientAuth: (_as, _client, _body, headers) => {
      headers.set("authorization", basic(cfg));
    },
    defaultExpiresIn: 3600,
    // Intuit's token answer carries no `scope` (UNVERIFIED for every case): the requested ones were granted.
    scopeFallback: cfg.scopes,
    words: WORDS,
  };
}

const intuit = (cfg: QboConfig) => new OAuth2Client(cfg, profile(cfg));

/** The consent URL: code flow, the accounting scope, state and a PKCE S256 challenge. */
export const buildAuthorizeUrl = (cfg: QboConfig, state: string, codeVerifier: string): Promise<string> =>
  authorizationUrl(cfg, state, codeVerifier);

/** An auth failure as the seam's error: invalid_grant → `auth_revoked`, the rest `transient`. */
export function authToProviderError(err: unknown): ProviderError {
  if (err instanceof ProviderError) return err;
  return oauthToProviderError(classifyOAuthFailure(err, WORDS));
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
  const { tokens, extra } = await intuit(cfg).exchangeCode(
    fetchFn,
    callback,
    expectedState,
    codeVerifier,
    now,
    (params) => {
      const realmId = params.get("realmId") ?? "";
      if (!/^\d{1,32}$/.test(realmId))
        throw new OAuthError("config", "QuickBooks did not say which company was connected (no realmId).");
      return realmId;
    },
  );
  return { tokens, realmId: extra };
}

/** Uses a refresh token; the answer carries the next one (persist it before using the access token). */
export const refreshTokens = (cfg: QboConfig, fetchFn: FetchFn, refreshToken: string, now: number) =>
  intuit(cfg).refresh(fetchFn, refreshToken, now);

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
        authorization: basic(cfg),
        "content-type": "application/json",
        accept: "application/json",
      },
      body: JSON.stringify({ token: refreshToken }),
    });
  } catch {
    throw new OAuthError("transient", "QuickBooks Online could not be reached to revoke access.");
  }
  await res.body?.cancel();
  if (res.status >= 500) throw new OAuthError("transient", `QuickBooks' revoke answered ${res.status}.`);
  // 400 = already revoked/unknown token: nothing left to revoke.
}
