// Over 12 KB on purpose: the payment push's refusals and outcomes share one connected tenant setup.
import {
  createExecutionContext,
  env,
  runInDurableObject,
  SELF,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index.ts";
import { verifySignature } from "../../worker/payments/signing.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { amountDue } from "../emulator/accounting/model.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  accountByCode,
  DEMO_INVOICES,
  DEMO_TENANT_ID,
  deletePayment,
  payInvoice,
} from "../emulator/seed/index.ts";
import { sign } from "../emulator/webhooks.ts";
import { connect, WORKER } from "./connect-helpers.ts";
import { AGG_RECEIVER, count, useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

let emu: Emulator;
let T: string;
let received: {
  body: string;
  signature: string;
  event: { id: string; type: string; job: string; seq: number };
}[];
let receiverDown = 0;
const SERVER = bearer("test-server-api-key");

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  T = `tenant-${crypto.randomUUID()}`;
  received = [];
  receiverDown = 0;
  emu = useEmulator({
    webhooks: true,
    receiver: async (req) => {
      if (receiverDown > 0) {
        receiverDown--;
        return new Response("down", { status: 503 });
      }
      const body = await req.text();
      received.push({ body, signature: req.headers.get("agg-signature") ?? "", event: JSON.parse(body) });
      return new Response(null, { status: 204 });
    },
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const stub = () => tenantStub(env, T);
const invoice = (id: string) => {
  const inv = emu.state.orgs.get(DEMO_TENANT_ID)?.invoices.get(id);
  if (!inv) throw new Error(`no invoice ${id}`);
  return inv;
};
async function admin(path: string, init: RequestInit = {}) {
  const res = await SELF.fetch(`${WORKER}${path}`, {
    ...init,
    headers: { ...bearer(await embedToken({ tenant: T })), "Content-Type": "application/json" },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
async function setup(settings: Record<string, unknown> = {}) {
  await connect(emu, [DEMO_TENANT_ID], T);
  for (let i = 0; i < 5; i++) if ((await stub().syncNow(T, 1000)).ok) break;
  const secret = (await admin("/api/settings/webhook-secret", { method: "POST" })).body.secret as string;
  const put = await admin("/api/settings", {
    method: "PUT",
    body: JSON.stringify({ webhookUrl: `${AGG_RECEIVER}/hooks`, ...settings }),
  });
  expect(put.status).toBe(200);
  return secret;
}
/** Waits (real time) until `check` holds: webhook processing runs after the 200. */
async function until(check: () => boolean | Promise<boolean>, ms = 5000) {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
const feed = async (after = "") =>
  (await (
    await SELF.fetch(`${WORKER}/v1/tenants/${T}/events${after ? `?after=${after}` : ""}`, { headers: SERVER })
  ).json()) as {
    events: { id: string; type: string; job: string; seq: number }[];
    next: string;
  };

describe("paid in Xero → job paid in AGG SMART", () => {
  it("the Xero webhook path delivers one signed job.paid, and the job's state turns paid", async () => {
    const secret = await setup();
    payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id);
    await emu.flushWebhooks();
    await until(() => received.length > 0);
    expect(received).toHaveLength(1);
    const [hit] = received;
    expect(hit?.event).toMatchObject({ type: "job.paid", job: "J-10002", tenant: T });
    expect(
      await verifySignature(secret, hit?.signature ?? "", hit?.body ?? "", Math.floor(Date.now() / 1000)),
    ).toBe(true);
    expect(
      await verifySignature(
        "wrong-secret",
        hit?.signature ?? "",
        hit?.body ?? "",
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false);
    const widget = await SELF.fetch(`${WORKER}/api/jobs/J-10002/payment`, {
      headers: bearer(await embedToken({ tenant: T, role: "staff" })),
    });
    expect(await widget.json()).toMatchObject({ state: "found", payment: { state: "paid", dueMinor: 0 } });
    expect((await feed()).events.map((e) => e.type)).toEqual(["job.paid"]);
  });

  it("a replayed Xero webhook creates no duplicate event", async () => {
    await setup();
    payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id);
    const body = JSON.stringify({
      events: [
        {
          resourceUrl: `https://x/api.xro/2.0/Invoices/${DEMO_INVOICES.acmeOpen.id}`,
          resourceId: DEMO_INVOICES.acmeOpen.id,
          eventDateUtc: new Date().toISOString(),
          eventType: "UPDATE",
          eventCategory: "INVOICE",
          tenantId: DEMO_TENANT_ID,
          tenantType: "ORGANISATION",
        },
      ],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: "ABC",
    });
    // Through the worker's fetch with an execution context we wait on: the processing after the
    // 200 (waitUntil) has finished when `post` returns, so "nothing more happened" is a real check.
    const post = async () => {
      const ctx = createExecutionContext();
      const req = new Request(`${WORKER}/webhooks/xero`, {
        method: "POST",
        body,
        headers: { "x-xero-signature": await sign(body, "test-webhook-key") },
      });
      const res = await worker.fetch(req, env, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const xeroGets = () => [count(emu, "GET /api.xro/2.0/Invoices"), count(emu, "GET /api.xro/2.0/Contacts")];
    const before = xeroGets();
    expect((await post()).status).toBe(200);
    await until(() => received.length === 1);
    const afterFirst = xeroGets();
    expect(afterFirst[0]).toBeGreaterThan(before[0] ?? 0); // the first delivery did read Xero
    expect((await post()).status).toBe(200);
    expect(xeroGets()).toEqual(afterFirst); // the replay did not
    expect(received).toHaveLength(1);
    expect((await feed()).events).toHaveLength(1);
  });

  it("with webhooks off, the next scheduled sync finds the payment", async () => {
    await setup();
    emu.webhooks.config.enabled = false;
    payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.britanniaOverdue.id);
    vi.setSystemTime(Date.now() + 5 * 60_000);
    await runInDurableObject(stub(), (o) => o.alarm());
    await until(() => received.length === 1);
    expect(received[0]?.event).toMatchObject({ type: "job.paid", job: "J-10003" });
  });

  it("part payment, then the payment deleted: job.part_paid then job.unpaid, in order, no gaps", async () => {
    await setup();
    const p = payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id, { amount: 100 });
    await emu.flushWebhooks();
    await until(() => received.length === 1);
    vi.setSystemTime(Date.now() + 60_000); // a later change: Xero stamps a later eventDateUtc
    deletePayment(emu.state, DEMO_TENANT_ID, p.paymentId);
    await emu.flushWebhooks();
    await until(() => received.length === 2);
    expect(received.map((r) => r.event.type)).toEqual(["job.part_paid", "job.unpaid"]);
    const page = await feed();
    expect(page.events.map((e) => e.seq)).toEqual([page.events[0]?.seq, (page.events[0]?.seq ?? 0) + 1]);
    expect((await feed(page.next)).events).toEqual([]);
  });

  it("receiver down: retried with backoff until it succeeds, in order", async () => {
    await setup();
    receiverDown = 2;
    payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id);
    await emu.flushWebhooks();
    await until(
      async () => (await stub().eventStatus(T, (await feed()).events[0]?.seq ?? 0))?.attempts === 1,
    );
    expect(received).toHaveLength(0);
    for (let i = 0; i < 3 && received.length === 0; i++) {
      vi.setSystemTime(Date.now() + 60_000);
      await runInDurableObject(stub(), (o) => o.alarm());
    }
    expect(received).toHaveLength(1);
    const status = await stub().eventStatus(T, received[0]?.event.seq ?? 0);
    expect(status).toMatchObject({ delivered: true, attempts: 3 });
  });
});

describe("Xero webhook security", () => {
  const body = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: "X" });
  it("wrong signature or a body tampered after signing → 401, right one → 200", async () => {
    const good = await sign(body, "test-webhook-key");
    const post = (b: string, sig: string) =>
      SELF.fetch(`${WORKER}/webhooks/xero`, {
        method: "POST",
        body: b,
        headers: { "x-xero-signature": sig },
      });
    expect((await post(body, good)).status).toBe(200);
    expect((await post(body, await sign(body, "other-key"))).status).toBe(401);
    expect((await post(body.replace('"X"', '"Y"'), good)).status).toBe(401);
    expect((await post(body, "")).status).toBe(401);
  });

  it("passes the emulator's intent-to-receive check", async () => {
    const res = await emu.fetch("https://x/_control/webhooks/intent-to-receive", { method: "POST" });
    expect(await res.json()).toMatchObject({ ok: true });
  });
});

describe("paid in AGG SMART → payment in Xero", () => {
  const push = (job: string, body: Record<string, unknown>) =>
    SELF.fetch(`${WORKER}/v1/tenants/${T}/jobs/${job}/payments`, {
      method: "POST",
      headers: { ...SERVER, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  const payments = () => [...(emu.state.orgs.get(DEMO_TENANT_ID)?.payments.values() ?? [])];
  const due = (id: string) => (amountDue(invoice(id)) / 100).toFixed(2);
  const today = () => new Date().toISOString().slice(0, 10);

  it("disabled → 409 explaining how to enable it", async () => {
    await setup();
    const res = await push("J-10002", { paymentId: "p-1", amount: "1.00", date: today() });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Admin → Accounts/);
  });

  it("pays once however often it is retried; a lost response is recovered by the same key", async () => {
    await setup({ pushPayments: { enabled: true, bankAccountCode: "090" } });
    const before = payments().length;
    const body = { paymentId: "agg-pay-1", amount: due(DEMO_INVOICES.acmeOpen.id), date: today() };
    await emu.fetch("https://x/_control/faults", {
      method: "POST",
      body: JSON.stringify({
        method: "PUT",
        pathPrefix: "/api.xro/2.0/Payments",
        kind: "drop_response",
        count: 1,
      }),
    });
    const first = await push("J-10002", body);
    expect(first.status).toBe(201);
    const again = await push("J-10002", body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      replayed: true,
      invoiceNumber: DEMO_INVOICES.acmeOpen.number,
    });
    expect(payments().length - before).toBe(1);
    expect(invoice(DEMO_INVOICES.acmeOpen.id).status).toBe("PAID");
    const reused = await push("J-10002", { ...body, amount: "1.00" });
    expect(reused.status).toBe(409);
  });

  it("two concurrent calls with the same paymentId → one payment", async () => {
    await setup({ pushPayments: { enabled: true, bankAccountCode: "090" } });
    const before = payments().length;
    const puts = count(emu, "PUT /api.xro/2.0/Payments");
    const body = { paymentId: "agg-pay-2", amount: "10.00", date: today() };
    const [a, b] = await Promise.all([push("J-10004", body), push("J-10004", body)]);
    expect([a.status, b.status].every((s) => s === 200 || s === 201)).toBe(true);
    expect(await a.json()).toMatchObject({ paymentId: "agg-pay-2" });
    expect(count(emu, "PUT /api.xro/2.0/Payments") - puts).toBe(1); // one attempt shared, not two

    expect(payments().length - before).toBe(1);
  });

  it("each refusal has its status and message", async () => {
    await setup({ pushPayments: { enabled: true, bankAccountCode: "090" } });
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      ["J-10001", { paymentId: "r1", amount: "1.00", date: today() }, 409, /already paid/],
      ["J-10002", { paymentId: "r2", amount: "999999.00", date: today() }, 422, /more than/],
      ["J-99999", { paymentId: "r3", amount: "1.00", date: today() }, 404, /no invoice/i],
      ["J-10002", { paymentId: "bad id!", amount: "1", date: today() }, 400, /paymentId/],
      ["J-10002", { paymentId: "r5", amount: "1.00", date: "25/11/2026" }, 400, /date/],
    ];
    for (const [job, body, status, message] of cases) {
      const res = await push(job, body);
      const json = (await res.json()) as { error: { message: string } };
      expect({ job, status: res.status }).toEqual({ job, status });
      expect(json.error.message).toMatch(message);
    }
    const draft = DEMO_INVOICES.draft;
    const res = await push(draft.reference, { paymentId: "r6", amount: "1.00", date: today() });
    expect(res.status).toBe(422);
  });

  it("a bank account no longer valid in Xero → 409 and a problem admins see", async () => {
    await setup({ pushPayments: { enabled: true, bankAccountCode: "090" } });
    const org = emu.state.orgs.get(DEMO_TENANT_ID);
    const acct = org && accountByCode(org, "090");
    if (acct) acct.status = "ARCHIVED";
    const res = await push("J-10002", { paymentId: "acct-1", amount: "1.00", date: today() });
    expect(res.status).toBe(409);
    const s = await admin("/api/settings");
    expect((s.body.pushPayments as { problem?: string }).problem).toMatch(/bank account/);
  });
});

describe("settings", () => {
  it("validates per field, lists payment accounts, and is admin-only", async () => {
    await setup();
    const bad = await admin("/api/settings", {
      method: "PUT",
      body: JSON.stringify({ webhookUrl: "ftp://nope", warningThreshold: 2 }),
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error as { details: { path: string }[] }).details.map((d) => d.path).sort();
    expect(paths).toEqual(["warningThreshold", "webhookUrl"]);
    const noAccount = await admin("/api/settings", {
      method: "PUT",
      body: JSON.stringify({ pushPayments: { enabled: true } }),
    });
    expect(noAccount.status).toBe(400);
    const accounts = await admin("/api/settings/bank-accounts");
    const codes = (accounts.body.accounts as { code: string }[]).map((a) => a.code);
    expect(codes).toEqual(expect.arrayContaining(["090", "091"]));
    expect(codes).not.toContain("092");
    expect(codes).not.toContain("200");
    const staff = await SELF.fetch(`${WORKER}/api/settings`, {
      headers: bearer(await embedToken({ tenant: T, role: "staff" })),
    });
    expect(staff.status).toBe(403);
  });

  it("limit and job-match fields are the provider's: offered in the settings, anything else refused", async () => {
    await setup();
    const s = await admin("/api/settings");
    const options = s.body.options as {
      limitFields: { value: string }[];
      jobMatchFields: { value: string }[];
    };
    expect(options.limitFields.map((o) => o.value)).toEqual([
      "XeroNetworkKey",
      "TaxNumber",
      "AccountNumber",
      "BankAccountDetails",
      "Website",
    ]);
    expect(options.jobMatchFields.map((o) => o.value)).toEqual(["Reference", "InvoiceNumber"]);
    const fax = await admin("/api/settings", { method: "PUT", body: JSON.stringify({ limitField: "Fax" }) });
    expect(fax.status).toBe(400);
    expect(fax.body.error).toMatchObject({ code: "validation_failed", details: [{ path: "limitField" }] });
    const web = await admin("/api/settings", {
      method: "PUT",
      body: JSON.stringify({ limitField: "Website" }),
    });
    expect(web.body).toMatchObject({ limitField: "Website" });
  });
});
