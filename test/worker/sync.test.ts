import { env, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  contactBalance,
  DEMO_CONTACTS,
  DEMO_INVOICES,
  DEMO_TENANT_ID,
  LARGE_TENANT_ID,
  payInvoice,
  seed,
} from "../emulator/seed/index.ts";
import { connect, WORKER } from "./connect-helpers.ts";
import { count, useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

let emu: Emulator;
let T: string;
const CONTACTS = "GET /api.xro/2.0/Contacts";
const INVOICES = "GET /api.xro/2.0/Invoices";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const stub = () => tenantStub(env, T);
async function syncToEnd(maxRuns = 50) {
  for (let i = 0; i < maxRuns; i++) {
    const r = await stub().syncNow(T, 1000);
    if (!r.ok) throw new Error(r.message);
    if (r.value.phase === "idle" && r.value.kvPending === 0 && !r.value.error) return r.value;
  }
  throw new Error("sync did not finish");
}
async function credit(ref: string, role: "staff" | "admin" = "staff", jobValue?: string) {
  const q = jobValue === undefined ? "" : `?jobValue=${encodeURIComponent(jobValue)}`;
  const res = await SELF.fetch(`${WORKER}/api/customers/${encodeURIComponent(ref)}/credit${q}`, {
    headers: bearer(await embedToken({ tenant: T, role })),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const delta = (key: string, before: Map<string, number>) => count(emu, key) - (before.get(key) ?? 0);

describe("sync and the credit read model", () => {
  it("before the first sync the badge says so; after it, it shows Xero's numbers", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    expect((await credit("ACME01")).body).toEqual({ state: "not_synced", provider: "xero" });
    await syncToEnd();
    const { body } = await credit("ACME01");
    const xero = contactBalance(emu.state, DEMO_TENANT_ID, DEMO_CONTACTS.acme.id);
    expect(body.state).toBe("found");
    expect(body.position).toMatchObject({
      currency: "GBP",
      limitMinor: 1_000_000,
      balanceMinor: Math.round(xero.outstanding * 100),
      overdueMinor: Math.round(xero.overdue * 100),
      customer: { ref: "ACME01", contactId: DEMO_CONTACTS.acme.id, name: "Acme Groundworks Ltd" },
    });
    expect(body.stale).toBe(false);
  });

  it("a sync with nothing changed costs at most 2 calls", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const before = new Map(emu.state.counters);
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await syncToEnd();
    expect(delta(CONTACTS, before) + delta(INVOICES, before)).toBeLessThanOrEqual(2);
  });

  it("paying an invoice in Xero moves the balance on the next incremental sync (no full reconcile)", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const was = (await credit("ACME01")).body.position.balanceMinor as number;
    vi.setSystemTime(Date.now() + 5 * 60_000);
    payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id);
    const before = new Map(emu.state.counters);
    await syncToEnd();
    const now = (await credit("ACME01")).body.position.balanceMinor as number;
    const xero = contactBalance(emu.state, DEMO_TENANT_ID, DEMO_CONTACTS.acme.id);
    expect(now).toBe(Math.round(xero.outstanding * 100));
    expect(now).toBeLessThan(was);
    // One If-Modified-Since page of contacts, one of invoices, one IDs= refetch: not a full re-read.
    expect(delta(CONTACTS, before)).toBe(2);
    expect(delta(INVOICES, before)).toBe(1);
  });

  it("every demo state comes out of the read model: ambiguous, merged, no limit, bad limit, not found", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    expect((await credit("Vale Groundworks Ltd")).body).toMatchObject({ state: "ambiguous" });
    expect((await credit("Vale Groundworks Ltd")).body.candidates).toHaveLength(2);
    expect((await credit("WOLD01")).body).toMatchObject({
      state: "found",
      position: { customer: { contactId: DEMO_CONTACTS.woldsLtd.id } },
    });
    expect((await credit("KEST01")).body.position).toMatchObject({ status: "no_limit", limitMinor: null });
    expect((await credit("HILL01")).body.position.limitProblem).toBeUndefined();
    expect((await credit("HILL01", "admin")).body.position).toMatchObject({
      status: "no_limit",
      limitProblem: { raw: "5k" },
    });
    expect((await credit("EAST01")).body.position.limitMinor).toBe(500_000);
    expect((await credit("NOPE99")).body).toEqual({ state: "not_found", provider: "xero", ref: "NOPE99" });
  });

  it("a job value is judged against the limit; a malformed one is a 400, never a 500", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const { body } = await credit("ACME01", "staff", "999999");
    expect(body.position.job).toMatchObject({ wouldExceed: true });
    const small = await credit("ACME01", "staff", "1.00");
    expect(small.body.position.job).toMatchObject({ wouldExceed: false, valueMinor: 100 });
    const bad = await credit("ACME01", "staff", "12abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
  });

  it("a tenant with no connection, or another tenant's token, sees not_connected", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const other = await SELF.fetch(`${WORKER}/api/customers/ACME01/credit`, {
      headers: bearer(await embedToken({ tenant: "someone-else" })),
    });
    expect(await other.json()).toEqual({ state: "not_connected" });
    const none = await SELF.fetch(`${WORKER}/api/customers/ACME01/credit`);
    expect(none.status).toBe(401);
  });

  it("a 429 or 5xx mid-sync pauses and resumes where it stopped: no gaps, no duplicates", async () => {
    seed(emu.state, "large", { contacts: 3500, invoices: 100 });
    await connect(emu, [LARGE_TENANT_ID], T);
    const before = new Map(emu.state.counters);
    const fault = (f: Record<string, unknown>) =>
      emu.fetch("https://x/_control/faults", {
        method: "POST",
        body: JSON.stringify({ method: "GET", pathPrefix: "/api.xro/2.0/Contacts", count: 1, ...f }),
      });
    const firstTwo = await stub().syncNow(T, 2); // an invocation that ends after two pages
    expect(firstTwo.ok && firstTwo.value.phase).toBe("contacts");
    await fault({ kind: "rate_limit", retryAfter: 7 });
    const limited = await stub().syncNow(T, 1000);
    expect(limited.ok && limited.value.error).toMatch(/rate limit/i);
    expect(limited.ok && limited.value.nextRunAt - Date.now()).toBeGreaterThanOrEqual(6_000);
    await fault({ kind: "status", status: 503, count: 3 });
    const failed = await stub().syncNow(T, 1000);
    expect(failed.ok && failed.value.error).toMatch(/503/);
    await syncToEnd();
    // 4 pages in all: 2, then the 429, three 503s (one call + two retries), then pages 3 and 4 — not from page 1 again.
    expect(delta(CONTACTS, before)).toBe(2 + 1 + 3 + 2);
    expect(await stub().contactCount(T)).toBe(emu.state.orgs.get(LARGE_TENANT_ID)?.contacts.size);
  });

  it("paces itself by X-MinLimit-Remaining: pauses before Xero's minute limit instead of hitting 429", async () => {
    seed(emu.state, "large", { contacts: 3500, invoices: 100 });
    await connect(emu, [LARGE_TENANT_ID], T);
    await emu.fetch("https://x/_control/limits", {
      method: "POST",
      body: JSON.stringify({ perMinute: 4, resetUsage: true }),
    });
    const before = new Map(emu.state.counters);
    let runs = 0;
    for (; runs < 10; runs++) {
      const r = await stub().syncNow(T, 1000);
      if (!r.ok) throw new Error(r.message);
      expect(r.value.error).toBeUndefined(); // never a 429
      if (r.value.phase === "idle") break;
      expect(r.value.nextRunAt - Date.now()).toBeGreaterThan(50_000); // waits for the minute window
      vi.setSystemTime(Date.now() + 61_000);
    }
    expect(runs).toBeGreaterThanOrEqual(2);
    // Exactly the pages needed (4 of contacts, 1 of invoices): no call was refused and repeated.
    expect(delta(CONTACTS, before) + delta(INVOICES, before)).toBe(5);
  });

  it("initial sync of a 10,000-contact organisation reads exactly ⌈10,000 / 1,000⌉ contact pages", {
    timeout: 120_000,
  }, async () => {
    seed(emu.state, "large", { contacts: 10_000, invoices: 1000 });
    await connect(emu, [LARGE_TENANT_ID], T);
    const before = new Map(emu.state.counters);
    const r = await stub().syncNow(T, 1000);
    expect(r.ok && r.value.phase).toBe("idle");
    expect(delta(CONTACTS, before)).toBe(10);
    expect(delta(INVOICES, before)).toBe(1); // 1,000 sales invoices: one page
  });
});

describe("server API", () => {
  it("needs SERVER_API_KEY and answers the same lookup", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const url = `${WORKER}/v1/tenants/${T}/customers/CALD01/credit?jobValue=100`;
    expect((await SELF.fetch(url)).status).toBe(401);
    expect((await SELF.fetch(url, { headers: bearer("wrong-key") })).status).toBe(401);
    const res = await SELF.fetch(url, { headers: bearer("test-server-api-key") });
    expect(await res.json()).toMatchObject({
      state: "found",
      position: { status: "over_limit", job: { wouldExceed: true } },
    });
    const sync = await SELF.fetch(`${WORKER}/v1/tenants/${T}/sync`, {
      method: "POST",
      headers: bearer("test-server-api-key"),
    });
    expect(sync.status).toBe(202);
    const bad = await SELF.fetch(`${WORKER}/v1/tenants/bad%20tenant/sync`, {
      method: "POST",
      headers: bearer("test-server-api-key"),
    });
    expect(bad.status).toBe(400);
  });
});
