// Sage 50 PushIngest: the connector key (shown once, hashed, rotated), batches applied once per
// batchId through the same stores as a pull, gzip and size cap, the badge and the job feed.
// Over 12 KB on purpose: one file for the whole Sage 50 ingest path, whose cases share one stack.

import { env, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { metaKey } from "../../worker/sync/read-model.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { connectionStatus, quiet, WORKER } from "./connect-helpers.ts";
import { batch, customer, invoice, issueKey, post } from "./sage50-helpers.ts";
import { bearer, embedToken } from "./tokens.ts";

let T: string;
beforeEach(() => {
  T = `tenant-${crypto.randomUUID()}`;
});
afterEach(async () => {
  await quiet(T);
});

async function credit(ref: string, jobValue?: string) {
  const q = jobValue ? `?jobValue=${jobValue}` : "";
  const res = await SELF.fetch(`${WORKER}/api/customers/${encodeURIComponent(ref)}/credit${q}`, {
    headers: bearer(await embedToken({ tenant: T, role: "staff" })),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}

async function feed() {
  const res = await SELF.fetch(`${WORKER}/v1/tenants/${T}/events?after=0`, {
    headers: bearer("test-server-api-key"),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: { type: string; job: string }[] }).events;
}

describe("connect Sage 50", () => {
  it("issues a key once (only its hash is stored); a new key revokes the old one at once", async () => {
    const first = await issueKey(T);
    expect(first).toMatch(/^agg_s50_/);
    const check = (key: string) => SELF.fetch(`${WORKER}/connector/sage50/check`, { headers: bearer(key) });
    expect((await check(first)).status).toBe(200);
    const stored = JSON.stringify(await tenantStub(env, T).getSettings(T));
    expect(stored).not.toContain(first.slice(10));
    const second = await issueKey(T);
    expect(second).not.toBe(first);
    expect((await check(first)).status).toBe(401);
    expect((await check(second)).status).toBe(200);
    expect((await post(first, batch("delta", [], []))).status).toBe(401);
    // Not connected until the connector has pushed.
    expect((await connectionStatus(T)).status).toBe("not_connected");
  });

  it("refuses a missing, malformed or other tenant's key with 401", async () => {
    const key = await issueKey(T);
    const other = `tenant-${crypto.randomUUID()}`;
    const otherKey = await issueKey(other);
    expect((await post("nonsense", batch("delta", [], []))).status).toBe(401);
    expect((await post(`${key}x`, batch("delta", [], []))).status).toBe(401);
    // A key re-labelled with another tenant is checked by that tenant's object: refused.
    const forged = otherKey.replace(/\.[\w-]+$/, key.slice(key.lastIndexOf(".")));
    expect((await post(forged, batch("delta", [], []))).status).toBe(401);
    const res = await SELF.fetch(`${WORKER}/connector/sage50/batches`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    await quiet(other);
  });
});

describe("pushes", () => {
  it("the first push connects (company name, GBP); credit from CREDIT_LIMIT, on hold blocks", async () => {
    const key = await issueKey(T);
    const res = await post(
      key,
      batch(
        "full",
        [
          customer({ ref: "ACME001", balance: 120_050, limit: 500_000 }),
          customer({ ref: "HOLD001", balance: 0, limit: 1_000_000, onHold: true }),
          customer({ ref: "NOLIM01", balance: 5_000, limit: 0 }),
        ],
        [invoice({ tran: 1, customer: "ACME001", gross: 20_000, outstanding: 20_000, due: "2026-01-01" })],
      ),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: true, duplicate: false });
    expect(await connectionStatus(T)).toMatchObject({
      status: "connected",
      provider: "sage50",
      organisation: { name: "Hartley Plumbing & Heating Ltd", currency: "GBP" },
    });
    const acme = await credit("ACME001");
    expect(acme).toMatchObject({ state: "found", provider: "sage50", stale: false });
    expect(acme.position).toMatchObject({
      status: "overdue",
      limitMinor: 500_000,
      balanceMinor: 120_050,
      overdueMinor: 20_000,
      availableMinor: 379_950,
      currency: "GBP",
    });
    const held = await credit("HOLD001", "10.00");
    expect(held.position).toMatchObject({ status: "on_hold", availableMinor: 1_000_000 });
    expect(held.position.flags.isOnHold).toBe(true);
    expect((await credit("NOLIM01")).position).toMatchObject({ status: "no_limit", limitMinor: null });
  });

  it("a duplicate batchId is answered duplicate and applied once; gzip bodies are accepted", async () => {
    const key = await issueKey(T);
    await post(
      key,
      batch("full", [customer({ ref: "ACME001" })], [invoice({ tran: 1, customer: "ACME001" })]),
    );
    const paid = batch(
      "delta",
      [],
      [invoice({ tran: 1, customer: "ACME001", outstanding: 0, paid: 100_000 })],
    );
    const a = await post(key, paid, true);
    expect(await a.json()).toEqual({ accepted: true, duplicate: false });
    const b = await post(key, paid, true);
    expect(await b.json()).toEqual({ accepted: true, duplicate: true });
    const events = await feed();
    expect(events.filter((e) => e.type === "job.paid").map((e) => e.job)).toEqual(["AGG-1"]);
  });

  it("paid in Sage → job.paid, part paid → job.part_paid; a receipt on account pays no invoice", async () => {
    const key = await issueKey(T);
    await post(
      key,
      batch(
        "full",
        [customer({ ref: "ACME001", balance: 300_000 })],
        [1, 2, 3].map((tran) => invoice({ tran, customer: "ACME001" })),
      ),
    );
    expect(await feed()).toEqual([]); // the baseline announces nothing
    await post(
      key,
      batch(
        "delta",
        [customer({ ref: "ACME001", balance: 90_000 })],
        [
          invoice({ tran: 1, customer: "ACME001", outstanding: 0, paid: 100_000, paidFlag: true }),
          invoice({ tran: 2, customer: "ACME001", outstanding: 40_000, paid: 60_000 }),
        ],
      ),
    );
    // An SA receipt of £1,000 left on account: the balance drops, no invoice's outstanding does.
    await post(key, batch("delta", [customer({ ref: "ACME001", balance: -10_000 })], []));
    const events = await feed();
    expect(events.map((e) => [e.type, e.job])).toEqual([
      ["job.paid", "AGG-1"],
      ["job.part_paid", "AGG-2"],
    ]);
    const job3 = await SELF.fetch(`${WORKER}/v1/tenants/${T}/jobs/AGG-3/payment`, {
      headers: bearer("test-server-api-key"),
    });
    expect(await job3.json()).toMatchObject({ state: "found", payment: { state: "awaiting_payment" } });
    expect((await credit("ACME001")).position.balanceMinor).toBe(-10_000);
  });

  it("a full snapshot's complete lists mark what Sage no longer has as deleted", async () => {
    const key = await issueKey(T);
    await post(
      key,
      batch(
        "full",
        [customer({ ref: "ACME001" }), customer({ ref: "GONE001" })],
        [invoice({ tran: 1, customer: "ACME001" }), invoice({ tran: 2, customer: "GONE001" })],
      ),
    );
    await post(
      key,
      batch("full", [customer({ ref: "ACME001" })], [invoice({ tran: 1, customer: "ACME001" })]),
    );
    expect((await credit("GONE001")).position.customer.archived).toBe(true);
    const job = await SELF.fetch(`${WORKER}/v1/tenants/${T}/jobs/AGG-2/payment`, {
      headers: bearer("test-server-api-key"),
    });
    expect(await job.json()).toMatchObject({ payment: { state: "voided" } });
  });

  it("bad bodies: schema → 400 with a message, not JSON → 400, over the cap after gunzip → 413", async () => {
    const key = await issueKey(T);
    const bad = await post(key, { ...batch("delta", [], []), v: 2 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("v");
    expect((await post(key, "{not json")).status).toBe(400);
    // ~3 MB of JSON that gzips to a few KB: refused after decompression.
    const bomb = JSON.stringify({ ...batch("delta", [], []), pad: "0".repeat(3 * 1024 * 1024) });
    expect((await post(key, bomb, true)).status).toBe(413);
    expect((await post(key, bomb)).status).toBe(413);
  });

  it("payments cannot be pushed to Sage 50 (409, plain words)", async () => {
    const key = await issueKey(T);
    await post(
      key,
      batch("full", [customer({ ref: "ACME001" })], [invoice({ tran: 1, customer: "ACME001" })]),
    );
    const res = await SELF.fetch(`${WORKER}/v1/tenants/${T}/jobs/AGG-1/payments`, {
      method: "POST",
      headers: { ...bearer("test-server-api-key"), "Content-Type": "application/json" },
      body: JSON.stringify({ paymentId: "p-1", amount: "10.00", date: "2026-12-01" }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("Sage 50");
  });

  it("a silent connector: the status says since when, the badge marks its numbers stale", async () => {
    const key = await issueKey(T);
    await post(key, batch("full", [customer({ ref: "ACME001" })], []));
    // The last push was 31 minutes ago: more than two of Sage 50's default 15-minute cycles.
    const then = Date.now() - 31 * 60_000;
    await runInDurableObject(tenantStub(env, T), async (_o, state) => {
      const c = (await state.storage.get<Record<string, unknown>>("sync")) ?? {};
      await state.storage.put("sync", { ...c, lastSyncedAt: then });
    });
    const meta = (await env.KV.get(metaKey(T), "json")) as Record<string, unknown>;
    await env.KV.put(metaKey(T), JSON.stringify({ ...meta, lastSyncedAt: then }));
    const since = new Date(then).toISOString();
    expect(await connectionStatus(T)).toMatchObject({
      status: "needs_reconnect",
      provider: "sage50",
      since,
      reason: `The Sage 50 connector has not reported since ${since}: check that it is running on the Sage PC.`,
    });
    expect(await credit("ACME001")).toMatchObject({ state: "found", stale: true, syncIntervalMinutes: 15 });
    // The next push (a heartbeat) makes it fresh again.
    const beforeHeartbeat = Date.now();
    await post(key, batch("delta", [], []));
    const fresh = await connectionStatus(T);
    expect(fresh.status).toBe("connected");
    // The widget's "last report N min ago" reads this.
    const lastReportAt = Date.parse((fresh as { lastReportAt?: string }).lastReportAt ?? "");
    expect(lastReportAt).toBeGreaterThanOrEqual(beforeHeartbeat - 1000);
    expect(await credit("ACME001")).toMatchObject({ stale: false });
  });

  it("complete applies only when every batch of its cycle arrived", async () => {
    const key = await issueKey(T);
    await post(key, batch("full", [customer({ ref: "ACME001" }), customer({ ref: "GONE001" })], []));
    const cycleId = "20261202T120000-cafe0001";
    const part = (seq: number, final: boolean, refs: string[]) =>
      batch(
        "full",
        refs.map((ref) => customer({ ref })),
        [],
        {
          cycleId,
          seq,
          final,
          batchId: `${cycleId}.${seq}.${crypto.randomUUID()}`,
          ...(final
            ? { complete: { customerRefs: ["ACME001", "NEW0001"], invoiceTrans: [] } }
            : { complete: undefined }),
        },
      );
    // The final batch without batch 1 of its cycle: its records apply, its complete list does not.
    await post(key, part(2, true, ["NEW0001"]));
    expect((await credit("GONE001")).position.customer.archived).toBeUndefined();
    await post(key, part(1, false, ["ACME001"]));
    const final = part(2, true, ["NEW0001"]);
    await post(key, final);
    expect((await credit("GONE001")).position.customer.archived).toBe(true);
    expect((await credit("NEW0001")).state).toBe("found");
  });

  it("the settings refuse to switch on payments to Sage 50 (409) and the key is stored only hashed", async () => {
    const key = await issueKey(T);
    await post(key, batch("full", [customer({ ref: "ACME001" })], []));
    const res = await SELF.fetch(`${WORKER}/api/settings`, {
      method: "PUT",
      headers: { ...bearer(await embedToken({ tenant: T })), "Content-Type": "application/json" },
      body: JSON.stringify({ pushPayments: { enabled: true, bankAccountCode: "1200" } }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      "AGG SMART can't mark Sage 50 invoices paid (it only reads Sage 50): record payments in Sage 50.",
    );
    const stored = await runInDurableObject(tenantStub(env, T), async (_o, state) =>
      JSON.stringify([...(await state.storage.list())]),
    );
    expect(stored).not.toContain(key);
    expect(stored).not.toContain(key.slice(8, 40));
  });

  it("disconnect forgets the key: the connector is refused, the badge says not connected", async () => {
    const key = await issueKey(T);
    await post(key, batch("full", [customer({ ref: "ACME001" })], []));
    const res = await SELF.fetch(`${WORKER}/api/connection`, {
      method: "DELETE",
      headers: bearer(await embedToken({ tenant: T })),
    });
    expect(res.status).toBe(200);
    expect((await post(key, batch("delta", [], []))).status).toBe(401);
    expect((await credit("ACME001")).state).toBe("not_connected");
  });
});
