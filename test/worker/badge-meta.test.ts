// The badge reads only KV: when the connection stops working, its meta must say so at once,
// not only after the next successful sync (which never comes for a dead connection).

import { env, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { DEMO_TENANT_ID } from "../emulator/seed/index.ts";
import { connect, quiet, WORKER } from "./connect-helpers.ts";
import { useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

let emu: Emulator;
let T: string;

beforeEach(() => {
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
});
afterEach(async () => {
  await quiet(T);
  vi.unstubAllGlobals();
});

async function credit(ref: string) {
  const res = await SELF.fetch(`${WORKER}/api/customers/${encodeURIComponent(ref)}/credit`, {
    headers: bearer(await embedToken({ tenant: T, role: "admin" })),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe("the badge follows the connection's state", () => {
  it("needs_reconnect → the badge says not connected, with the reason, without another sync", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    for (let i = 0; i < 20; i++) {
      const r = await tenantStub(env, T).syncNow(T, 1000);
      if (r.ok && r.value.phase === "idle" && r.value.kvPending === 0) break;
    }
    expect(await credit("ACME01")).toMatchObject({ state: "found" });
    const id = [...emu.state.identity.connections.values()].find((c) => !c.deletedAt)?.id;
    await emu.fetch(`https://xero-emulator.test/_control/connections/${id}/disconnect`, { method: "POST" });
    expect((await tenantStub(env, T).verifyConnection(T)).ok).toBe(false);
    expect(await credit("ACME01")).toEqual({
      state: "not_connected",
      provider: "xero",
      reason: "The organisation was disconnected from AGG SMART in Xero.",
    });
  });
});
