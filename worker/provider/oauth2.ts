// OAuth 2.0 authorization code + PKCE S256 through oauth4webapi, for any provider that speaks it:
// the consent URL, the callback check and code exchange, refresh (which rotates the refresh
// token: the caller persists the new set before using it), RFC 7009 revocation, the token
// answer → TokenSet, and every failure → one OAuthError. What differs per provider (its
// AuthorizationServer issuer, how the client authenticates, token-answer defaults, the words
// of its messages) is an OAuth2Profile; endpoints and credentials are its OAuth2Config.
// @see https://github.com/panva/oauth4webapi/blob/main/docs/README.md

import * as oauth from "oauth4webapi";
import type { FetchFn } from "./capabilities.ts";
import { ProviderError } from "./errors.ts";
import type { TokenSet } from "./model.ts";

/** The client, redirect, scopes and endpoints of one provider's OAuth 2.0 app (every endpoint is configurable). */
export interface OAuth2Config {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Space-separated, as sent in the consent URL. */
  scopes: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
}

/** Why a token call failed: `invalid_grant` is permanent (reconnect), `transient` may be retried. */
export type OAuthFailure = "invalid_grant" | "denied" | "transient" | "config";

/** The one error every OAuth step throws; `message` is shown to the admin as is. */
export class OAuthError extends Error {
  readonly kind: OAuthFailure;
  constructor(kind: OAuthFailure, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** How a provider is named in its OAuth messages (kept verbatim: admins already read them). */
export interface OAuthWords {
  /** The short name, in "… said:", "… rejected …". */
  short: string;
  /** The full name, in "Access was not granted in …", "… could not be reached.". */
  long: string;
  /** The short name's possessive, before "token service" ("Acme's"). */
  possessive: string;
  /** The variables' prefix named in a credentials hint ("ACME" → ACME_CLIENT_ID/SECRET). */
  varPrefix: string;
  /** Why a grant stops working, in brackets after "no longer accepts this authorisation". */
  grantGone: string;
  /** The message when a token answer carries no refresh token. */
  noRefreshToken: string;
}

/** What one provider's token endpoint does its own way. */
export interface OAuth2Profile {
  /** The issuer oauth4webapi is told (nothing here checks ID tokens: only the endpoints matter). */
  issuer: string;
  /** How the client authenticates at the token endpoint. */
  clientAuth: oauth.ClientAuth;
  /** Lifetime of an access token whose answer has no `expires_in`, in seconds. */
  defaultExpiresIn: number;
  /** The scope recorded when the answer has no `scope`. */
  scopeFallback: string;
  words: OAuthWords;
}

/** A fresh PKCE code verifier (kept server-side with the state until the callback). */
export const newCodeVerifier = (): string => oauth.generateRandomCodeVerifier();

/** The consent URL: code flow, the configured scopes, `state` and a PKCE S256 challenge of `codeVerifier`. */
export async function authorizationUrl(
  cfg: OAuth2Config,
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

/** A token endpoint's answer as the neutral TokenSet; no refresh token is a configuration error. */
export function toTokenSet(res: oauth.TokenEndpointResponse, now: number, profile: OAuth2Profile): TokenSet {
  if (!res.refresh_token) throw new OAuthError("config", profile.words.noRefreshToken);
  return {
    accessToken: res.access_token,
    refreshToken: res.refresh_token,
    expiresAt: now + (res.expires_in ?? profile.defaultExpiresIn) * 1000,
    refreshIssuedAt: now,
    scope: res.scope ?? profile.scopeFallback,
  };
}

/**
 * Any failure of an OAuth step as an OAuthError: `access_denied` at consent → `denied`;
 * `invalid_grant` → `invalid_grant`; a 5xx or 429 answer, an unreadable answer or no answer →
 * `transient`; anything else the server refused (other errors, client credentials) → `config`.
 */
export function classifyOAuthFailure(err: unknown, w: OAuthWords): OAuthError {
  if (err instanceof OAuthError) return err;
  if (err instanceof oauth.AuthorizationResponseError) {
    const denied = err.error === "access_denied";
    return new OAuthError(
      denied ? "denied" : "config",
      denied ? `Access was not granted in ${w.long}.` : `${w.short} said: ${err.error}.`,
    );
  }
  if (err instanceof oauth.ResponseBodyError) {
    if (err.error === "invalid_grant")
      return new OAuthError(
        "invalid_grant",
        `${w.long} no longer accepts this authorisation (${w.grantGone}).`,
      );
    if (err.status >= 500 || err.status === 429)
      return new OAuthError("transient", `${w.possessive} token service answered ${err.status}.`);
    return new OAuthError(
      "config",
      `${w.short} rejected the request (${err.error}). Check ${w.varPrefix}_CLIENT_ID/SECRET.`,
    );
  }
  if (err instanceof oauth.WWWAuthenticateChallengeError)
    return new OAuthError("config", `${w.short} rejected the client credentials (HTTP ${err.status}).`);
  if (err instanceof oauth.OperationProcessingError)
    return new OAuthError(
      "transient",
      `${w.possessive} token response could not be read (${err.code ?? "unknown"}).`,
    );
  return new OAuthError("transient", `${w.long} could not be reached.`);
}

/** An OAuth failure as the seam's error: invalid_grant → `auth_revoked`, the rest `transient`. */
export function oauthToProviderError(err: OAuthError): ProviderError {
  return new ProviderError(err.kind === "invalid_grant" ? "auth_revoked" : "transient", err.message);
}

/** Plain http is allowed only to this machine (the emulators); anything else must be https. */
export const isLocalUrl = (url: string): boolean => /^http:\/\/(localhost|127\.0\.0\.1)(:|\/)/.test(url);

/** One provider's OAuth 2.0 client: its config and profile, with the fetch each call is given. */
export class OAuth2Client {
  private readonly cfg: OAuth2Config;
  private readonly profile: OAuth2Profile;
  private readonly as: oauth.AuthorizationServer;
  private readonly client: oauth.Client;
  constructor(cfg: OAuth2Config, profile: OAuth2Profile) {
    this.cfg = cfg;
    this.profile = profile;
    this.as = {
      issuer: profile.issuer,
      authorization_endpoint: cfg.authorizeUrl,
      token_endpoint: cfg.tokenUrl,
      revocation_endpoint: cfg.revokeUrl,
    };
    this.client = { client_id: cfg.clientId };
  }

  private options(fetchFn: FetchFn) {
    return {
      [oauth.customFetch]: (url: string, init: RequestInit) => fetchFn(url, init),
      [oauth.allowInsecureRequests]: isLocalUrl(this.cfg.tokenUrl),
    };
  }

  /** Runs one step, rethrowing any failure as an OAuthError in this provider's words. */
  private async step<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classifyOAuthFailure(err, this.profile.words);
    }
  }

  /**
   * Checks the callback (state, error), lets `read` take what the provider puts beside the code
   * (it may throw an OAuthError before the code is spent), then trades the code for tokens.
   */
  exchangeCode<T>(
    fetchFn: FetchFn,
    callback: URL,
    expectedState: string,
    codeVerifier: string,
    now: number,
    read: (params: URLSearchParams) => T,
  ): Promise<{ tokens: TokenSet; extra: T }> {
    return this.step(async () => {
      const params = oauth.validateAuthResponse(this.as, this.client, callback, expectedState);
      const extra = read(params);
      const res = await oauth.authorizationCodeGrantRequest(
        this.as,
        this.client,
        this.profile.clientAuth,
        params,
        this.cfg.redirectUri,
        codeVerifier,
        this.options(fetchFn),
      );
      const body = await oauth.processAuthorizationCodeResponse(this.as, this.client, res);
      return { tokens: toTokenSet(body, now, this.profile), extra };
    });
  }

  /** Uses a refresh token; the answer carries the next one (persist it before using the access token). */
  refresh(fetchFn: FetchFn, refreshToken: string, now: number): Promise<TokenSet> {
    return this.step(async () => {
      const res = await this.send(oauth.refreshTokenGrantRequest, refreshToken, fetchFn);
      const body = await oauth.processRefreshTokenResponse(this.as, this.client, res);
      return toTokenSet(body, now, this.profile);
    });
  }

  /** Revokes a token the RFC 7009 way (form body, the profile's client auth). */
  revoke(fetchFn: FetchFn, token: string): Promise<void> {
    return this.step(async () => {
      await oauth.processRevocationResponse(await this.send(oauth.revocationRequest, token, fetchFn));
    });
  }

  /** One token-endpoint request of oauth4webapi's (server, client, client auth, token, options) form. */
  private send(
    request: typeof oauth.refreshTokenGrantRequest | typeof oauth.revocationRequest,
    token: string,
    fetchFn: FetchFn,
  ): Promise<Response> {
    return request(this.as, this.client, this.profile.clientAuth, token, this.options(fetchFn));
  }
}
