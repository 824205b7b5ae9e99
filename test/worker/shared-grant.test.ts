// One Xero user's grant may serve several AGG SMART tenants (a bookkeeper's two businesses, or
// two accounts on one organisation). At Xero, revoking a token removes every connection that user
// granted to the app, so no tenant's disconnect, reconnect or failed connect may break another's.

import { env, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { connect, connectionStatus, orgId, pick, quiet, startConnect, WORKER } from "./connect-helpers.ts";
import { count, useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

let emu: Emulator;
let A: string;
let B: string;
let DEMO: string;
let NORTHERN: string;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  A = `tenant-${crypto.randomUUID()}`;
  B = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
  DEMO = orgId(emu, "Demo Aggregates Ltd");
  NORTHERN = orgId(emu, "Northern Haulage Ltd");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const live = () =>
  [...emu.state.identity.connections.values()]
    .filter((c) => !c.deletedAt)
    .map((c) => c.tenantId)
    .sort();
const revokedGrants = () => [...emu.state.identity.grants.values()].filter((g) => g.revoked).length;
const stub = (t: string) => tenantStub(env, t);

async function disconnect(tenant: string): Promise<void> {
  const res = await SELF.fetch(`${WORKER}/api/connection`, {
    method: "DELETE",
    headers: bearer(await embedToken({ tenant })),
  });
  expect(res.status).toBe(200);
}

async function stillWorks(tenant: string): Promise<void> {
  expect(await connectionStatus(tenant)).toMatchObject({ status: "connected" });
  expect((await stub(tenant).verifyConnection(tenant)).ok).toBe(true);
}

describe("disconnect", () => {
  it("a bookkeeper's two businesses: disconnecting one leaves the other connected; the last one revokes", async () => {
    await connect(emu, [DEMO], A);
    await connect(emu, [NORTHERN], B); // same Xero user, second consent
    await disconnect(A);
    expect(live()).toEqual([NORTHERN]);
    expect(revokedGrants()).toBe(0); // revoking would have removed B's connection too
    await stillWorks(B);
    expect(await connectionStatus(A)).toEqual({ status: "not_connected", providers: ["xero", "sage50"] });

    await disconnect(B); // nothing else uses the grant now: revoke it (tidy)
    expect(live()).toEqual([]);
    expect(revokedGrants()).toBe(1);
  });

  it("two tenants on one organisation share one Xero connection: disconnecting one keeps it", async () => {
    await connect(emu, [DEMO], A);
    await connect(emu, [DEMO], B);
    expect(live()).toEqual([DEMO]);
    await disconnect(A);
    expect(live()).toEqual([DEMO]);
    expect(revokedGrants()).toBe(0);
    await stillWorks(B);
  });
});

describe("a connect that does not finish", () => {
  it("the picker removes only the organisations nobody uses", async () => {
    await connect(emu, [NORTHERN], B);
    const html = await (await connect(emu, [DEMO, NORTHERN], A)).text();
    await pick(html, DEMO);
    await quiet(A);
    expect(await connectionStatus(A)).toMatchObject({ status: "connected" });
    expect(live()).toEqual([DEMO, NORTHERN].sort());
    await stillWorks(B);
  });

  it("an abandoned picker is purged: its unused connection goes, another tenant's stays, nothing revoked", async () => {
    await connect(emu, [NORTHERN], B);
    await connect(emu, [DEMO, NORTHERN], A); // the admin closes the popup at the picker
    expect(live()).toEqual([DEMO, NORTHERN].sort());
    vi.setSystemTime(Date.now() + 11 * 60_000);
    await runInDurableObject(stub(A), (o) => o.alarm());
    const keys = await runInDurableObject(stub(A), async (_o, s) => [...(await s.storage.list()).keys()]);
    expect(keys.filter((k) => /^(ticket|auth|pick|pick-tokens):/.test(k))).toEqual([]);
    expect(live()).toEqual([NORTHERN]);
    expect(revokedGrants()).toBe(0);
    await stillWorks(B);
  });

  it("an error after the code exchange does not revoke the Xero user's other connections", async () => {
    await connect(emu, [NORTHERN], B);
    await emu.fetch("https://x/_control/faults", {
      method: "POST",
      body: JSON.stringify({ method: "GET", pathPrefix: "/connections", kind: "status", status: 503 }),
    });
    const res = await connect(emu, [DEMO], A);
    expect(res.status).toBe(400);
    expect(await connectionStatus(A)).toEqual({ status: "not_connected", providers: ["xero", "sage50"] });
    expect(live()).toEqual([NORTHERN]); // DEMO (made by the failed consent) removed, B's kept
    expect(revokedGrants()).toBe(0);
    await stillWorks(B);
  });

  it("expired tickets, consent states and PKCE verifiers are purged by the tenant's alarm", async () => {
    const start = await SELF.fetch(`${WORKER}/api/connection/start`, {
      method: "POST",
      headers: { ...bearer(await embedToken({ tenant: A })), Origin: "https://host.test" },
    });
    expect(start.status).toBe(200); // a ticket never used
    await startConnect(A); // a consent never finished (state + PKCE verifier stored)
    const pending = async () =>
      runInDurableObject(stub(A), async (_o, s) =>
        [...(await s.storage.list()).keys()].filter((k) => /^(ticket|auth):/.test(k)),
      );
    expect(await pending()).toHaveLength(2);
    const alarm = await runInDurableObject(stub(A), (_o, s) => s.storage.getAlarm());
    expect(alarm).not.toBeNull(); // a tenant with no connection still comes back to purge
    // Fire the alarm as the runtime would: it is cleared, then the handler runs.
    const fire = () =>
      runInDurableObject(stub(A), async (o, s) => {
        await s.storage.deleteAlarm();
        await o.alarm();
        return s.storage.getAlarm();
      });
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect(await fire()).toBeGreaterThan(Date.now()); // comes back for the state
    expect(await pending()).toHaveLength(1); // the ticket (60 s) went; the state (10 min) not yet
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect(await fire()).toBeNull(); // nothing left to wait for
    expect(await pending()).toEqual([]);
  });
});

describe("reconnect to another organisation", () => {
  it("same Xero user: the old connection is removed with the new, fresh token", async () => {
    await connect(emu, [DEMO], A);
    vi.setSystemTime(Date.now() + 31 * 60_000); // the stored access token has expired
    await connect(emu, [NORTHERN], A);
    expect(await connectionStatus(A)).toMatchObject({ organisation: { name: "Northern Haulage Ltd" } });
    expect(live()).toEqual([NORTHERN]);
    expect(revokedGrants()).toBe(0); // revoking the old grant would remove the new connection
  });

  it("another Xero user: the old grant is refreshed to remove its connection, then revoked", async () => {
    await connect(emu, [DEMO], A);
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const refreshes = count(emu, "POST /connect/token");
    await connect(emu, [NORTHERN], A, "new.admin@agg-smart.test");
    expect(count(emu, "POST /connect/token") - refreshes).toBe(2); // code exchange + the old grant's refresh
    expect(live()).toEqual([NORTHERN]);
    expect(revokedGrants()).toBe(1);
    await stillWorks(A);
  });
});
