import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { bearer, embedToken, unsignedToken } from "./tokens.ts";

async function status(token: string | null) {
  const res = await SELF.fetch("https://worker.test/api/connection", { headers: token ? bearer(token) : {} });
  const body = (await res.json()) as { error?: { code: string; details?: { reason?: string } } };
  return { status: res.status, code: body.error?.code, reason: body.error?.details?.reason };
}

const now = () => Math.floor(Date.now() / 1000);

describe("embed token verification", () => {
  it("accepts a valid token signed with the current secret", async () => {
    expect((await status(await embedToken())).status).toBe(200);
  });

  it("accepts a token signed with the previous secret during rotation (kid)", async () => {
    const t = await embedToken({}, { kid: "old", secret: "previous-embed-secret-9876543210" });
    expect((await status(t)).status).toBe(200);
  });

  it.each([
    ["missing", null, "missing"],
    ["alg none", unsignedToken(), "algorithm_not_allowed"],
    ["garbage", "not.a.jwt", "malformed"],
  ])("rejects %s", async (_name, token, reason) => {
    expect(await status(token)).toMatchObject({ status: 401, code: "unauthorized", reason });
  });

  it("rejects other algorithms (HS512 with the right secret)", async () => {
    expect(await status(await embedToken({}, { alg: "HS512" }))).toMatchObject({
      status: 401,
      reason: "algorithm_not_allowed",
    });
  });

  it("rejects a bad signature", async () => {
    expect(await status(await embedToken({}, { secret: "not-the-secret-at-all-0000000000" }))).toMatchObject({
      status: 401,
      reason: "bad_signature",
    });
  });

  it("rejects an unknown kid", async () => {
    expect(await status(await embedToken({}, { kid: "nope" }))).toMatchObject({
      status: 401,
      reason: "unknown_key",
    });
  });

  it.each([
    ["a number", 123],
    ["an array", ["main"]],
    ["an object", { id: "main" }],
    ["null", null],
    ["zero (falsy: must not fall back to the current key)", 0],
  ])("rejects a kid that is %s (401 malformed_kid, never a 500 or the default key)", async (_n, kid) => {
    expect(await status(await embedToken({}, { kid }))).toMatchObject({
      status: 401,
      code: "unauthorized",
      reason: "malformed_kid",
    });
  });

  it("rejects an expired token with token_expired (the widget asks the host for a new one)", async () => {
    const t = await embedToken({}, { iat: now() - 4000, exp: now() - 600 });
    expect(await status(t)).toMatchObject({ status: 401, code: "token_expired", reason: "expired" });
  });

  it("rejects a token not valid yet (nbf or iat in the future)", async () => {
    expect(await status(await embedToken({ nbf: now() + 600 }))).toMatchObject({
      status: 401,
      reason: "not_yet_valid",
    });
    const future = await embedToken({}, { iat: now() + 600, exp: now() + 1200 });
    expect(await status(future)).toMatchObject({ status: 401, reason: "not_yet_valid" });
  });

  it("rejects the wrong audience", async () => {
    expect(await status(await embedToken({ aud: "something-else" }))).toMatchObject({
      status: 401,
      reason: "wrong_audience",
    });
  });

  it.each(["tenant", "sub", "role", "exp", "iat"])("rejects a token missing %s", async (claim) => {
    const r = await status(await embedToken({}, { omit: [claim] }));
    expect(r.status).toBe(401);
    expect(r.reason).toBe("invalid_claims");
  });

  it("rejects an unknown role", async () => {
    expect(await status(await embedToken({ role: "superuser" }))).toMatchObject({
      status: 401,
      reason: "invalid_claims",
    });
  });

  it("rejects a lifetime over one hour", async () => {
    const t = await embedToken({}, { iat: now(), exp: now() + 3601 + 60 });
    expect(await status(t)).toMatchObject({ status: 401, reason: "lifetime_too_long" });
  });

  it("staff tokens cannot start or end a connection", async () => {
    const staff = await embedToken({ role: "staff" });
    const start = await SELF.fetch("https://worker.test/api/connection/start", {
      method: "POST",
      headers: { ...bearer(staff), Origin: "https://host.test" },
    });
    expect(start.status).toBe(403);
    const del = await SELF.fetch("https://worker.test/api/connection", {
      method: "DELETE",
      headers: bearer(staff),
    });
    expect(del.status).toBe(403);
    expect(await del.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});

describe("CORS", () => {
  it("answers preflight only for allowed origins", async () => {
    const init = (origin: string) => ({
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
    const good = await SELF.fetch("https://worker.test/api/connection", init("https://host.test"));
    expect(good.headers.get("access-control-allow-origin")).toBe("https://host.test");
    const bad = await SELF.fetch("https://worker.test/api/connection", init("https://evil.test"));
    expect(bad.headers.get("access-control-allow-origin")).toBeNull();
  });
});
