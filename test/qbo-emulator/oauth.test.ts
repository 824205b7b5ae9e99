// OAuth with realmId: consent + company picker, code exchange, rotation with the 24-hour overlap,
// revocation, PKCE accept-and-verify.

import { describe, expect, it } from "vitest";
import { createQboEmulator, DEMO_REALM_ID, PEAK_REALM_ID } from "./index.ts";
import { s256 } from "./oauth/grants.ts";
import { connect, consent, qboHarness, REDIRECT, tokenRequest } from "./testing.ts";

const HOUR = 3600_000;

describe("authorize and consent", () => {
  it("shows a company picker and redirects with code, state and realmId", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const page = await emu.fetch(
      `https://appcenter.intuit.com/connect/oauth2?client_id=demo-qbo-client-id&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=${encodeURIComponent(REDIRECT)}&state=abc`,
    );
    const html = await page.text();
    expect(html).toContain("Demo Quarry Ltd");
    expect(html).toContain("Peak Haulage Ltd");
    const back = await consent(emu.fetch, { realmId: PEAK_REALM_ID, state: "xyz" });
    expect(back.get("state")).toBe("xyz");
    expect(back.get("realmId")).toBe(PEAK_REALM_ID);
    expect(back.get("code")).toBeTruthy();
  });

  it("never redirects to an unregistered redirect_uri; bad scope and Cancel go back with an error", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const bad = await emu.fetch(
      "https://appcenter.intuit.com/connect/oauth2?client_id=demo-qbo-client-id&response_type=code&scope=com.intuit.quickbooks.accounting&redirect_uri=https://evil.test/cb",
    );
    expect(bad.status).toBe(400);
    const scope = await emu.fetch(
      `https://appcenter.intuit.com/connect/oauth2?client_id=demo-qbo-client-id&response_type=code&scope=accounting.read&redirect_uri=${encodeURIComponent(REDIRECT)}&state=s`,
      { redirect: "manual" },
    );
    expect(new URL(scope.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_scope");
    const denied = await consent(emu.fetch, { action: "deny", state: "s2" });
    expect(denied.get("error")).toBe("access_denied");
    expect(denied.get("state")).toBe("s2");
  });
});

describe("token endpoint", () => {
  it("exchanges a code once: Intuit's token shape, then invalid_grant on reuse", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const code = (await consent(emu.fetch)).get("code") ?? "";
    const first = await tokenRequest(emu.fetch, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
    });
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "access_token",
      "expires_in",
      "refresh_token",
      "token_type",
      "x_refresh_token_expires_in",
    ]);
    expect(body).toMatchObject({
      token_type: "bearer",
      expires_in: 3600,
      x_refresh_token_expires_in: 8726400,
    });
    const again = await tokenRequest(emu.fetch, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "invalid_grant" });
  });

  it("refuses a redirect_uri mismatch, wrong client credentials and unknown grant types", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const code = (await consent(emu.fetch)).get("code") ?? "";
    const mismatch = await tokenRequest(emu.fetch, {
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://localhost:8787/oauth/quickbooks/callback",
    });
    expect(await mismatch.json()).toEqual({ error: "invalid_grant" });
    const wrong = await tokenRequest(
      emu.fetch,
      { grant_type: "refresh_token", refresh_token: "x" },
      { authorization: `Basic ${btoa("demo-qbo-client-id:nope")}` },
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "invalid_client" });
    const odd = await tokenRequest(emu.fetch, { grant_type: "password" });
    expect(await odd.json()).toEqual({ error: "unsupported_grant_type" });
  });

  it("rotates refresh tokens: the previous one keeps working for 24 hours, then invalid_grant", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const t0 = await connect(emu.fetch);
    const r1 = (await (
      await tokenRequest(emu.fetch, { grant_type: "refresh_token", refresh_token: t0.refresh_token })
    ).json()) as { refresh_token: string; access_token: string };
    expect(r1.refresh_token).not.toBe(t0.refresh_token);
    emu.clock.advance(23 * HOUR);
    const overlap = await tokenRequest(emu.fetch, {
      grant_type: "refresh_token",
      refresh_token: t0.refresh_token,
    });
    expect(overlap.status).toBe(200);
    // The overlap for t0 started when r1 was issued, 23 h ago; two more hours and it is over.
    emu.clock.advance(2 * HOUR);
    const late = await tokenRequest(emu.fetch, {
      grant_type: "refresh_token",
      refresh_token: t0.refresh_token,
    });
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({ error: "invalid_grant" });
    // The newest token (issued by the overlap use) still works.
    const newest = ((await overlap.json()) as { refresh_token: string }).refresh_token;
    expect(
      (await tokenRequest(emu.fetch, { grant_type: "refresh_token", refresh_token: newest })).status,
    ).toBe(200);
  });

  it("a refresh whose answer was lost is recovered by refreshing again with the same token (the overlap)", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const t0 = await connect(emu.fetch);
    await emu.fetch("http://x/_control/faults", {
      method: "POST",
      body: JSON.stringify({ pathPrefix: "/oauth2/v1/tokens/bearer", kind: "drop_response" }),
    });
    await expect(
      tokenRequest(emu.fetch, { grant_type: "refresh_token", refresh_token: t0.refresh_token }),
    ).rejects.toThrow(TypeError);
    const again = await tokenRequest(emu.fetch, {
      grant_type: "refresh_token",
      refresh_token: t0.refresh_token,
    });
    expect(again.status).toBe(200);
  });

  it("expires access tokens after an hour (401 3200) and refresh tokens after ~101 days", async () => {
    const h = await qboHarness();
    expect((await h.api("/preferences")).status).toBe(200);
    h.emu.clock.advance(HOUR);
    const expired = await h.api("/preferences");
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { fault: { error: { code: string }[] } }).fault.error[0]?.code).toBe(
      "3200",
    );
    h.emu.clock.advance(8_726_400_000);
    const dead = await tokenRequest(h.emu.fetch, {
      grant_type: "refresh_token",
      refresh_token: h.tokens.refresh_token,
    });
    expect(await dead.json()).toEqual({ error: "invalid_grant" });
  });

  it("adds x_refresh_token_hard_expires_in when asked by header", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const t = await connect(emu.fetch);
    const res = await tokenRequest(
      emu.fetch,
      { grant_type: "refresh_token", refresh_token: t.refresh_token },
      { "x-include-refresh-token-hard-expires-in": "true" },
    );
    const body = (await res.json()) as { x_refresh_token_hard_expires_in: number };
    expect(body.x_refresh_token_hard_expires_in).toBe(5 * 365 * 24 * 3600);
  });

  it("verifies a PKCE challenge when one was sent", async () => {
    const emu = createQboEmulator({ seed: "demo" });
    const verifier = "v".repeat(50);
    const code = (await consent(emu.fetch, { codeChallenge: await s256(verifier) })).get("code") ?? "";
    const bad = await tokenRequest(emu.fetch, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: "w".repeat(50),
    });
    expect(bad.status).toBe(400);
    const code2 = (await consent(emu.fetch, { codeChallenge: await s256(verifier) })).get("code") ?? "";
    const ok = await tokenRequest(emu.fetch, {
      grant_type: "authorization_code",
      code: code2,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
  });
});

describe("revocation", () => {
  it("revokes by JSON {token}: API calls answer 401 3200, refresh answers invalid_grant", async () => {
    const h = await qboHarness();
    const res = await h.emu.fetch("https://developer.api.intuit.com/v2/oauth2/tokens/revoke", {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa("demo-qbo-client-id:demo-qbo-client-secret")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ token: h.tokens.refresh_token }),
    });
    expect(res.status).toBe(200);
    expect((await h.api("/preferences")).status).toBe(401);
    const r = await tokenRequest(h.emu.fetch, {
      grant_type: "refresh_token",
      refresh_token: h.tokens.refresh_token,
    });
    expect(await r.json()).toEqual({ error: "invalid_grant" });
    expect(h.violations).toEqual([]);
  });

  it("a token for one company gets 403 3100 on another", async () => {
    const h = await qboHarness();
    const res = await h.api("/preferences", { realmId: PEAK_REALM_ID });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { Fault: { Error: { code: string }[]; type: string } };
    expect(body.Fault.Error[0]?.code).toBe("3100");
    expect(h.tokens.realmId).toBe(DEMO_REALM_ID);
    expect(h.violations).toEqual([]);
  });
});
