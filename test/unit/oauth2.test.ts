// The provider-neutral OAuth 2.0 module (worker/provider/oauth2.ts) against a scripted token
// endpoint: the consent URL and its PKCE challenge, the token answer → TokenSet, every failure →
// one OAuthError kind, and that a callback the provider refuses never spends the code.

import { describe, expect, it } from "vitest";
import { baseUrl, setting } from "../../worker/provider/env-vars.ts";
import { ProviderError } from "../../worker/provider/errors.ts";
import {
  authorizationUrl,
  classifyOAuthFailure,
  isLocalUrl,
  OAuth2Client,
  type OAuth2Config,
  type OAuth2Profile,
  OAuthError,
  type OAuthWords,
  oauthToProviderError,
} from "../../worker/provider/oauth2.ts";

const cfg: OAuth2Config = {
  clientId: "client-1",
  clientSecret: "s3cret",
  redirectUri: "https://worker.test/oauth/callback",
  scopes: "read write offline",
  authorizeUrl: "http://127.0.0.1:9/authorize?prompt=consent",
  tokenUrl: "http://127.0.0.1:9/token",
  revokeUrl: "http://127.0.0.1:9/revoke",
};

const words: OAuthWords = {
  short: "Acme",
  long: "Acme Books",
  possessive: "Acme's",
  varPrefix: "ACME",
  grantGone: "expired or revoked",
  noRefreshToken: "Acme sent no refresh token.",
};

const profile: OAuth2Profile = {
  issuer: "http://127.0.0.1:9",
  clientAuth: (_as, _client, _body, headers) => headers.set("authorization", "Basic test-auth"),
  defaultExpiresIn: 1800,
  scopeFallback: "granted-by-default",
  words,
};

// RFC 7636 Appendix B: this verifier's S256 challenge.
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const NOW = 1_700_000_000_000;

type Sent = { url: string; headers: Headers; body: URLSearchParams };

/** A token endpoint that answers every call with `answer` and records what was sent. */
function endpoint(answer: () => Response) {
  const sent: Sent[] = [];
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({
      url: String(input),
      headers: new Headers(init?.headers),
      body: new URLSearchParams(String(init?.body ?? "")),
    });
    return answer();
  };
  return { sent, fetchFn };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });

const client = new OAuth2Client(cfg, profile);
const callback = (q: string) => new URL(`https://worker.test/oauth/callback?${q}`);
const refreshFails = (answer: () => Response) =>
  client.refresh(endpoint(answer).fetchFn, "rt-1", NOW).then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as OAuthError,
  );

describe("authorizationUrl", () => {
  it("asks for a code with the client, redirect, scopes, state and the verifier's S256 challenge", async () => {
    const url = new URL(await authorizationUrl(cfg, "state-1", VERIFIER));
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:9/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      prompt: "consent",
      response_type: "code",
      client_id: "client-1",
      redirect_uri: "https://worker.test/oauth/callback",
      scope: "read write offline",
      state: "state-1",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
    });
  });
});

describe("OAuth2Client token answers", () => {
  it("exchanges the code with the verifier and the profile's client auth; defaults expiry and scope", async () => {
    const t = endpoint(json(200, { access_token: "at", refresh_token: "rt", token_type: "bearer" }));
    const got = await client.exchangeCode(
      t.fetchFn,
      callback("code=c1&state=s1&org=42"),
      "s1",
      VERIFIER,
      NOW,
      (p) => p.get("org"),
    );
    expect(got.extra).toBe("42");
    expect(got.tokens).toEqual({
      accessToken: "at",
      refreshToken: "rt",
      expiresAt: NOW + 1800_000,
      refreshIssuedAt: NOW,
      scope: "granted-by-default",
    });
    const [req] = t.sent;
    expect(req?.url).toBe(cfg.tokenUrl);
    expect(req?.headers.get("authorization")).toBe("Basic test-auth");
    expect(Object.fromEntries(req?.body ?? [])).toMatchObject({
      grant_type: "authorization_code",
      code: "c1",
      code_verifier: VERIFIER,
      redirect_uri: cfg.redirectUri,
    });
  });

  it("keeps the answer's own lifetime and scope, and takes the rotated refresh token", async () => {
    const t = endpoint(
      json(200, {
        access_token: "at2",
        refresh_token: "rt2",
        token_type: "bearer",
        expires_in: 60,
        scope: "read",
      }),
    );
    const tokens = await client.refresh(t.fetchFn, "rt-1", NOW);
    expect(tokens).toMatchObject({ refreshToken: "rt2", expiresAt: NOW + 60_000, scope: "read" });
    expect(Object.fromEntries(t.sent[0]?.body ?? [])).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: "rt-1",
    });
  });

  it("treats an answer without a refresh token as a configuration error in the provider's words", async () => {
    const e = await refreshFails(json(200, { access_token: "at", token_type: "bearer" }));
    expect(e).toBeInstanceOf(OAuthError);
    expect([e.kind, e.message]).toEqual(["config", "Acme sent no refresh token."]);
  });

  it("revokes RFC 7009 style: the token in a form body, with the client auth", async () => {
    const t = endpoint(() => new Response(null, { status: 200 }));
    await client.revoke(t.fetchFn, "rt-9");
    expect(t.sent[0]?.url).toBe(cfg.revokeUrl);
    expect(t.sent[0]?.headers.get("authorization")).toBe("Basic test-auth");
    expect(t.sent[0]?.body.get("token")).toBe("rt-9");
  });
});

describe("OAuth failures", () => {
  it("invalid_grant is permanent (→ auth_revoked at the seam)", async () => {
    const e = await refreshFails(json(400, { error: "invalid_grant" }));
    expect([e.kind, e.message]).toEqual([
      "invalid_grant",
      "Acme Books no longer accepts this authorisation (expired or revoked).",
    ]);
    expect(oauthToProviderError(e)).toMatchObject({ kind: "auth_revoked", message: e.message });
    expect(oauthToProviderError(e)).toBeInstanceOf(ProviderError);
  });

  it("a 5xx or 429 answer, an unreadable answer and no answer are transient", async () => {
    // oauth4webapi reads an error body on 4xx only: a 5xx is an answer it cannot read.
    expect(await refreshFails(json(429, { error: "slow_down" }))).toMatchObject({
      kind: "transient",
      message: "Acme's token service answered 429.",
    });
    expect(await refreshFails(json(503, { error: "temporarily_unavailable" }))).toMatchObject({
      kind: "transient",
      message: "Acme's token response could not be read (OAUTH_RESPONSE_IS_NOT_CONFORM).",
    });
    const unreadable = await refreshFails(() => new Response("<html>", { status: 200 }));
    expect(unreadable.kind).toBe("transient");
    expect(unreadable.message).toMatch(/^Acme's token response could not be read \(/);
    const down = await client
      .refresh(
        async () => {
          throw new TypeError("connection refused");
        },
        "rt-1",
        NOW,
      )
      .catch((e: OAuthError) => e);
    expect(down).toMatchObject({ kind: "transient", message: "Acme Books could not be reached." });
    expect(oauthToProviderError(down as OAuthError).kind).toBe("transient");
  });

  it("other refusals are configuration errors naming the variables", async () => {
    expect(await refreshFails(json(400, { error: "invalid_client" }))).toMatchObject({
      kind: "config",
      message: "Acme rejected the request (invalid_client). Check ACME_CLIENT_ID/SECRET.",
    });
    const challenged = await refreshFails(
      json(401, { error: "invalid_client" }, { "www-authenticate": 'Basic realm="x"' }),
    );
    expect(challenged).toMatchObject({
      kind: "config",
      message: "Acme rejected the client credentials (HTTP 401).",
    });
  });

  it("a consent the user declined is `denied`; another callback error is `config`; neither calls the token endpoint", async () => {
    const t = endpoint(json(500, {}));
    const run = (q: string) =>
      client
        .exchangeCode(t.fetchFn, callback(q), "s1", VERIFIER, NOW, () => null)
        .then(
          () => ({ kind: "succeeded", message: "expected a failure" }),
          (e: OAuthError) => e,
        );
    expect(await run("error=access_denied&state=s1")).toMatchObject({
      kind: "denied",
      message: "Access was not granted in Acme Books.",
    });
    expect(await run("error=server_error&state=s1")).toMatchObject({
      kind: "config",
      message: "Acme said: server_error.",
    });
    // A state that is not the one issued: oauth4webapi refuses it before any token call.
    expect(await run("code=c1&state=other")).toMatchObject({ kind: "transient" });
    expect(t.sent).toHaveLength(0);
  });

  it("a callback the provider's `read` refuses never spends the code", async () => {
    const t = endpoint(json(200, { access_token: "at", refresh_token: "rt", token_type: "bearer" }));
    const e = await client
      .exchangeCode(t.fetchFn, callback("code=c1&state=s1"), "s1", VERIFIER, NOW, () => {
        throw new OAuthError("config", "no company");
      })
      .catch((err: OAuthError) => err);
    expect(e).toMatchObject({ kind: "config", message: "no company" });
    expect(t.sent).toHaveLength(0);
  });

  it("an OAuthError passes through classification unchanged", () => {
    const e = new OAuthError("denied", "x");
    expect(classifyOAuthFailure(e, words)).toBe(e);
    expect(classifyOAuthFailure(new Error("?"), words)).toMatchObject({ kind: "transient" });
  });
});

describe("config helpers", () => {
  it("plain http only to this machine", () => {
    expect(isLocalUrl("http://127.0.0.1:8789/token")).toBe(true);
    expect(isLocalUrl("http://localhost/token")).toBe(true);
    expect(isLocalUrl("http://localhost.evil.test/token")).toBe(false);
    expect(isLocalUrl("http://example.test/token")).toBe(false);
  });

  it("a blank or unset variable takes its default; values are trimmed; base URLs lose trailing slashes", () => {
    expect(setting(undefined, "d")).toBe("d");
    expect(setting("  ", "d")).toBe("d");
    expect(setting(" v ", "d")).toBe("v");
    expect(baseUrl("https://api.test/v1//")).toBe("https://api.test/v1");
    expect(baseUrl("https://api.test")).toBe("https://api.test");
  });
});
