// Storage written by the code before the provider seam (main at 45a245a) is upgraded once, the
// first time its object starts; running the migrations again changes nothing. The fixtures below
// are that code's exact shapes: its DDL, its `connection` record and its KV list key.

import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SqlCustomerMerges } from "../../worker/store/customer-merges.ts";
import { migrate, SCHEMA_VERSION, schemaVersion } from "../../worker/store/migrations.ts";
import { orgMapKey, tenantsForOrg } from "../../worker/store/org-map.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { XERO_ORGS } from "../../worker/xero/config.ts";

const ORG = "a3b2c1d0-0000-4000-8000-000000000000";

/** What `connection` held before the seam (worker/tenant/connect-flow.ts finish()). */
const OLD_CONNECTION = {
  provider: "xero",
  state: "connected",
  xeroConnectionId: "8f1c0000-0000-4000-8000-000000000001",
  xeroTenantId: ORG,
  orgName: "Demo Aggregates Ltd",
  currency: "GBP",
  timezone: "Europe/London",
  connectedAt: 1795000000000,
  connectedBy: "user-17",
};

/** The tables as the code before the seam created them, in its service constructors. */
const OLD_DDL = `CREATE TABLE contacts (id TEXT PRIMARY KEY, k_id TEXT, b_id INTEGER, k_number TEXT, b_number INTEGER,
    k_account TEXT, b_account INTEGER, k_name TEXT, b_name INTEGER, json TEXT NOT NULL);
  CREATE INDEX contacts_b_id ON contacts(b_id);
  CREATE TABLE kv_dirty (bucket TEXT PRIMARY KEY);
  CREATE TABLE invoices (id TEXT PRIMARY KEY, k_ref TEXT, k_num TEXT, json TEXT NOT NULL);
  CREATE TABLE jobs (k TEXT PRIMARY KEY, level TEXT NOT NULL);
  CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
    json TEXT NOT NULL, created_at INTEGER NOT NULL, delivered_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL, gave_up INTEGER NOT NULL DEFAULT 0, last_error TEXT);
  CREATE TABLE pay_attempts (payment_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
    state TEXT NOT NULL, tries INTEGER NOT NULL, request TEXT, outcome TEXT, updated_at INTEGER NOT NULL);
  CREATE TABLE xero_seen (key TEXT PRIMARY KEY, at INTEGER NOT NULL);`;

const OLD_OUTCOME = {
  paymentId: "pay-77",
  job: "J-10002",
  invoiceNumber: "INV-0002",
  xeroPaymentId: "0f0f0000-0000-4000-8000-000000000077",
  amount: "120.50",
  amountMinor: 12050,
  currency: "GBP",
  date: "2026-11-25",
  accountCode: "090",
  replayed: false,
};

describe("storage migrations", () => {
  it("an object written before the seam is upgraded once; a second run is a no-op", async () => {
    const T = `tenant-${crypto.randomUUID()}`;
    const stub = tenantStub(env, T);
    await runInDurableObject(stub, async (_o, state) => {
      const s = state.storage;
      // Back to what the old code left: its tables, its records, no schema version.
      await s.deleteAll();
      s.sql.exec(OLD_DDL);
      s.sql.exec("INSERT INTO xero_seen VALUES ('k1', ?)", Date.now());
      s.sql.exec(
        "INSERT INTO pay_attempts VALUES ('pay-77', '[]', 'done', 1, NULL, ?, 0)",
        JSON.stringify(OLD_OUTCOME),
      );
      await s.put({
        tenant: T,
        connection: OLD_CONNECTION,
        "xero-day": { day: 612, at: 1795000000000 },
        "xero-webhook-at": 1795000000000,
      });
      expect(schemaVersion(s.sql)).toBe(0);

      expect(await migrate(s)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(schemaVersion(s.sql)).toBe(SCHEMA_VERSION);
      expect(await s.get("connection")).toEqual({
        provider: "xero",
        state: "connected",
        orgRef: ORG,
        connectionRef: OLD_CONNECTION.xeroConnectionId,
        orgName: "Demo Aggregates Ltd",
        currency: "GBP",
        timezone: "Europe/London",
        connectedAt: 1795000000000,
        connectedBy: "user-17",
      });
      expect(await s.get("day-budget")).toEqual({ day: 612, at: 1795000000000 });
      expect(await s.get("webhook-at")).toBe(1795000000000);
      expect(await s.get("xero-day")).toBeUndefined();
      expect(s.sql.exec("SELECT key FROM webhook_seen").toArray()).toEqual([{ key: "k1" }]);
      const outcome = JSON.parse(String(s.sql.exec("SELECT outcome FROM pay_attempts").one().outcome));
      expect(outcome).toMatchObject({
        providerPaymentId: OLD_OUTCOME.xeroPaymentId,
        xeroPaymentId: OLD_OUTCOME.xeroPaymentId,
      });

      const before = JSON.stringify([
        await s.get("connection"),
        s.sql.exec("SELECT * FROM pay_attempts").toArray(),
      ]);
      expect(await migrate(s)).toEqual([]);
      expect(
        JSON.stringify([await s.get("connection"), s.sql.exec("SELECT * FROM pay_attempts").toArray()]),
      ).toBe(before);
    });
    // The upgraded record reads through the object's RPC as before.
    expect(await stub.connectionRef(T)).toBe(OLD_CONNECTION.xeroConnectionId);
    expect(await stub.getStatus(T)).toMatchObject({ status: "connected", provider: "xero" });
  });

  it("7: an object at version 6 gains customer_merges; a merge keeps the keys the store knew it by", async () => {
    await runInDurableObject(tenantStub(env, `tenant-${crypto.randomUUID()}`), async (_o, state) => {
      const sql = state.storage.sql;
      sql.exec("DROP TABLE customer_merges; DROP TABLE kv_legacy; DROP TABLE kv_state");
      sql.exec("UPDATE schema_meta SET version = 6");
      expect(await migrate(state.storage)).toEqual([7, 8]);
      const before = {
        contactId: "9",
        name: "Pennine Paving",
        contactNumber: "Pennine Paving",
        status: "ACTIVE",
      };
      sql.exec("INSERT INTO contacts (id, json) VALUES ('9', ?)", JSON.stringify(before));
      const merges = new SqlCustomerMerges(sql);
      merges.record("9", "5", 1795000000000);
      expect(merges.get("9")).toEqual({
        to: "5",
        keys: { name: "Pennine Paving", contactNumber: "Pennine Paving" },
      });
      // Recorded again after the store took the renamed record: the keys from before the merge stay.
      sql.exec(
        "UPDATE contacts SET json = ? WHERE id = '9'",
        JSON.stringify({ ...before, name: "P (deleted)" }),
      );
      merges.record("9", "5", 1795000000001);
      expect(merges.get("9")?.keys?.name).toBe("Pennine Paving");
      expect(merges.get("5")).toBeUndefined();
    });
  });

  it("a fresh object starts at the current version", async () => {
    const stub = tenantStub(env, `tenant-${crypto.randomUUID()}`);
    await runInDurableObject(stub, (_o, state) => {
      expect(schemaVersion(state.storage.sql)).toBe(SCHEMA_VERSION);
    });
  });
});

describe("KV organisation lists", () => {
  it("x:{xeroTenantId} (before the seam) moves to o:xero:{orgRef} on first read", async () => {
    const org = crypto.randomUUID();
    await env.KV.put(`x:${org}`, JSON.stringify(["acme", "acme-2"]));
    expect(await tenantsForOrg(env.KV, XERO_ORGS, org)).toEqual(["acme", "acme-2"]);
    expect(await env.KV.get(`x:${org}`)).toBeNull();
    expect(await env.KV.get(await orgMapKey("xero", org), "json")).toEqual(["acme", "acme-2"]);
    expect(await tenantsForOrg(env.KV, XERO_ORGS, org)).toEqual(["acme", "acme-2"]);
  });
});
