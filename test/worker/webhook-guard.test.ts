import { env, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { DEMO_INVOICES, DEMO_TENANT_ID, payInvoice } from "../emulator/seed/index.ts";
import { connect, WORKER } from "./connect-helpers.ts";
import { AGG_RECEIVER, useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

// The production rule for AGG SMART's receiver applies at delivery time too: AGG_WEBHOOK_URL is
// never validated on input, and a URL stored before the rule existed may name a private host.

let emu: Emulator;
let T: string;
let outbound: string[];

beforeEach(() => {
  T = `tenant-${crypto.randomUUID()}`;
  outbound = [];
  emu = useEmulator({
    webhooks: true,
    receiver: async () => new Response(null, { status: 204 }),
  });
  // Record every outbound URL the worker tries (the harness still refuses non-emulator hosts).
  const harness = globalThis.fetch;
  vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
    outbound.push(input instanceof Request ? input.url : String(input));
    return harness(input, init);
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const stub = () => tenantStub(env, T);

async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("webhook delivery refuses private hosts in production", () => {
  it("a stored receiver on the metadata address gets nothing; the feed keeps the event; the log says why", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    for (let i = 0; i < 5; i++) if ((await stub().syncNow(T, 1000)).ok) break;
    const admin = bearer(await embedToken({ tenant: T }));
    await SELF.fetch(`${WORKER}/api/settings/webhook-secret`, { method: "POST", headers: admin });
    const put = await SELF.fetch(`${WORKER}/api/settings`, {
      method: "PUT",
      headers: { ...admin, "Content-Type": "application/json" },
      body: JSON.stringify({ webhookUrl: `${AGG_RECEIVER}/hooks` }),
    });
    expect(put.status).toBe(200);
    // As if saved before the rule: straight into the object's storage.
    await runInDurableObject(stub(), async (_o, state) => {
      const s = (await state.storage.get("settings")) as Record<string, unknown>;
      await state.storage.put("settings", { ...s, webhookUrl: "https://169.254.169.254/latest/hooks" });
    });
    const warn = vi.spyOn(console, "warn");

    payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id);
    await emu.flushWebhooks();
    let seq = 0;
    await until(async () => {
      const page = await stub().events(T, 0, 10);
      seq = page.events[0]?.seq ?? 0;
      return seq > 0;
    });
    await runInDurableObject(stub(), (o) => o.alarm());

    expect(outbound.filter((u) => u.includes("169.254.169.254"))).toEqual([]);
    expect(await stub().eventStatus(T, seq)).toMatchObject({ delivered: false, attempts: 0 });
    const logged = warn.mock.calls.map((c) => String(c[0])).find((l) => l.includes("webhook_refused"));
    expect(logged).toMatch(/public address/);
  });
});
