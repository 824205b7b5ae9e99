// The QuickBooks client layer against the QBO emulator in-process: config, OAuth (state, PKCE,
// realmId, rotation, revoke) and the API client's mapping of Intuit's answers to ProviderErrors.

import { describe, expect, it } from "vitest";
import { ProviderError } from "../../../worker/provider/errors.ts";
import { MINOR_VERSION, qboCall, qboQuery } from "../../../worker/quickbooks/api.ts";
import { DEFAULT_QBO_SCOPES, qboConfig } from "../../../worker/quickbooks/config.ts";
import { readFault } from "../../../worker/quickbooks/fault.ts";
import { exchangeCode, QboAuthError, refreshTokens, revokeToken } from "../../../worker/quickbooks/oauth.ts";
import { DEMO_REALM_ID } from "../../qbo-emulator/index.ts";
import { cfg, connected } from "./helpers.ts";

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as ProviderError,
  );

describe("qboConfig", () => {
  it("reads the QBO_* variables, defaults the scope and Intuit's hosts, trims the API base", () => {
    const c = qboConfig({ QBO_CLIENT_ID: "id", QBO_API_URL: "http://127.0.0.1:8790/" });
    expect(c.scopes).toBe(DEFAULT_QBO_SCOPES);
    expect(c.apiUrl).toBe("http://127.0.0.1:8790");
    expect(c.tokenUrl).toBe("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer");
    expect(qboConfig({ QBO_SCOPES: "a b" }).scopes).toBe("a b");
  });
});

describe("QuickBooks OAuth", () => {
  it("connects with state + PKCE and takes the realmId from the callback", async () => {
    const q = await connected();
    expect(q.realmId).toBe(DEMO_REALM_ID);
    expect(q.tokens().scope).toBe(DEFAULT_QBO_SCOPES);
    expect(q.tokens().expiresAt - q.emu.clock.now()).toBe(3600_000);
  });

  it("refuses a callback whose state does not match, and a wrong PKCE verifier", async () => {
    const q = await connected();
    const url = new URL("https://worker.test/oauth/quickbooks/callback?code=x&state=other&realmId=1");
    await expect(exchangeCode(cfg, q.fetchFn, url, "st-1", "v".repeat(43), 0)).rejects.toBeInstanceOf(
      QboAuthError,
    );
  });

  it("rotates on refresh; an old refresh token still works 24 h, revoke ends the grant (invalid_grant → auth_revoked kind)", async () => {
    const q = await connected();
    const first = q.tokens();
    const next = await refreshTokens(cfg, q.fetchFn, first.refreshToken, 0);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    await revokeToken(cfg, q.fetchFn, next.refreshToken);
    const err = await refreshTokens(cfg, q.fetchFn, next.refreshToken, 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QboAuthError);
    expect((err as QboAuthError).kind).toBe("invalid_grant");
  });
});

describe("qboCall", () => {
  it("sends Accept: application/json and minorversion=75 on every call, counts reads", async () => {
    const q = await connected();
    const body = await qboQuery<{ QueryResponse: { Customer: unknown[] } }>(
      q.deps,
      "SELECT * FROM Customer MAXRESULTS 5",
    );
    expect(body.QueryResponse.Customer).toHaveLength(5);
    const counters = await q.control("/counters");
    const versions = Object.values(counters.minorVersions as Record<string, Record<string, number>>);
    expect(versions.flatMap((v) => Object.keys(v))).toEqual([MINOR_VERSION]);
    expect(q.log.reads).toBe(1);
    expect(q.violations).toEqual([]);
  });

  it("an expired access token (lowercase 3200 fault) is refreshed once and the call retried", async () => {
    const q = await connected();
    await q.control("/clock", { advanceMs: 3601_000 });
    const body = await qboCall<{ CompanyInfo: { CompanyName: string } }>(q.deps, {
      path: `/companyinfo/${q.realmId}`,
    });
    expect(body.CompanyInfo.CompanyName).toBe("Demo Quarry Ltd");
    expect(q.log.renewed).toBe(1);
  });

  it("a token refused again after the refresh → auth_revoked (creds.revoked)", async () => {
    const q = await connected();
    q.deps.creds.renew = async () => "not-a-token";
    q.setTokens({ ...q.tokens(), accessToken: "stale" });
    const err = await failure(qboQuery(q.deps, "SELECT * FROM Customer"));
    expect(err.kind).toBe("auth_revoked");
    expect(q.log.revoked).toBe(1);
  });

  it("403 3100 (another company's realm) → auth_scope, no refresh", async () => {
    const q = await connected();
    q.deps.creds.token = async () => ({ token: q.tokens().accessToken, realmId: "9341453172640999" });
    const err = await failure(qboQuery(q.deps, "SELECT * FROM Customer"));
    expect(err.kind).toBe("auth_scope");
    expect(q.log).toMatchObject({ refused: 1, renewed: 0 });
  });

  it("403 'App is Offline' (the monthly read cap) → rate_limited for an hour, the connection is not refused", async () => {
    const q = await connected();
    await q.control("/limits", { meteredMonthlyCap: 1 });
    await qboQuery(q.deps, "SELECT * FROM Customer MAXRESULTS 1");
    const err = await failure(qboQuery(q.deps, "SELECT * FROM Customer MAXRESULTS 1"));
    expect(err).toMatchObject({ kind: "rate_limited", limit: "month", retryAfterMs: 3600_000 });
    expect(q.log.refused).toBe(0);
  });

  it("429 → rate_limited 60 s, not retried", async () => {
    const q = await connected();
    await q.control("/faults", { pathPrefix: "/v3/company", kind: "rate_limit" });
    const err = await failure(qboQuery(q.deps, "SELECT * FROM Customer"));
    expect(err).toMatchObject({ kind: "rate_limited", retryAfterMs: 60_000 });
    expect(q.log.slept).toEqual([]);
  });

  it("5xx is retried for reads, then transient", async () => {
    const q = await connected();
    await q.control("/faults", { pathPrefix: "/v3/company", kind: "status", status: 503, count: 3 });
    const err = await failure(qboQuery(q.deps, "SELECT * FROM Customer"));
    expect(err.kind).toBe("transient");
    expect(q.log.slept).toEqual([250, 1000]);
  });

  it("a write without requestid is not retried after a 5xx", async () => {
    const q = await connected();
    await q.control("/faults", { pathPrefix: "/v3/company", kind: "status", status: 500 });
    const err = await failure(qboCall(q.deps, { method: "POST", path: "/payment", body: {} }));
    expect(err.kind).toBe("transient");
    expect(q.log.slept).toEqual([]);
  });

  it("a query syntax error (4000) → validation with Intuit's message", async () => {
    const q = await connected();
    const err = await failure(qboQuery(q.deps, "SELEKT nothing"));
    expect(err.kind).toBe("validation");
    expect(err.messages.length).toBeGreaterThan(0);
  });

  it("an unknown id (610 on a read) → not_found", async () => {
    const q = await connected();
    const err = await failure(qboCall(q.deps, { path: "/invoice/999999" }));
    expect(err.kind).toBe("not_found");
  });

  it("a timeout or dropped answer is transient", async () => {
    const q = await connected();
    q.deps.timeoutMs = 20;
    await q.control("/faults", { pathPrefix: "/v3/company", kind: "slow", delayMs: 200, count: 3 });
    const err = await failure(qboQuery(q.deps, "SELECT * FROM Customer"));
    expect(err.kind).toBe("transient");
  });
});

describe("readFault", () => {
  it("reads both shapes and the code from errorCode= in a lowercase message", () => {
    expect(
      readFault({
        fault: {
          error: [{ message: "message=AuthenticationFailed; errorCode=003200; statusCode=401" }],
          type: "AUTHENTICATION",
        },
      })?.errors[0]?.code,
    ).toBe("3200");
    expect(
      readFault({ Fault: { Error: [{ Message: "m", Detail: "d", code: "6000" }], type: "ValidationFault" } }),
    ).toEqual({
      type: "ValidationFault",
      errors: [{ code: "6000", message: "m", detail: "d" }],
    });
    expect(readFault({ QueryResponse: {} })).toBeNull();
  });
});
