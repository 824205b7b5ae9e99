// Each tenant service works without the Durable Object class: built directly on an object's
// storage with a fake clock and fake provider pieces, the way the object wires them.

import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { PullSource, Runtime } from "../../worker/provider/capabilities.ts";
import { ProviderError } from "../../worker/provider/errors.ts";
import type { Customer } from "../../worker/provider/model.ts";
import { providerFor } from "../../worker/provider/registry.ts";
import { AlarmService } from "../../worker/tenant/alarm-service.ts";
import { ConnectService } from "../../worker/tenant/connect-service.ts";
import { ConnectionService } from "../../worker/tenant/connection-service.ts";
import { PaymentsService } from "../../worker/tenant/payments-service.ts";
import { defaultSettings } from "../../worker/tenant/settings.ts";
import { SettingsService } from "../../worker/tenant/settings-service.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { SyncService } from "../../worker/tenant/sync-service.ts";
import { dedupe } from "../../worker/tenant/webhook-service.ts";

const NOW = 1_795_000_000_000;
const rt: Runtime = {
  now: () => NOW,
  fetch: async (input) => {
    throw new Error(`no network in this test (${String(input)})`);
  },
  sleep: async () => {},
};
const xero = providerFor("xero");
const settings = defaultSettings("5", { limitField: "XeroNetworkKey", jobMatchField: "Reference" });

/** Runs `fn` on a fresh object's storage (the object itself is only the storage's owner). */
async function withStorage(fn: (storage: DurableObjectStorage, tenant: string) => Promise<void>) {
  const tenant = `tenant-${crypto.randomUUID()}`;
  await runInDurableObject(tenantStub(env, tenant), async (_o, state) => fn(state.storage, tenant));
}

const connected = {
  provider: "xero" as const,
  state: "connected" as const,
  orgRef: "org-1",
  connectionRef: "conn-1",
  orgName: "Demo Aggregates Ltd",
  currency: "GBP",
  connectedAt: NOW - 1000,
  connectedBy: "user-1",
};

function connection(storage: DurableObjectStorage, tenant: string, changes: unknown[] = []) {
  return new ConnectionService({
    tenant,
    storage,
    env,
    rt,
    memory: { keeper: null },
    onStateChange: async (c) => {
      changes.push(c.state);
    },
  });
}

describe("tenant services without the Durable Object", () => {
  it("ConnectionService: needs_reconnect is recorded once, at the runtime's time, and announced", async () => {
    await withStorage(async (storage, tenant) => {
      const changes: unknown[] = [];
      const c = connection(storage, tenant, changes);
      await c.put(connected);
      await c.markNeedsReconnect("gone");
      await c.markNeedsReconnect("gone again");
      expect(await c.get()).toMatchObject({ state: "needs_reconnect", reason: "gone", since: NOW });
      expect(changes).toEqual(["needs_reconnect"]);
      expect(await c.accessToken()).toMatchObject({ ok: false, status: 409 });
    });
  });

  it("ConnectService: a page origin that is not allowed gets no ticket; a ticket arms the purge", async () => {
    await withStorage(async (storage, tenant) => {
      const purges: number[] = [];
      const svc = new ConnectService({
        tenant,
        storage,
        env,
        rt,
        conn: connection(storage, tenant),
        resetTokens: () => {},
        afterConnect: async () => {},
        purgeBy: async (at) => {
          purges.push(at);
        },
        wipeObject: async () => {},
        connectionRefOf: async () => null,
      });
      expect(await svc.createTicket("xero", "user-1", "https://evil.example")).toMatchObject({
        ok: false,
        status: 403,
      });
      const origin = env.ALLOWED_ORIGINS.split(",")[0] ?? "";
      expect(await svc.createTicket("xero", "user-1", origin)).toMatchObject({ ok: true });
      expect(purges).toEqual([NOW + 61_000]);
      // Nothing stored, nothing to release: disconnect is a no-op that succeeds.
      expect(await svc.disconnect()).toEqual({ ok: true, value: { status: "not_connected" } });
    });
  });

  it("SettingsService: field options come from the provider; an unknown field is a 400 naming them", async () => {
    await withStorage(async (storage, tenant) => {
      const svc = new SettingsService({
        storage,
        env,
        tenant,
        provider: async () => xero,
        writer: async () => null,
        onSaved: async () => {},
      });
      const view = await svc.view();
      expect(view.limitField).toBe("XeroNetworkKey");
      expect(view.options?.limitFields.map((o) => o.value)).toContain("Website");
      expect(view.options?.jobMatchFields.map((o) => o.value)).toEqual(["Reference", "InvoiceNumber"]);
      const bad = await svc.update({ limitField: "Fax" });
      expect(bad).toMatchObject({ ok: false, status: 400, details: [{ path: "limitField" }] });
      expect(await svc.update({ limitField: "Website" })).toMatchObject({
        ok: true,
        value: { limitField: "Website" },
      });
      expect(await svc.bankAccounts()).toMatchObject({
        ok: false,
        status: 409,
        message: "Connect Xero first.",
      });
    });
  });

  it("SyncService: a pull's customers land in the store; a 429 waits its Retry-After", async () => {
    await withStorage(async (storage, tenant) => {
      const customer: Customer = {
        contactId: "c-1",
        name: "Acme",
        status: "ACTIVE",
        limitRaw: "5000",
        outstandingMinor: 100,
        overdueMinor: 0,
      };
      let fail = false;
      const pull: PullSource = {
        pull: async (start, sink) => {
          if (fail)
            throw new ProviderError("rate_limited", "slow down", { retryAfterMs: 42_000, limit: "minute" });
          sink.customers([customer]);
          const done = {
            ...start,
            phase: "idle" as const,
            lastSyncedAt: NOW,
            nextRunAt: NOW + sink.intervalMs(),
          };
          await sink.save(done);
          return done;
        },
        customers: async () => [customer],
        invoices: async () => [],
        jobInvoices: async () => [],
      };
      const sync = new SyncService({
        storage,
        kv: env.KV,
        tenant,
        rt,
        provider: "xero",
        pull,
        settings,
        currency: "GBP",
        budget: {},
        onInvoices: () => {},
      });
      const ok = await sync.run();
      expect(ok).toMatchObject({ phase: "idle", lastSyncedAt: NOW, nextRunAt: NOW + 300_000 });
      expect(sync.store.get("c-1")).toEqual(customer);
      fail = true;
      await sync.requestNow();
      const r = await sync.run();
      expect(r).toMatchObject({ error: "slow down", nextRunAt: NOW + 42_000 });
    });
  });

  it("PaymentsService: ingesting invoices announces a job's payment once; no writer → a 409 in the provider's words", async () => {
    await withStorage(async (storage, tenant) => {
      const payments = new PaymentsService({
        sql: storage.sql,
        tenant,
        settings,
        currency: "GBP",
        timezone: "Europe/London",
        rt,
        providerName: "Sage 50",
        webhook: async () => null,
        saveSettings: async () => {},
        inflight: new Map(),
      });
      const inv = {
        invoiceId: "i-1",
        invoiceNumber: "INV-1",
        reference: "J-1",
        status: "PAID",
        currency: "GBP",
        totalMinor: 1000,
        paidMinor: 1000,
        creditedMinor: 0,
        dueMinor: 0,
      };
      expect(payments.ingest([inv], true).map((e) => e.type)).toEqual(["job.paid"]);
      expect(payments.ingest([inv], true)).toEqual([]);
      expect(payments.payment("j-1").state).toBe("paid");
      expect(await payments.push("J-1", { paymentId: "p1", amount: "1", date: "2026-12-01" })).toMatchObject({
        status: 409,
        message: "Sage 50 payments are recorded in Sage 50 itself.",
      });
    });
  });

  it("webhooks: a delivered key is fresh once within a week", async () => {
    await withStorage(async (storage) => {
      expect(dedupe(storage.sql, [{ key: "a" }, { key: "b" }], NOW)).toHaveLength(2);
      expect(dedupe(storage.sql, [{ key: "a" }, { key: "c" }], NOW + 1000).map((i) => i.key)).toEqual(["c"]);
      expect(dedupe(storage.sql, [{ key: "a" }], NOW + 8 * 24 * 3600_000)).toHaveLength(1);
    });
  });

  it("AlarmService: `by` only ever moves the alarm earlier", async () => {
    await withStorage(async (storage, tenant) => {
      const alarms = new AlarmService({ storage, kv: env.KV, tenant, rt });
      const soon = Date.now() + 3600_000; // in the future: a past alarm would fire at once
      await alarms.by(soon + 60_000);
      await alarms.by(soon + 120_000);
      expect(await storage.getAlarm()).toBe(soon + 60_000);
      await alarms.by(soon + 10_000);
      expect(await storage.getAlarm()).toBe(soon + 10_000);
      await storage.deleteAlarm();
    });
  });
});
