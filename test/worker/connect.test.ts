import { env, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { configuredProviders } from "../../worker/provider/registry.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  connect,
  connectionStatus,
  HOST,
  orgId,
  pick,
  postedMessage,
  quiet,
  startConnect,
  WORKER,
} from "./connect-helpers.ts";
import { count, useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

let emu: Emulator;
/** Each test gets its own AGG SMART tenant: Durable Object storage persists across tests in a file. */
let T: string;
let DEMO: string;
let NORTHERN: string;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
  DEMO = orgId(emu, "Demo Aggregates Ltd");
  NORTHERN = orgId(emu, "Northern Haulage Ltd");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const liveConnections = () => [...emu.state.identity.connections.values()].filter((c) => !c.deletedAt);

describe("connect", () => {
  it("one organisation: callback connects and tells only the allowed opener origin", async () => {
    const res = await connect(emu, [DEMO], T);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(res.headers.get("content-security-policy")).toContain("script-src 'nonce-");
    expect(postedMessage(html)).toMatchObject({ origin: HOST, message: { ok: true } });
    expect(await connectionStatus(T)).toMatchObject({
      status: "connected",
      organisation: { name: "Demo Aggregates Ltd", currency: "GBP" },
    });
  });

  it("two organisations: the picker connects the chosen one and removes the other at Xero", async () => {
    const res = await connect(emu, [DEMO, NORTHERN], T);
    const html = await res.text();
    expect(html).toContain("Demo Aggregates Ltd");
    expect(html).toContain("Northern Haulage Ltd");
    expect(await connectionStatus(T)).toMatchObject({ status: "not_connected" });
    const chosen = await pick(html, DEMO);
    await quiet(T);
    expect(postedMessage(await chosen.text())?.message.ok).toBe(true);
    expect(await connectionStatus(T)).toMatchObject({
      status: "connected",
      organisation: { name: "Demo Aggregates Ltd" },
    });
    expect(liveConnections().map((c) => c.tenantId)).toEqual([DEMO]);
  });

  it("denied consent: a readable page, an error to the opener, nothing stored", async () => {
    const authorize = await startConnect(T);
    const callback = await emu.consent(authorize, { action: "deny" });
    const res = await SELF.fetch(callback);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Xero was not connected");
    expect(postedMessage(html)).toMatchObject({
      origin: HOST,
      message: { ok: false, error: { code: "access_denied" } },
    });
    expect(await connectionStatus(T)).toEqual({ status: "not_connected", providers: ["xero", "sage50"] });
  });

  it("a replayed or foreign state is rejected", async () => {
    const authorize = await startConnect(T);
    const callback = await emu.consent(authorize, { tenantIds: [DEMO] });
    expect((await SELF.fetch(callback)).status).toBe(200);
    const replay = await SELF.fetch(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("expired or was already used");

    // Same nonce pointed at another tenant's object: that object has no such state.
    const url = new URL(callback);
    const [nonce] = (url.searchParams.get("state") ?? "").split(".");
    url.searchParams.set("state", `${nonce}.${btoa("tenant-b").replace(/=+$/, "")}`);
    expect((await SELF.fetch(url)).status).toBe(400);
    expect(await connectionStatus("tenant-b")).toEqual({
      status: "not_connected",
      providers: ["xero", "sage50"],
    });
  });

  it("a start ticket works once, and a disallowed page origin cannot start", async () => {
    const start = await SELF.fetch(`${WORKER}/api/connection/start`, {
      method: "POST",
      headers: { ...bearer(await embedToken({ tenant: T })), Origin: HOST },
    });
    const { url } = (await start.json()) as { url: string };
    expect((await SELF.fetch(url, { redirect: "manual" })).status).toBe(302);
    expect((await SELF.fetch(url, { redirect: "manual" })).status).toBe(400);
    const evil = await SELF.fetch(`${WORKER}/api/connection/start`, {
      method: "POST",
      headers: { ...bearer(await embedToken({ tenant: T })), Origin: "https://evil.test" },
    });
    expect(evil.status).toBe(403);
  });

  it("the status names the provider and the systems this worker can connect", async () => {
    expect(await connectionStatus(T)).toEqual({ status: "not_connected", providers: ["xero", "sage50"] });
    await connect(emu, [DEMO], T);
    expect(await connectionStatus(T)).toMatchObject({
      status: "connected",
      provider: "xero",
      providers: ["xero", "sage50"],
    });
  });

  it("start takes an optional {provider}; unknown or unconfigured ones are a clear 400", async () => {
    const start = async (body?: string) =>
      SELF.fetch(`${WORKER}/api/connection/start`, {
        method: "POST",
        headers: {
          ...bearer(await embedToken({ tenant: T })),
          Origin: HOST,
          "Content-Type": "application/json",
        },
        body,
      });
    const xero = await start(JSON.stringify({ provider: "xero" }));
    expect(xero.status).toBe(200);
    expect(new URL(((await xero.json()) as { url: string }).url).pathname).toBe("/oauth/xero/start");
    const qbo = await start(JSON.stringify({ provider: "quickbooks" }));
    expect(qbo.status).toBe(400);
    expect(await qbo.json()).toMatchObject({
      error: { message: "QuickBooks Online is not set up on this server (it can connect: Xero, Sage 50)." },
    });
    const bogus = await start(JSON.stringify({ provider: "myob" }));
    expect(bogus.status).toBe(400);
    expect(await bogus.json()).toMatchObject({
      error: { code: "validation_failed", message: "provider must be one of xero, quickbooks, sage50." },
    });
    expect((await start("{not json")).status).toBe(400);
  });

  it("configuredProviders: a provider whose client id is unset is not offered; Sage 50 needs none", () => {
    expect(configuredProviders({ XERO_CLIENT_ID: "x" })).toEqual(["xero", "sage50"]);
    expect(configuredProviders({ XERO_CLIENT_ID: "x", QBO_CLIENT_ID: "q" })).toEqual([
      "xero",
      "quickbooks",
      "sage50",
    ]);
    expect(configuredProviders({ QBO_CLIENT_ID: "q" })).toEqual(["quickbooks", "sage50"]);
    expect(configuredProviders({ XERO_CLIENT_ID: "" })).toEqual(["sage50"]);
  });

  it("tenant A's connection is invisible to tenant B", async () => {
    await connect(emu, [DEMO], T);
    expect(await connectionStatus(T)).toMatchObject({ status: "connected" });
    expect(await connectionStatus("tenant-b")).toEqual({
      status: "not_connected",
      providers: ["xero", "sage50"],
    });
  });

  it("tokens are never stored in plain text (KV and Durable Object storage bytes)", async () => {
    await connect(emu, [DEMO], T);
    const secrets = [...emu.state.identity.refreshTokens.keys(), ...emu.state.identity.accessTokens.keys()];
    expect(secrets.length).toBeGreaterThan(0);
    const kv = await env.KV.list();
    const kvBytes = (await Promise.all(kv.keys.map((k) => env.KV.get(k.name)))).join("\n");
    const doBytes = await runInDurableObject(tenantStub(env, T), async (_o, state) =>
      JSON.stringify([...(await state.storage.list()).entries()]),
    );
    expect(doBytes).toContain('"kid":"k1"');
    for (const s of secrets) {
      expect(kvBytes).not.toContain(s);
      expect(doBytes).not.toContain(s);
    }
  });
});

describe("keeping the connection alive", () => {
  const stub = () => tenantStub(env, T);

  it("50 concurrent requests needing a fresh token cause exactly one refresh", async () => {
    await connect(emu, [DEMO], T);
    vi.setSystemTime(Date.now() + 29 * 60_000);
    const before = count(emu, "POST /connect/token");
    const results = await Promise.all(Array.from({ length: 50 }, () => stub().accessToken(T)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(count(emu, "POST /connect/token") - before).toBe(1);
    expect((await stub().verifyConnection(T)).ok).toBe(true);
  });

  it("a lost refresh response is recovered inside Xero's grace window", async () => {
    await connect(emu, [DEMO], T);
    vi.setSystemTime(Date.now() + 29 * 60_000);
    await emu.fetch("https://xero-emulator.test/_control/faults", {
      method: "POST",
      body: JSON.stringify({ method: "POST", pathPrefix: "/connect/token", kind: "drop_response", count: 1 }),
      headers: { "Content-Type": "application/json" },
    });
    const r = await stub().accessToken(T);
    expect(r.ok).toBe(true);
    expect(await connectionStatus(T)).toMatchObject({ status: "connected" });
    expect((await stub().verifyConnection(T)).ok).toBe(true);
  });

  it("revoked at Xero → needs_reconnect on next use, no retry storm, and reconnect works", async () => {
    await connect(emu, [DEMO], T);
    const conn = liveConnections()[0];
    await emu.fetch(`https://xero-emulator.test/_control/connections/${conn?.id}/disconnect`, {
      method: "POST",
    });
    const r = await stub().verifyConnection(T);
    expect(r.ok).toBe(false);
    const status = await connectionStatus(T);
    expect(status).toMatchObject({
      status: "needs_reconnect",
      organisation: { name: "Demo Aggregates Ltd" },
    });
    const calls = count(emu, "POST /connect/token") + count(emu, "GET /connections");
    await Promise.all(Array.from({ length: 10 }, () => stub().accessToken(T)));
    expect(count(emu, "POST /connect/token") + count(emu, "GET /connections")).toBe(calls);

    await connect(emu, [DEMO], T);
    expect(await connectionStatus(T)).toMatchObject({ status: "connected" });
    expect((await stub().verifyConnection(T)).ok).toBe(true);
  });

  it("59 idle days with the daily keep-alive → still connected", { timeout: 90_000 }, async () => {
    await connect(emu, [DEMO], T);
    for (let day = 1; day <= 59; day++) {
      vi.setSystemTime(Date.now() + 24 * 3600_000);
      await runInDurableObject(stub(), (o) => o.alarm());
    }
    expect(await connectionStatus(T)).toMatchObject({ status: "connected" });
    expect((await stub().verifyConnection(T)).ok).toBe(true);
  });

  it("61 idle days without keep-alive → needs_reconnect", async () => {
    await connect(emu, [DEMO], T);
    vi.setSystemTime(Date.now() + 61 * 24 * 3600_000);
    expect((await stub().accessToken(T)).ok).toBe(false);
    expect(await connectionStatus(T)).toMatchObject({ status: "needs_reconnect" });
  });
});

describe("disconnect", () => {
  it("removes the connection at Xero, revokes the token, deletes stored data; idempotent", async () => {
    await connect(emu, [DEMO], T);
    await env.KV.put(`t:${T}:probe`, "x");
    await env.KV.put("t:tenant-b:probe", "y");
    const admin = bearer(await embedToken({ tenant: T }));
    const res = await SELF.fetch(`${WORKER}/api/connection`, { method: "DELETE", headers: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "not_connected", providers: ["xero", "sage50"] });
    expect(liveConnections()).toEqual([]);
    expect([...emu.state.identity.grants.values()].every((g) => g.revoked)).toBe(true);
    expect(await env.KV.get(`t:${T}:probe`)).toBeNull();
    expect(await env.KV.get("t:tenant-b:probe")).toBe("y");
    const again = await SELF.fetch(`${WORKER}/api/connection`, { method: "DELETE", headers: admin });
    expect(again.status).toBe(200);
  });
});
