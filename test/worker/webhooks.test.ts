// POST /webhooks/xero end to end: the signature is checked over the raw bytes before anything is
// decoded, oversized bodies are refused, signed-but-unreadable deliveries are acknowledged and
// dropped, and credit notes / prepayments / overpayments refresh the contacts (and invoices) they
// touch. Deliveries go through the worker's fetch with an execution context the test waits on,
// so "nothing happened" is asserted after the processing has finished, not after a sleep.

import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index.ts";
import { unmapOrg } from "../../worker/store/org-map.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { XERO_ORGS } from "../../worker/xero/config.ts";
import { MAX_WEBHOOK_BYTES } from "../../worker/xero/webhook-payload.ts";
import type { Emulator } from "../emulator/index.ts";
import {
  contactBalance,
  createCredit,
  DEMO_CONTACTS,
  DEMO_INVOICES,
  DEMO_TENANT_ID,
  payInvoice,
} from "../emulator/seed/index.ts";
import { sign } from "../emulator/webhooks.ts";
import { connect, quiet, WORKER } from "./connect-helpers.ts";
import { count, useEmulator } from "./emulator-harness.ts";
import { bearer, embedToken } from "./tokens.ts";

const KEY = "test-webhook-key";
let emu: Emulator;
let T: string;

/** Hands a request to the worker and waits for everything it deferred (waitUntil) to finish. */
async function settled(req: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(req, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator({ webhooks: true, deliver: settled });
});
afterEach(async () => {
  // KV outlives the test: without this, later tests' deliveries would fan out to this tenant too.
  await unmapOrg(env.KV, XERO_ORGS, DEMO_TENANT_ID, T);
  await quiet(T);
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const stub = () => tenantStub(env, T);
const enc = (s: string) => new TextEncoder().encode(s);
const GETS = ["GET /api.xro/2.0/Invoices", "GET /api.xro/2.0/Contacts"];
const xeroGets = () => GETS.map((k) => count(emu, k));

async function setup() {
  await connect(emu, [DEMO_TENANT_ID], T);
  for (let i = 0; i < 10; i++) {
    const r = await stub().syncNow(T, 1000);
    if (r.ok && r.value.phase === "idle" && r.value.kvPending === 0) return quiet(T); // no alarm-driven sync mid-test
  }
  throw new Error("sync did not finish");
}

function payload(events: { category: string; id: string; data?: unknown }[], extra = ""): string {
  return JSON.stringify({
    events: events.map((e) => ({
      resourceUrl: `https://x/api.xro/2.0/Things/${e.id}`,
      resourceId: e.id,
      eventDateUtc: new Date().toISOString().slice(0, -1),
      eventType: "UPDATE",
      eventCategory: e.category,
      tenantId: DEMO_TENANT_ID,
      tenantType: "ORGANISATION",
      ...(e.data ? { data: e.data } : {}),
    })),
    firstEventSequence: 1,
    lastEventSequence: 1,
    entropy: `ABC${extra}`,
  });
}

/** POSTs bytes signed with `signature` (default: over exactly these bytes) and waits for processing. */
async function post(bytes: Uint8Array<ArrayBuffer>, signature?: string): Promise<number> {
  const res = await settled(
    new Request(`${WORKER}/webhooks/xero`, {
      method: "POST",
      body: bytes,
      headers: { "x-xero-signature": signature ?? (await sign(bytes, KEY)) },
    }),
  );
  expect(await res.text()).toBe("");
  return res.status;
}

async function balanceMinor(ref: string): Promise<number> {
  const res = await SELF.fetch(`${WORKER}/api/customers/${ref}/credit`, {
    headers: bearer(await embedToken({ tenant: T, role: "staff" })),
  });
  const body = (await res.json()) as { position: { balanceMinor: number } };
  return body.position.balanceMinor;
}

async function jobPayment(job: string): Promise<Record<string, unknown>> {
  const res = await SELF.fetch(`${WORKER}/api/jobs/${job}/payment`, {
    headers: bearer(await embedToken({ tenant: T, role: "staff" })),
  });
  return res.json();
}

const feed = async () =>
  (
    (await (
      await SELF.fetch(`${WORKER}/v1/tenants/${T}/events`, { headers: bearer("test-server-api-key") })
    ).json()) as { events: { type: string; job: string }[] }
  ).events;

describe("Xero webhook bytes", () => {
  it("a BOM-prefixed body verifies against its raw bytes only, not against its decoded text", async () => {
    await setup();
    payInvoice(emu.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id);
    const text = payload([{ category: "INVOICE", id: DEMO_INVOICES.acmeOpen.id }]);
    const raw = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(text)]);
    expect(await post(raw, await sign(text, KEY))).toBe(401); // signed over text Xero never sent
    const before = count(emu, "GET /api.xro/2.0/Invoices");
    expect(await post(raw)).toBe(200);
    expect(count(emu, "GET /api.xro/2.0/Invoices")).toBe(before + 1);
    expect(await jobPayment("J-10002")).toMatchObject({ payment: { state: "paid" } });
  });

  it("correctly signed but unreadable (bad UTF-8, not JSON, wrong shape, too many events) → 200, nothing read", async () => {
    await setup();
    const before = xeroGets();
    const good = payload([{ category: "INVOICE", id: DEMO_INVOICES.acmeOpen.id }]);
    const badUtf8 = enc(good.replace("ABC", "AB\u0000"));
    badUtf8[badUtf8.indexOf(0)] = 0xff;
    const tooMany = payload(
      Array.from({ length: 501 }, () => ({ category: "CONTACT", id: DEMO_CONTACTS.acme.id })),
    );
    for (const body of [badUtf8, enc("{not json"), enc('{"events":"nope"}'), enc(tooMany)]) {
      expect(await post(body)).toBe(200);
    }
    expect(xeroGets()).toEqual(before);
  });

  it("over 1 MB → 413 (declared or actual size), signed or not", async () => {
    const big = new Uint8Array(MAX_WEBHOOK_BYTES + 1).fill(0x20);
    expect(await post(big)).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(MAX_WEBHOOK_BYTES / 4).fill(0x20));
        c.close();
      },
    });
    const res = await settled(
      new Request(`${WORKER}/webhooks/xero`, {
        method: "POST",
        body: stream,
        headers: { "x-xero-signature": "x" },
      }),
    );
    expect(res.status).toBe(413);
    const exact = new Uint8Array(MAX_WEBHOOK_BYTES).fill(0x20);
    expect(await post(exact)).toBe(200); // at the limit: read, verified, unreadable → acknowledged
  });

  it("events whose resourceId is not a GUID are dropped; the rest are processed", async () => {
    await setup();
    const [invoices, contacts] = xeroGets();
    const body = payload([
      { category: "INVOICE", id: DEMO_INVOICES.acmeOpen.number },
      { category: "CONTACT", id: DEMO_CONTACTS.acme.id },
    ]);
    expect(await post(enc(body))).toBe(200);
    expect(xeroGets()).toEqual([invoices, (contacts ?? 0) + 1]);
  });
});

describe("credit in Xero → balances and job states", () => {
  it("a credit note allocated to a job's invoice: the job turns paid, job.paid is logged, the balance drops", async () => {
    await setup();
    const before = await balanceMinor("ACME01");
    const due = Math.round(
      (emu.state.orgs.get(DEMO_TENANT_ID)?.invoices.get(DEMO_INVOICES.acmeOpen.id)?.total ?? 0) -
        (emu.state.orgs.get(DEMO_TENANT_ID)?.invoices.get(DEMO_INVOICES.acmeOpen.id)?.amountPaid ?? 0),
    );
    createCredit(emu.state, DEMO_TENANT_ID, { kind: "CREDITNOTE", invoice: DEMO_INVOICES.acmeOpen.id });
    await emu.flushWebhooks();
    expect(emu.webhooks.deliveries.at(-1)).toMatchObject({ ok: true, status: 200 });
    expect(await balanceMinor("ACME01")).toBe(before - due);
    expect(await balanceMinor("ACME01")).toBe(
      Math.round(contactBalance(emu.state, DEMO_TENANT_ID, DEMO_CONTACTS.acme.id).outstanding * 100),
    );
    expect(await jobPayment("J-10002")).toMatchObject({ payment: { state: "paid", dueMinor: 0 } });
    expect((await feed()).map((e) => [e.type, e.job])).toEqual([["job.paid", "J-10002"]]);
  });

  it("a supplier credit note (data.Type ACCPAYCREDIT) is not read", async () => {
    await setup();
    const before = count(emu, "GET /api.xro/2.0/CreditNotes/{id}");
    const body = payload([
      {
        category: "CREDITNOTE",
        id: DEMO_INVOICES.acmeOpen.id,
        data: { Type: "ACCPAYCREDIT", Status: "DRAFT" },
      },
    ]);
    expect(await post(enc(body))).toBe(200);
    expect(count(emu, "GET /api.xro/2.0/CreditNotes/{id}")).toBe(before);
  });

  for (const kind of ["PREPAYMENT", "OVERPAYMENT"] as const) {
    it(`an unallocated ${kind.toLowerCase()} refreshes the customer's balance`, async () => {
      await setup();
      const before = await balanceMinor("ACME01");
      createCredit(emu.state, DEMO_TENANT_ID, { kind, contactId: DEMO_CONTACTS.acme.id, amount: 250.5 });
      await emu.flushWebhooks();
      expect(await balanceMinor("ACME01")).toBe(before - 25050);
    });
  }

  it("a credit event for a record Xero no longer has is acknowledged and skipped", async () => {
    await setup();
    const reads = count(emu, "GET /api.xro/2.0/Prepayments/{id}");
    const [invoices, contacts] = xeroGets();
    const body = payload([{ category: "PREPAYMENT", id: crypto.randomUUID() }]);
    expect(await post(enc(body))).toBe(200);
    expect(count(emu, "GET /api.xro/2.0/Prepayments/{id}")).toBe(reads + 1); // Xero said 404
    expect(xeroGets()).toEqual([invoices, contacts]);
  });
});
