// QuickBooks Online end to end through the worker, against the QBO emulator in-process:
// POST /api/connection/start {"provider":"quickbooks"} → /oauth/quickbooks/start → Intuit's
// consent → callback → connected; sync; the credit badge's read; a payment made in QuickBooks
// arrives by webhook and job.paid is in the feed; a payment pushed from AGG SMART lands exactly
// once although its first answer is lost. Every emulator API answer is conformance-checked.

import { env, SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { DEMO_QBO_IDS, DEMO_REALM_ID, sign } from "../qbo-emulator/index.ts";
import { HOST, WORKER } from "./connect-helpers.ts";
import {
  checked,
  connect,
  control,
  emu,
  feed,
  QBO,
  SERVER,
  settled,
  staff,
  sync,
  T,
  useQboStack,
  VERIFIER,
} from "./qbo-stack.ts";
import { bearer, embedToken } from "./tokens.ts";

useQboStack();

describe("QuickBooks Online through the worker", () => {
  it("connect → sync → credit badge → job.paid by webhook → payment pushed exactly once under a lost answer", async () => {
    const res = await connect();
    expect(res.status).toBe(200);
    const conn = await staff("/api/connection");
    expect(conn.body).toMatchObject({
      status: "connected",
      provider: "quickbooks",
      organisation: { name: "Demo Quarry Ltd", currency: "GBP" },
    });

    await sync();
    // Credit badge: ACME's limit is typed in Fax ("10000").
    const acme = await staff(`/api/customers/${encodeURIComponent("ACME Aggregates")}/credit?jobValue=100`);
    expect(acme.status).toBe(200);
    expect(acme.body.position).toMatchObject({ limitMinor: 1_000_000 });
    // Dale's Fax is a real fax number: no limit, never £12bn.
    const dale = await staff(`/api/customers/${encodeURIComponent("Dale Plant Hire")}/credit`);
    expect(dale.body.position.limitMinor).toBeNull();

    // Paid in QuickBooks → webhook → job.paid.
    const before = (await feed()).length;
    await emu.fetch(`${QBO}/_control/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await emu.flushWebhooks();
    const delivered = emu.webhooks.deliveries;
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((d: { status?: number }) => d.status === 200)).toBe(true);
    const events = (await feed()).slice(before);
    expect(events.map((e) => [e.type, e.job])).toContainEqual(["job.paid", "J-20002"]);

    // Paid in AGG SMART → a payment in QuickBooks, once, although the first answer is lost.
    const put = await SELF.fetch(`${WORKER}/api/settings`, {
      method: "PUT",
      headers: { ...bearer(await embedToken({ tenant: T })), "Content-Type": "application/json" },
      body: JSON.stringify({ pushPayments: { enabled: true, bankAccountCode: "2" } }),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    await control("/faults", {
      pathPrefix: `/v3/company/${DEMO_REALM_ID}/payment`,
      method: "POST",
      kind: "drop_response",
    });
    const push = async () =>
      SELF.fetch(`${WORKER}/v1/tenants/${T}/jobs/J-20007/payments`, {
        method: "POST",
        headers: { ...SERVER, "Content-Type": "application/json" },
        body: JSON.stringify({
          paymentId: "agg-pay-1",
          amount: "2100.00",
          date: new Date().toISOString().slice(0, 10),
        }),
      });
    const first = await push();
    const firstBody = (await first.json()) as any;
    expect([200, 201, 202], JSON.stringify(firstBody)).toContain(first.status);
    const again = await push();
    const againBody = (await again.json()) as any;
    expect([200, 201]).toContain(again.status);
    if (firstBody.providerPaymentId) expect(againBody.providerPaymentId).toBe(firstBody.providerPaymentId);
    const co = emu.state.companies.get(DEMO_REALM_ID);
    const onJob = [...(co?.payments.values() ?? [])].filter((p) =>
      p.lines.some((l: { invoiceId: string }) => l.invoiceId === DEMO_QBO_IDS.invoices["J-20007"]),
    );
    expect(onJob).toHaveLength(1);
    // The answer to the first POST was lost: the retry with the same requestid got it replayed.
    const total = emu.counters().total;
    expect(total["POST /v3/company/{realmId}/payment"]).toBe(2);
    // Every call named minorversion 75.
    expect(Object.values(emu.counters().minorVersions).flatMap((v) => Object.keys(v))).not.toContain("none");
    expect(checked.log.checked).toBeGreaterThan(5);
  });

  it("the user disconnects inside QuickBooks: the next sync marks the connection needs_reconnect, named for QuickBooks", async () => {
    expect((await connect()).status).toBe(200);
    await sync();
    const grants = (await control("/connections")) as { id?: string; grantId?: string }[];
    const grant = grants[0]?.id ?? grants[0]?.grantId ?? "";
    await control(`/connections/${grant}/revoke`, {});
    vi.setSystemTime(Date.now() + 10 * 60_000);
    await tenantStub(env, T).syncNow(T, 1000);
    const conn = await staff("/api/connection");
    expect(conn.body).toMatchObject({ status: "needs_reconnect", provider: "quickbooks" });
    expect(JSON.stringify(conn.body)).toMatch(/QuickBooks Online/);
  });

  it("disconnect in AGG SMART revokes the grant at Intuit", async () => {
    expect((await connect()).status).toBe(200);
    const res = await SELF.fetch(`${WORKER}/api/connection`, {
      method: "DELETE",
      headers: { ...bearer(await embedToken({ tenant: T })), Origin: HOST },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "not_connected" });
    const grants = (await control("/connections")) as { revoked: boolean }[];
    expect(grants.map((g) => g.revoked)).toEqual([true]);
  });

  it("/webhooks/quickbooks: badly signed → 401, an unknown company is ignored (200), too large → 413", async () => {
    const body = JSON.stringify([
      {
        specversion: "1.0",
        id: "e-1",
        source: "//quickbooks.api.intuit.com",
        type: "qbo.invoice.updated.v1",
        time: new Date().toISOString(),
        intuitentityid: "1",
        intuitaccountid: "1234567890",
        data: {},
      },
    ]);
    const bytes = new TextEncoder().encode(body);
    const post = async (b: Uint8Array<ArrayBuffer>, signature: string) =>
      settled(
        new Request(`${WORKER}/webhooks/quickbooks`, {
          method: "POST",
          body: b,
          headers: { "intuit-signature": signature },
        }),
      );
    expect((await post(bytes, await sign(bytes, "wrong"))).status).toBe(401);
    expect((await post(bytes, await sign(bytes, VERIFIER))).status).toBe(200);
    const big = new Uint8Array(1024 * 1024 + 1).fill(32);
    expect((await post(big, await sign(big, VERIFIER))).status).toBe(413);
  });

  it("consent refused in QuickBooks → a failure page naming QuickBooks; a replayed callback is refused", async () => {
    const start = await SELF.fetch(`${WORKER}/api/connection/start`, {
      method: "POST",
      headers: {
        ...bearer(await embedToken({ tenant: T })),
        Origin: HOST,
        "content-type": "application/json",
      },
      body: JSON.stringify({ provider: "quickbooks" }),
    });
    const { url } = (await start.json()) as { url: string };
    const popup = await SELF.fetch(url, { redirect: "manual" });
    const state = new URL(popup.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const denied = await SELF.fetch(
      `${WORKER}/oauth/quickbooks/callback?error=access_denied&state=${encodeURIComponent(state)}`,
    );
    expect(denied.status).toBe(400);
    const html = await denied.text();
    expect(html).toContain("QuickBooks Online was not connected");
    expect(html).toContain("Access was not granted in QuickBooks Online.");
    const again = await SELF.fetch(
      `${WORKER}/oauth/quickbooks/callback?code=x&realmId=${DEMO_REALM_ID}&state=${encodeURIComponent(state)}`,
    );
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("expired or was already used");
    expect((await staff("/api/connection")).body.status).toBe("not_connected");
  });
});
