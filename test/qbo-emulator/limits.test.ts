// Throttles: 500/min per company, 10/s per company+app, 10 concurrent; the 429 ThrottleExceeded
// body (3001, no Retry-After); metered reads and the monthly cap after which reads answer "Offline".

import { describe, expect, it } from "vitest";
import { DEMO_QBO_IDS } from "./index.ts";
import { BUILDER_TIER_CAP } from "./limits.ts";
import { qboHarness } from "./testing.ts";

type Json = Record<string, any>;

describe("throttles", () => {
  it("allows 10 per second per company and app, then 429 ThrottleExceeded; the next second is free again", async () => {
    const h = await qboHarness();
    for (let i = 0; i < 10; i++) expect((await h.api("/preferences")).status).toBe(200);
    const res = await h.api("/preferences");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBeNull();
    const body = (await res.json()) as Json;
    expect(body.Fault).toEqual({
      type: "SERVICE",
      Error: [
        {
          Message: "message=ThrottleExceeded; errorCode=003001; statusCode=429",
          Detail: expect.any(String),
          code: "3001",
          element: "",
        },
      ],
    });
    h.emu.clock.advance(1000);
    expect((await h.api("/preferences")).status).toBe(200);
    expect(h.violations).toEqual([]);
  });

  it("allows 500 per minute per company", async () => {
    const h = await qboHarness();
    let ok = 0;
    let limited = 0;
    for (let i = 0; i < 60 * 10 && limited === 0; i++) {
      if (i % 10 === 0) h.emu.clock.advance(1000);
      const s = (await h.api("/preferences")).status;
      if (s === 200) ok++;
      else limited++;
    }
    expect(ok).toBe(500);
    h.emu.clock.advance(60_000);
    expect((await h.api("/preferences")).status).toBe(200);
  });

  it("allows 10 requests in flight at once", async () => {
    const h = await qboHarness();
    await h.emu.fetch("http://x/_control/limits", {
      method: "POST",
      body: JSON.stringify({ perSecondPerRealmApp: 100 }),
    });
    await h.emu.fetch("http://x/_control/faults", {
      method: "POST",
      body: JSON.stringify({
        pathPrefix: `/v3/company/${h.tokens.realmId}/preferences`,
        kind: "slow",
        delayMs: 150,
        count: 11,
      }),
    });
    const statuses = await Promise.all(
      Array.from({ length: 11 }, () => h.api("/preferences").then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
  });
});

describe("metered reads", () => {
  it("counts reads and queries but not writes, and refuses reads past the monthly cap as Offline", async () => {
    const h = await qboHarness();
    await h.api("/preferences");
    await h.query("SELECT * FROM Customer");
    await h.api("/payment", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        CustomerRef: { value: DEMO_QBO_IDS.customers.acme },
        TotalAmt: 1,
        Line: [{ Amount: 1, LinkedTxn: [{ TxnId: DEMO_QBO_IDS.invoices["J-20002"], TxnType: "Invoice" }] }],
      }),
    });
    const counters = (await (await h.emu.fetch("http://x/_control/counters")).json()) as Json;
    expect(counters.metered["demo-qbo-client-id"]).toBe(2);
    const cap = await h.emu.fetch("http://x/_control/limits", {
      method: "POST",
      body: JSON.stringify({ meteredMonthlyCap: 3 }),
    });
    expect(((await cap.json()) as Json).meteredMonthlyCap).toBe(3);
    expect(BUILDER_TIER_CAP).toBe(500_000);
    expect((await h.api("/preferences")).status).toBe(200);
    const offline = await h.api("/preferences");
    expect(offline.status).toBe(403);
    expect(((await offline.json()) as Json).Fault.Error[0].Detail).toMatch(/Offline/);
    // Writes are Core calls: not metered, not refused.
    const write = await h.api("/payment", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        CustomerRef: { value: DEMO_QBO_IDS.customers.acme },
        TotalAmt: 1,
        Line: [{ Amount: 1, LinkedTxn: [{ TxnId: DEMO_QBO_IDS.invoices["J-20002"], TxnType: "Invoice" }] }],
      }),
    });
    expect(write.status).toBe(200);
    // A new month starts a new allowance.
    h.emu.clock.advance(32 * 86_400_000);
    const { connect } = await import("./testing.ts");
    const t = await connect(h.emu.fetch);
    expect((await h.api("/preferences", { token: t.access_token })).status).toBe(200);
    expect(h.violations).toEqual([]);
  });
});
