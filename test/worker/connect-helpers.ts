import { env, runInDurableObject, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { bearer, embedToken } from "./tokens.ts";

export const HOST = "https://host.test";
export const WORKER = "https://worker.test";

/** The tenantId of the seeded organisation with this name. */
export function orgId(emu: Emulator, name: string): string {
  for (const org of emu.state.orgs.values()) if (org.name === name) return org.tenantId;
  throw new Error(`no org named ${name}`);
}

/** GET /api/connection as `tenant`. */
export async function connectionStatus(tenant = "tenant-a"): Promise<Record<string, unknown>> {
  const res = await SELF.fetch(`${WORKER}/api/connection`, {
    headers: bearer(await embedToken({ tenant, role: "staff" })),
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** Admin clicks Connect: POST start, open the popup URL; returns Xero's authorize URL. */
export async function startConnect(tenant = "tenant-a"): Promise<string> {
  const start = await SELF.fetch(`${WORKER}/api/connection/start`, {
    method: "POST",
    headers: { ...bearer(await embedToken({ tenant })), Origin: HOST },
  });
  expect(start.status).toBe(200);
  const { url } = (await start.json()) as { url: string };
  // No embed token (a JWT: base64url JSON header "eyJ…" dot payload "eyJ…") in the popup URL; a
  // bare "eyJ" can occur by chance in the random ticket.
  expect(url).not.toMatch(/eyJ[\w-]*\.eyJ/);
  const popup = await SELF.fetch(url, { redirect: "manual" });
  expect(popup.status).toBe(302);
  return popup.headers.get("location") ?? "";
}

/**
 * The whole consent: start → emulator consent page (ticking `tenantIds`, signed in as `user`,
 * default the emulator's demo user) → worker callback.
 * The tenant's alarm is then cancelled so no background sync races the test: tests drive the
 * alarm and the sync explicitly.
 */
export async function connect(
  emu: Emulator,
  tenantIds: string[],
  tenant = "tenant-a",
  user?: string,
): Promise<Response> {
  const authorize = await startConnect(tenant);
  const callback = await emu.consent(authorize, { tenantIds, ...(user ? { user } : {}) });
  const res = await SELF.fetch(callback, { redirect: "manual" });
  await quiet(tenant);
  return res;
}

/** Cancels the tenant object's pending alarm. */
export async function quiet(tenant: string): Promise<void> {
  await runInDurableObject(tenantStub(env, tenant), (_o, state) => state.storage.deleteAlarm());
}

/** Picks `xeroTenantId` on the worker's organisation picker page. */
export async function pick(pickerHtml: string, xeroTenantId: string): Promise<Response> {
  const pickRef = /name="pick" value="([^"]+)"/.exec(pickerHtml)?.[1] ?? "";
  return SELF.fetch(`${WORKER}/oauth/xero/select`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ pick: pickRef, tenant: xeroTenantId }),
  });
}

/** The message the popup page posts to its opener, and the origin it targets. */
export function postedMessage(
  html: string,
): { message: { ok: boolean; error?: { code: string } }; origin: string } | null {
  const m = /var d=(\{.*?\});try/.exec(html);
  return m?.[1] ? JSON.parse(m[1].replace(/\\u003c/g, "<")) : null;
}
