// The QuickBooks Online stack the workerd tests share: the worker with the QBO_* variables, a
// fresh demo QBO emulator per test (conformance-checked, webhooks delivered into the worker on
// flush), and the steps a test takes: connect through Intuit's consent, sync, read as staff, the feed.

import {
  createExecutionContext,
  env,
  runInDurableObject,
  SELF,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import worker from "../../worker/index.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { withQboConformance } from "../qbo-emulator/conformance/checks.ts";
import { createQboEmulator, DEMO_REALM_ID, type QboEmulator } from "../qbo-emulator/index.ts";
import { HOST, WORKER } from "./connect-helpers.ts";
import { systemClock } from "./emulator-harness.ts";
import { routeOutbound } from "./outbound.ts";
import { bearer, embedToken } from "./tokens.ts";

export const QBO = "https://qbo-emulator.test";
export const VERIFIER = "test-qbo-verifier";
const QBO_VARS = {
  QBO_CLIENT_ID: "demo-qbo-client-id",
  QBO_CLIENT_SECRET: "demo-qbo-client-secret",
  QBO_REDIRECT_URI: `${WORKER}/oauth/quickbooks/callback`,
  QBO_AUTHORIZE_URL: `${QBO}/connect/oauth2`,
  QBO_TOKEN_URL: `${QBO}/oauth2/v1/tokens/bearer`,
  QBO_REVOKE_URL: `${QBO}/v2/oauth2/tokens/revoke`,
  QBO_API_URL: QBO,
  QBO_WEBHOOK_VERIFIER: VERIFIER,
};
export const SERVER = bearer("test-server-api-key");
const bindings = env as unknown as Record<string, string | undefined>;

/** This test's emulator, its conformance-checked fetch and tenant (set before each test). */
export let emu: QboEmulator;
export let checked: ReturnType<typeof withQboConformance>;
export let T: string;

/**
 * Registers the stack's hooks. The worker's bindings come from TEST_BINDINGS (no QuickBooks there,
 * so other tests keep their provider lists); the QBO_* variables are added for this file's tests.
 */
export function useQboStack(): void {
  beforeAll(() => Object.assign(bindings, QBO_VARS));
  afterAll(() => {
    for (const k of Object.keys(QBO_VARS)) delete bindings[k];
  });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    T = `tenant-${crypto.randomUUID()}`;
    emu = createQboEmulator({
      seed: "demo",
      clock: systemClock,
      webhook: {
        auto: false,
        verifier: VERIFIER,
        url: `${WORKER}/webhooks/quickbooks`,
        format: "cloudevents",
        deliver: settled,
      },
    });
    checked = withQboConformance(emu.fetch);
    // Date is frozen in these tests, so every call falls in one emulator second (10 a second is the limit).
    emu.limiter.config.perSecondPerRealmApp = 1000;
    routeOutbound((req) => (new URL(req.url).origin === QBO ? checked.fetch(req) : undefined));
  });
  afterEach(() => {
    vi.useRealTimers();
    expect(checked.violations).toEqual([]);
  });
}

/** Hands a request to the worker and waits for what it deferred (waitUntil). */
export async function settled(req: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export async function control(path: string, body?: unknown) {
  const res = await emu.fetch(`${QBO}/_control${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json() as Promise<any>;
}

/** The admin connects: start (provider quickbooks) → popup → Intuit's consent → callback. */
export async function connect(tenant = T): Promise<Response> {
  const start = await SELF.fetch(`${WORKER}/api/connection/start`, {
    method: "POST",
    headers: { ...bearer(await embedToken({ tenant })), Origin: HOST, "content-type": "application/json" },
    body: JSON.stringify({ provider: "quickbooks" }),
  });
  const started = (await start.json()) as { url: string };
  expect(start.status, JSON.stringify(started)).toBe(200);
  const { url } = started;
  expect(new URL(url).pathname).toBe("/oauth/quickbooks/start");
  const popup = await SELF.fetch(url, { redirect: "manual" });
  expect(popup.status).toBe(302);
  const authorize = popup.headers.get("location") ?? "";
  expect(authorize.startsWith(`${QBO}/connect/oauth2?`)).toBe(true);
  expect(new URL(authorize).searchParams.get("code_challenge_method")).toBe("S256");
  const page = await emu.fetch(authorize);
  const request = /name="request" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
  const back = await emu.fetch(`${QBO}/connect/oauth2/consent`, {
    method: "POST",
    body: new URLSearchParams({ request, realmId: DEMO_REALM_ID, action: "allow" }),
    redirect: "manual",
  });
  const callback = back.headers.get("location") ?? "";
  expect(callback.startsWith(`${WORKER}/oauth/quickbooks/callback?`)).toBe(true);
  const res = await SELF.fetch(callback, { redirect: "manual" });
  await runInDurableObject(tenantStub(env, tenant), (_o, state) => state.storage.deleteAlarm());
  return res;
}

export async function sync(tenant = T) {
  for (let i = 0; i < 5; i++) if ((await tenantStub(env, tenant).syncNow(tenant, 1000)).ok) return;
  throw new Error("sync did not finish");
}

export async function staff(path: string) {
  const res = await SELF.fetch(`${WORKER}${path}`, {
    headers: bearer(await embedToken({ tenant: T, role: "staff" })),
  });
  return { status: res.status, body: (await res.json()) as any };
}

export const feed = async () =>
  (
    (await (await SELF.fetch(`${WORKER}/v1/tenants/${T}/events`, { headers: SERVER })).json()) as {
      events: { type: string; job: string }[];
    }
  ).events;
