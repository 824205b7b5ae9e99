// Xero's two 401s, and what a failing sync does to the tenant's alarm. `TokenExpired` is fixed
// by a refresh; `AuthorizationUnsuccessful` (a scope or the user's role is missing) is not, so
// it must stop the connection with a reason the admin can act on — and any failing sync must
// back off, never re-arm its alarm in the past (that looped: refresh + 2 calls a turn, to 429).

import { env, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { DEMO_TENANT_ID } from "../emulator/seed/index.ts";
import { connect, connectionStatus } from "./connect-helpers.ts";
import { useEmulator } from "./emulator-harness.ts";

let emu: Emulator;
let T: string;

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
/** Calls to Xero's Accounting API and token endpoint so far. */
const calls = () => {
  let api = 0;
  for (const [k, n] of emu.state.counters) if (k.includes(" /api.xro/2.0/")) api += n;
  return { api, token: emu.state.counters.get("POST /connect/token") ?? 0 };
};

/**
 * Lets the tenant's alarm run as the runtime would for `ms` of clock time: each time it fires
 * (the alarm is cleared, then the handler runs), the clock moves to the next alarm it set.
 * Returns how many times it fired.
 */
async function runAlarms(ms: number, cap = 40): Promise<number> {
  const end = Date.now() + ms;
  let fired = 0;
  for (; fired < cap; fired++) {
    const next = await runInDurableObject(stub(), async (o, s) => {
      await s.storage.deleteAlarm();
      await o.alarm();
      return s.storage.getAlarm();
    });
    if (next === null || next > end) return fired + 1;
    expect(next).toBeGreaterThan(Date.now()); // never re-armed in the past
    vi.setSystemTime(next);
  }
  return fired;
}

async function syncOnce(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const r = await stub().syncNow(T, 1000);
    if (r.ok && r.value.phase === "idle" && !r.value.error) return;
  }
  throw new Error("sync did not finish");
}

const withholdAll = async () => {
  const conn = [...emu.state.identity.connections.values()].find((c) => !c.deletedAt);
  const res = await emu.fetch(`https://x/_control/connections/${conn?.id}/withhold`, {
    method: "POST",
    body: "{}",
  });
  expect(res.status).toBe(200);
};

describe("401 AuthorizationUnsuccessful", () => {
  it("stops the connection with an actionable reason: no refresh, no retry loop", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncOnce();
    await withholdAll(); // the connecting user's role changed in Xero
    vi.setSystemTime(Date.now() + 6 * 60_000); // a sync is due
    const before = calls();
    const fired = await runAlarms(60 * 60_000);
    const after = calls();
    expect(after.token - before.token).toBe(0); // a refresh cannot fix a missing permission
    expect(after.api - before.api).toBe(1);
    expect(fired).toBe(1);
    const status = await connectionStatus(T);
    expect(status).toMatchObject({ status: "needs_reconnect" });
    expect(JSON.stringify(status)).toMatch(/AuthorizationUnsuccessful/);
    expect(JSON.stringify(status)).toMatch(/reconnect in Admin → Accounts/);
  });
});

describe("a sync that keeps failing", () => {
  it("backs off 1, 2, 4 … minutes (bounded calls, alarm never in the past); success resets it", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncOnce();
    // A 401 that no refresh cures (unrecognised Detail): refresh + retry once per run, no more.
    await emu.fetch("https://x/_control/faults", {
      method: "POST",
      body: JSON.stringify({ pathPrefix: "/api.xro/2.0/", kind: "status", status: 401, count: 1000 }),
    });
    vi.setSystemTime(Date.now() + 6 * 60_000);
    const before = calls();
    const fired = await runAlarms(30 * 60_000);
    const after = calls();
    // Runs at +0, +1, +3, +7, +15 min (then +31 is past the window): five runs, each one
    // refresh and two calls.
    expect(fired).toBe(5);
    expect(after.api - before.api).toBe(10);
    expect(after.token - before.token).toBe(5);
    const failing = await stub().syncStatus(T);
    expect(Date.parse(failing.nextRunAt ?? "") - Date.now()).toBe(16 * 60_000);
    expect(await connectionStatus(T)).toMatchObject({ status: "connected" });

    await emu.fetch("https://x/_control/faults", { method: "DELETE" });
    vi.setSystemTime(Date.parse(failing.nextRunAt ?? ""));
    await runAlarms(0);
    const ok = await stub().syncStatus(T);
    expect(ok.phase).toBe("idle");
    expect(Date.parse(ok.nextRunAt ?? "") - Date.now()).toBe(5 * 60_000); // the normal interval again
    const cursor = await runInDurableObject(stub(), (_o, s) => s.storage.get<{ failures?: number }>("sync"));
    expect(cursor?.failures ?? 0).toBe(0);
  });

  it("a cursor a failing run wrote back after a disconnect does not survive into the next connect", async () => {
    // What a sync that failed while the disconnect ran leaves behind: a cursor and no connection.
    await runInDurableObject(stub(), async (_o, s) => {
      await s.storage.put("tenant", T);
      await s.storage.put("sync", {
        phase: "idle",
        full: false,
        page: 1,
        runStartedAt: Date.now(),
        contactsSince: Date.now(),
        invoicesSince: Date.now(),
        pending: [],
        lastFullAt: Date.now(),
        lastSyncedAt: Date.now(),
        nextRunAt: Date.now(),
        calls: 0,
        failures: 3,
      });
    });
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncOnce();
    expect(await stub().contactCount(T)).toBe(emu.state.orgs.get(DEMO_TENANT_ID)?.contacts.size);
  });
});
