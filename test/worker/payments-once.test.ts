// Paid in AGG SMART → payment in Xero: a payment is recorded exactly once, for the job it was meant
// for, in the invoice's own currency — even when Xero has long forgotten the Idempotency-Key.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { migrate } from "../../worker/store/migrations.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { IDEMPOTENCY_WINDOW_MS } from "../emulator/accounting/idempotency.ts";
import type { InvoiceRecord } from "../emulator/accounting/model.ts";
import type { Emulator } from "../emulator/index.ts";
import { accountByCode, DEMO_TENANT_ID } from "../emulator/seed/index.ts";
import { connect, WORKER } from "./connect-helpers.ts";
import { count, useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

let emu: Emulator;
let T: string;
const SERVER = bearer("test-server-api-key");
const PUTS = "PUT /api.xro/2.0/Payments";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const org = () => {
  const o = emu.state.orgs.get(DEMO_TENANT_ID);
  if (!o) throw new Error("no demo org");
  return o;
};
/** The emulator's invoice for a job (Reference = job). */
const invoiceOf = (job: string): InvoiceRecord => {
  const inv = [...org().invoices.values()].find((i) => i.reference === job);
  if (!inv) throw new Error(`no invoice for ${job}`);
  return inv;
};
/** Payments Xero holds on the job's invoice. */
const paymentsOn = (job: string) =>
  [...org().payments.values()].filter((p) => p.invoiceId === invoiceOf(job).invoiceId);
const today = () => new Date().toISOString().slice(0, 10);

async function settings(tenant: string, body: Record<string, unknown>) {
  const res = await SELF.fetch(`${WORKER}/api/settings`, {
    method: "PUT",
    headers: { ...bearer(await embedToken({ tenant })), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}
async function setup(tenant = T) {
  await connect(emu, [DEMO_TENANT_ID], tenant);
  for (let i = 0; i < 5; i++) if ((await tenantStub(env, tenant).syncNow(tenant, 1000)).ok) break;
  await settings(tenant, { pushPayments: { enabled: true, bankAccountCode: "090" } });
}
async function push(job: string, body: Record<string, unknown>, tenant = T) {
  const res = await SELF.fetch(`${WORKER}/v1/tenants/${tenant}/jobs/${job}/payments`, {
    method: "POST",
    headers: { ...SERVER, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown> & { error?: { message: string } },
  };
}
async function fault(body: Record<string, unknown>) {
  await emu.fetch("https://x/_control/faults", { method: "POST", body: JSON.stringify(body) });
}

describe("a paymentId pays once, for the request it was made for", () => {
  it("same paymentId for two jobs at once → one 201, one 409, and the second job is not paid", async () => {
    await setup();
    const [a, b] = await Promise.all([
      push("J-10002", { paymentId: "dup-job", amount: "10.00", date: today() }),
      push("J-10004", { paymentId: "dup-job", amount: "10.00", date: today() }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error?.message).toMatch(/dup-job.*different job, amount or date/);
    const paidJob = a.status === 201 ? "J-10002" : "J-10004";
    const otherJob = paidJob === "J-10002" ? "J-10004" : "J-10002";
    expect(paymentsOn(paidJob)).toHaveLength(1);
    expect(paymentsOn(otherJob)).toHaveLength(0);
  });

  it("same paymentId with two amounts at once → 409 for the one that differs", async () => {
    await setup();
    const [a, b] = await Promise.all([
      push("J-10004", { paymentId: "dup-amount", amount: "10.00", date: today() }),
      push("J-10004", { paymentId: "dup-amount", amount: "11.00", date: today() }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(paymentsOn("J-10004")).toHaveLength(1);
  });

  it('"10" and "10.00" are the same amount: replayed, at once and later', async () => {
    await setup();
    const [a, b] = await Promise.all([
      push("J-10004", { paymentId: "same-amount", amount: "10", date: today() }),
      push("J-10004", { paymentId: "same-amount", amount: "10.00", date: today() }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.xeroPaymentId).toBe(b.body.xeroPaymentId);
    // providerPaymentId is the field; xeroPaymentId its deprecated alias, always equal.
    expect(a.body.providerPaymentId).toBe(a.body.xeroPaymentId);
    expect(a.body.providerPaymentId).toBe(paymentsOn("J-10004")[0]?.paymentId);
    const later = await push("j-10004", { paymentId: "same-amount", amount: "010.0", date: today() });
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ replayed: true, amount: "10.00", amountMinor: 1000, currency: "GBP" });
    expect(paymentsOn("J-10004")).toHaveLength(1);
  });
});

describe("the worker's own record outlives Xero's Idempotency-Key", () => {
  it("lost response, retry after Xero forgot the key → found at Xero, still exactly one payment", async () => {
    await setup();
    const body = { paymentId: "lost-1", amount: "10.00", date: today() };
    // Every try of the first call is applied or replayed by Xero, and every answer is lost.
    await fault({ method: "PUT", pathPrefix: "/api.xro/2.0/Payments", kind: "drop_response", count: 3 });
    const first = await push("J-10004", body);
    expect(first.status).toBe(503);
    expect(paymentsOn("J-10004")).toHaveLength(1);
    vi.setSystemTime(Date.now() + IDEMPOTENCY_WINDOW_MS + 4 * 60_000);
    const puts = count(emu, PUTS);
    const retry = await push("J-10004", body);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ replayed: true, paymentId: "lost-1" });
    expect(retry.body.xeroPaymentId).toBe(paymentsOn("J-10004")[0]?.paymentId);
    expect(count(emu, PUTS) - puts).toBe(0); // looked up, not sent again
    expect(paymentsOn("J-10004")).toHaveLength(1);
    expect((await push("J-10004", body)).status).toBe(200);
    expect(paymentsOn("J-10004")).toHaveLength(1);
  });

  it("a try Xero never applied (503) is sent again after the lookup finds nothing → one payment", async () => {
    await setup();
    const body = { paymentId: "lost-2", amount: "10.00", date: today() };
    await fault({
      method: "PUT",
      pathPrefix: "/api.xro/2.0/Payments",
      kind: "status",
      status: 503,
      count: 3,
    });
    expect((await push("J-10004", body)).status).toBe(503);
    expect(paymentsOn("J-10004")).toHaveLength(0);
    vi.setSystemTime(Date.now() + 10 * 60_000);
    const retry = await push("J-10004", body);
    expect(retry.status).toBe(201);
    expect(paymentsOn("J-10004")).toHaveLength(1);
  });

  it("after Xero refused a try (400, cached for the key), the fixed retry pays: a new try gets a new key", async () => {
    await setup();
    const acct = accountByCode(org(), "090");
    if (acct) acct.status = "ARCHIVED";
    const body = { paymentId: "acct-fixed", amount: "10.00", date: today() };
    expect((await push("J-10004", body)).status).toBe(409);
    await settings(T, { pushPayments: { enabled: true, bankAccountCode: "091" } });
    const retry = await push("J-10004", body);
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ accountCode: "091", replayed: false });
    expect(paymentsOn("J-10004")).toHaveLength(1);
  });

  it("two AGG SMART accounts with the same paymentId never collide at Xero", async () => {
    const T2 = `tenant-${crypto.randomUUID()}`;
    await setup(T);
    await setup(T2);
    const a = await push("J-10002", { paymentId: "shared-1", amount: "10.00", date: today() }, T);
    const b = await push("J-10004", { paymentId: "shared-1", amount: "10.00", date: today() }, T2);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [pa] = paymentsOn("J-10002");
    const [pb] = paymentsOn("J-10004");
    expect(pa?.reference).toMatch(/^AGG SMART shared-1 #/);
    expect(pa?.reference).not.toBe(pb?.reference);
  });

  it("outcomes stored before attempts were recorded (the `pushed` table) still replay (migration 2)", async () => {
    await setup();
    const first = await push("J-10004", { paymentId: "old-1", amount: "10.00", date: today() });
    // The row as the code before attempts wrote it: no amountMinor/currency, and Xero's id as xeroPaymentId only.
    const legacy = {
      ...first.body,
      providerPaymentId: undefined,
      amountMinor: undefined,
      currency: undefined,
    };
    await runInDurableObject(tenantStub(env, T), async (_o, state) => {
      state.storage.sql.exec("DELETE FROM pay_attempts");
      state.storage.sql.exec(
        "CREATE TABLE pushed (payment_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, json TEXT NOT NULL)",
      );
      state.storage.sql.exec(
        "INSERT INTO pushed VALUES (?, ?, ?)",
        "old-1",
        `j-10004|10.00|${today()}`,
        JSON.stringify(legacy),
      );
      // The object as it was before migration 2: the table is adopted when the object next starts.
      state.storage.sql.exec("UPDATE schema_meta SET version = 1");
      await migrate(state.storage);
    });
    const again = await push("J-10004", { paymentId: "old-1", amount: "10", date: today() });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, amountMinor: 1000, currency: "GBP" });
    expect((await push("J-10004", { paymentId: "old-1", amount: "12", date: today() })).status).toBe(409);
    expect(paymentsOn("J-10004")).toHaveLength(1);
  });
});

describe("money is exact in the invoice's currency", () => {
  it("JPY has no decimals: 100.5 is refused, 1000 pays ¥1,000, and messages say JP¥", async () => {
    await setup();
    invoiceOf("J-10009").currencyCode = "JPY"; // total 1200.00 → ¥1,200
    const half = await push("J-10009", { paymentId: "jpy-1", amount: "100.5", date: today() });
    expect(half.status).toBe(422);
    expect(half.body.error?.message).toMatch(/JPY.*whole number/);
    const over = await push("J-10009", { paymentId: "jpy-2", amount: "1500", date: today() });
    expect(over.status).toBe(422);
    expect(over.body.error?.message).toBe("JP¥1,500 is more than the JP¥1,200 still due on job J-10009.");
    const ok = await push("J-10009", { paymentId: "jpy-3", amount: "1000", date: today() });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ amount: "1000", amountMinor: 1000, currency: "JPY" });
    expect(paymentsOn("J-10009").map((p) => p.amount)).toEqual([100_000]); // emulator hundredths: 1000.00
  });

  it("KWD has three decimals: 12.34 is 12,340 fils (12.340), 1.2345 is refused", async () => {
    await setup();
    invoiceOf("J-10011").currencyCode = "KWD"; // total 3000.000
    const four = await push("J-10011", { paymentId: "kwd-1", amount: "1.2345", date: today() });
    expect(four.status).toBe(422);
    expect(four.body.error?.message).toMatch(/KWD.*3 decimal places/);
    const over = await push("J-10011", { paymentId: "kwd-2", amount: "3000.001", date: today() });
    expect(over.body.error?.message).toMatch(/^KWD\s?3,000\.001 is more than the KWD\s?3,000\.000 still due/);
    const ok = await push("J-10011", { paymentId: "kwd-3", amount: "12.34", date: today() });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ amount: "12.340", amountMinor: 12_340, currency: "KWD" });
    expect(paymentsOn("J-10011").map((p) => p.amount)).toEqual([1234]);
  });
});
