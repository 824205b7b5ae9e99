// Xero's daily budget (Starter: 1,000 calls per organisation, a fixed UTC day) and the staff-driven
// on-demand refresh: a simulated day of the tenant's own alarm loop against the emulator, on a fake
// clock, and a page of refresh clicks.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DAY_RESERVE, PAYMENT_RESERVE } from "../../worker/sync/day-plan.ts";
import { REFRESH_BURST } from "../../worker/sync/refresh-bucket.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { STARTER_PER_DAY } from "../emulator/limits.ts";
import { DEMO_INVOICES, DEMO_TENANT_ID, payInvoice } from "../emulator/seed/index.ts";
import { connect, WORKER } from "./connect-helpers.ts";
import { useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

const DAY = 24 * 3600_000;
const SERVER = bearer("test-server-api-key");
let emu: Emulator;
let T: string;
let dayStart: number;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  // Just after the next UTC midnight: the whole simulated day is one Xero day window, and every
  // alarm the object sets lies in the real future (workerd will not fire one behind the test's back).
  dayStart = Math.ceil(Date.now() / DAY) * DAY + 5 * 60_000;
  vi.setSystemTime(dayStart);
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const stub = () => tenantStub(env, T);
const xeroCalls = () => emu.limiter.usage(DEMO_TENANT_ID).day;
async function api(method: string, path: string, body?: unknown, role: "staff" | "admin" = "admin") {
  const res = await SELF.fetch(`${WORKER}${path}`, {
    method,
    headers: { ...bearer(await embedToken({ tenant: T, role })), "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}
const refresh = (ref: string) =>
  api("POST", `/api/customers/${encodeURIComponent(ref)}/refresh`, undefined, "staff");

/** A Starter organisation, pushes on, syncing every minute (the costliest setting). */
async function starterTenant() {
  await emu.fetch("https://x/_control/limits", {
    method: "POST",
    body: JSON.stringify({ perDayByOrg: { [DEMO_TENANT_ID]: STARTER_PER_DAY }, resetUsage: true }),
  });
  await connect(emu, [DEMO_TENANT_ID], T);
  const put = await api("PUT", "/api/settings", {
    syncIntervalMinutes: 1,
    pushPayments: { enabled: true, bankAccountCode: "090" },
  });
  expect(put.status).toBe(200);
  expect((await stub().requestSync(T)).ok).toBe(true);
}

/**
 * Runs the tenant's own alarm, jumping the clock to each time it set, until `until`. With `busy`,
 * the business takes a part-payment in Xero every 10 minutes (each moves a balance: one more call).
 */
async function alarmLoop(until: number, busy = false): Promise<number> {
  let runs = 0;
  let nextChange = Date.now() + 10 * 60_000;
  for (;;) {
    // One round trip per alarm: read when it is due, move the clock there, run it.
    const ran = await runInDurableObject(stub(), async (o, s) => {
      const at = await s.storage.getAlarm();
      if (at === null || at >= until) return false;
      vi.setSystemTime(Math.max(at, Date.now()));
      for (; busy && nextChange <= Date.now(); nextChange += 10 * 60_000)
        payInvoice(emu.state, DEMO_TENANT_ID, "INV-0005", { amount: 1 });
      await o.alarm();
      return true;
    });
    if (!ran) return runs;
    runs++;
  }
}

async function pushPayment() {
  return SELF.fetch(`${WORKER}/v1/tenants/${T}/jobs/J-10002/payments`, {
    method: "POST",
    headers: { ...SERVER, "Content-Type": "application/json" },
    body: JSON.stringify({
      paymentId: "end-of-day",
      amount: "1.00",
      date: new Date().toISOString().slice(0, 10),
    }),
  });
}

describe("the daily plan (Starter: 1,000 calls a day)", () => {
  it("without webhooks, on a busy day, polls all day but never into the reserve; a payment still posts at the end", {
    timeout: 240_000,
  }, async () => {
    await starterTenant();
    const endOfDay = dayStart - 5 * 60_000 + DAY - 10 * 60_000; // 23:50 UTC
    const runs = await alarmLoop(endOfDay, true);
    const calls = xeroCalls();
    expect(calls).toBeLessThanOrEqual(STARTER_PER_DAY - DAY_RESERVE);
    expect(runs).toBeGreaterThan(200); // it kept polling all day (not a sixth of the pace, not stopped)
    const status = (await api("GET", "/api/settings")).status;
    expect(status).toBe(200);
    const paid = await pushPayment();
    expect(paid.status).toBe(201);
    expect(emu.state.orgs.get(DEMO_TENANT_ID)?.invoices.get(DEMO_INVOICES.acmeOpen.id)?.amountPaid).toBe(100);
  });

  it("with healthy webhooks polls about hourly as a safety net", { timeout: 120_000 }, async () => {
    await starterTenant();
    const before = xeroCalls();
    await stub().onProviderEvents(T, "xero", []); // a webhook arrived: Xero is delivering to us
    const runs = await alarmLoop(dayStart + 12 * 3600_000);
    expect(runs).toBeLessThanOrEqual(14);
    expect(xeroCalls() - before).toBeLessThanOrEqual(14 * 3);
  });
});

describe("on-demand refresh cannot drain the budget", () => {
  it("70 made-up refs cost no Xero call; 70 refreshes of real refs cost at most the bucket; sync and payments still work", async () => {
    await starterTenant();
    await alarmLoop(Date.now() + 1); // the first sync
    const before = xeroCalls();
    for (let i = 0; i < 70; i++) {
      const r = await refresh(`MADEUP${i}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ state: "not_found", ref: `MADEUP${i}`, provider: "xero" });
    }
    expect(xeroCalls() - before).toBe(0);

    const real = [
      "ACME01",
      "BRIT01",
      "CALD01",
      "DALE01",
      "EAST01",
      "FERN01",
      "GRAN01",
      "HILL01",
      "IRON01",
      "JUBI01",
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) {
      const r = await refresh(real[i % real.length] ?? "");
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(REFRESH_BURST);
    expect(xeroCalls() - before).toBe(REFRESH_BURST);

    vi.setSystemTime(Date.now() + 60_000);
    expect((await refresh("KEST01")).status).toBe(200); // the bucket refills
    const sync = await stub().syncNow(T, 1000);
    expect(sync.ok && sync.value.error).toBeUndefined();
    expect((await pushPayment()).status).toBe(201);
  });

  it("refresh never spends the payments' part of the day: 429 until the reset, and the payment still posts", async () => {
    await starterTenant();
    await alarmLoop(Date.now() + 1);
    await emu.fetch("https://x/_control/limits", {
      method: "POST",
      body: JSON.stringify({ perDayByOrg: { [DEMO_TENANT_ID]: xeroCalls() + PAYMENT_RESERVE + 1 } }),
    });
    expect((await refresh("ACME01")).status).toBe(200); // leaves exactly the payments' reserve
    const before = xeroCalls();
    const refused = await refresh("BRIT01");
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/daily call budget/);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(3600);
    expect(xeroCalls()).toBe(before);
    expect((await pushPayment()).status).toBe(201);
  });
});
