// The tenant object's storage schema as one ordered list of versioned migrations, run once per
// object (TenantObject's constructor, under blockConcurrencyWhile) instead of `CREATE TABLE IF NOT
// EXISTS` in every service constructor. The version lives in a one-row `schema_meta` table:
// DO SQLite does not let us set `PRAGMA user_version`, and a table is wiped together with the
// rest by `deleteAll()` (disconnect), after which the object migrates again from zero.
// Documented in worker/store/SCHEMA.md; a change to a table or record shape is a new entry here.

import { parseAmount } from "../../shared/money.ts";
import { withPaymentIdAlias } from "../../shared/payments.ts";
import { fingerprint } from "../payments/push.ts";
import {
  LEGACY_KEYS,
  LEGACY_PAYMENT_ID_FIELD,
  LEGACY_WEBHOOK_SEEN_TABLE,
  LegacyPushed,
  upgradeConnection,
} from "../provider/registry.ts";
import { ContactStore } from "../sync/contact-store.ts";

/** What a migration may touch: the object's SQL and its key-value storage. */
export interface MigrationStorage {
  sql: SqlStorage;
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** One schema step; `up` runs exactly once per object, in version order. */
export interface Migration {
  version: number;
  name: string;
  up(s: MigrationStorage): void | Promise<void>;
}

const contactCols = ["id", "number", "account", "name"].map((t) => `k_${t} TEXT, b_${t} INTEGER`).join(", ");

/**
 * The migrations, oldest first. Version 1 is the schema every object had before versioning
 * (hence `IF NOT EXISTS`: such objects hold the tables at version 0).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "baseline: contacts, kv_dirty, invoices, jobs, events, pay_attempts",
    up: ({ sql }) => {
      sql.exec(`CREATE TABLE IF NOT EXISTS contacts (id TEXT PRIMARY KEY, ${contactCols}, json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS contacts_b_id ON contacts(b_id);
        CREATE INDEX IF NOT EXISTS contacts_b_number ON contacts(b_number);
        CREATE INDEX IF NOT EXISTS contacts_b_account ON contacts(b_account);
        CREATE INDEX IF NOT EXISTS contacts_b_name ON contacts(b_name);
        CREATE TABLE IF NOT EXISTS kv_dirty (bucket TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS invoices (id TEXT PRIMARY KEY, k_ref TEXT, k_num TEXT, json TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS invoices_ref ON invoices(k_ref);
        CREATE INDEX IF NOT EXISTS invoices_num ON invoices(k_num);
        CREATE TABLE IF NOT EXISTS jobs (k TEXT PRIMARY KEY, level TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
          json TEXT NOT NULL, created_at INTEGER NOT NULL, delivered_at INTEGER, attempts INTEGER NOT NULL DEFAULT 0,
          next_at INTEGER NOT NULL, gave_up INTEGER NOT NULL DEFAULT 0, last_error TEXT);
        CREATE TABLE IF NOT EXISTS pay_attempts (payment_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
          state TEXT NOT NULL, tries INTEGER NOT NULL, request TEXT, outcome TEXT, updated_at INTEGER NOT NULL);`);
    },
  },
  {
    version: 2,
    name: "pushed → pay_attempts (outcomes stored before attempts were recorded)",
    up: async (s) => {
      if (!hasTable(s.sql, "pushed")) return;
      const tenant = String((await s.get("tenant")) ?? "");
      const conn = (await s.get("connection")) as { currency?: string } | undefined;
      const currency = conn?.currency ?? "GBP";
      for (const raw of s.sql.exec("SELECT payment_id, json FROM pushed").toArray()) {
        const old = LegacyPushed.parse(JSON.parse(String(raw.json)));
        const parsed = parseAmount(old.amount, old.currency ?? currency);
        const result = withPaymentIdAlias({
          paymentId: old.paymentId,
          job: old.job,
          invoiceNumber: old.invoiceNumber,
          providerPaymentId: old.providerPaymentId,
          amount: old.amount,
          amountMinor: parsed.kind === "amount" ? parsed.minor : 0,
          currency: old.currency ?? currency,
          date: old.date,
          accountCode: old.accountCode,
          replayed: false,
        });
        const fp = fingerprint(tenant, old.job, {
          paymentId: old.paymentId,
          amount: old.amount,
          date: old.date,
        });
        s.sql.exec(
          "INSERT OR IGNORE INTO pay_attempts (payment_id, fingerprint, state, tries, request, outcome, updated_at) VALUES (?, ?, 'done', 1, NULL, ?, 0)",
          String(raw.payment_id),
          fp,
          JSON.stringify(result),
        );
      }
      s.sql.exec("DROP TABLE pushed");
    },
  },
  {
    version: 3,
    name: "webhook_seen: provider webhook dedupe keys (created on the first webhook, under the legacy name)",
    up: ({ sql }) => {
      if (hasTable(sql, LEGACY_WEBHOOK_SEEN_TABLE))
        sql.exec(`ALTER TABLE ${LEGACY_WEBHOOK_SEEN_TABLE} RENAME TO webhook_seen`);
      else sql.exec("CREATE TABLE IF NOT EXISTS webhook_seen (key TEXT PRIMARY KEY, at INTEGER NOT NULL)");
    },
  },
  {
    version: 4,
    name: "connection record: provider-neutral orgRef / connectionRef",
    up: async (s) => {
      const raw = await s.get("connection");
      if (raw !== undefined) await s.put("connection", upgradeConnection(raw));
    },
  },
  {
    version: 5,
    name: "pay_attempts outcomes: providerPaymentId (the legacy id field stays as the published alias)",
    up: ({ sql }) => {
      const old = `$.${LEGACY_PAYMENT_ID_FIELD}`;
      sql.exec(
        `UPDATE pay_attempts SET outcome = json_set(outcome, '$.providerPaymentId', json_extract(outcome, ?))
         WHERE state = 'done' AND json_extract(outcome, '$.providerPaymentId') IS NULL AND json_extract(outcome, ?) IS NOT NULL`,
        old,
        old,
      );
    },
  },
  {
    version: 6,
    name: "sync budget keys: provider-neutral names (webhook-at, day-budget)",
    up: async (s) => {
      for (const [from, to] of Object.entries(LEGACY_KEYS)) {
        const v = await s.get(from);
        if (v === undefined) continue;
        await s.put(to, v);
        await s.delete(from);
      }
    },
  },
  {
    version: 7,
    name: "customer_merges: which customer was merged into which (QuickBooks names a merge only in its webhook)",
    up: ({ sql }) => {
      sql.exec(`CREATE TABLE IF NOT EXISTS customer_merges (from_id TEXT PRIMARY KEY, to_id TEXT NOT NULL,
        at INTEGER NOT NULL, keys TEXT)`);
    },
  },
  {
    version: 8,
    name: "contact index: one bucket family (KV `k:{n}`) instead of code and name (`k:code:{n}`, `k:name:{n}`)",
    up: ({ sql }) => {
      // IF NOT EXISTS / OR REPLACE: safe to re-run (tests re-run migrations from an older version).
      sql.exec(`CREATE TABLE IF NOT EXISTS kv_legacy (bucket TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS kv_state (id INTEGER PRIMARY KEY CHECK (id = 1), migrating INTEGER NOT NULL);`);
      // The old keys in KV: every bucket a stored contact was filed in, and any still dirty.
      sql.exec(`INSERT OR IGNORE INTO kv_legacy (bucket)
        SELECT 'code|' || b FROM (SELECT b_id AS b FROM contacts UNION SELECT b_number FROM contacts
          UNION SELECT b_account FROM contacts) WHERE b IS NOT NULL
        UNION SELECT 'name|' || b_name FROM contacts WHERE b_name IS NOT NULL
        UNION SELECT bucket FROM kv_dirty WHERE bucket LIKE 'code|%' OR bucket LIKE 'name|%'`);
      sql.exec("DELETE FROM kv_dirty");
      // New keys (names normalise final sigma now) and buckets; every bucket holding a contact is dirty.
      new ContactStore(sql).reindex();
      const pending = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM kv_legacy").one().n > 0;
      sql.exec("INSERT OR REPLACE INTO kv_state (id, migrating) VALUES (1, ?)", pending ? 1 : 0);
    },
  },
];

/** The version a fully migrated object is at. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

function hasTable(sql: SqlStorage, name: string): boolean {
  return (
    sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", name).toArray().length > 0
  );
}

/** The object's schema version (0 before any migration ran). */
export function schemaVersion(sql: SqlStorage): number {
  if (!hasTable(sql, "schema_meta")) return 0;
  return (
    sql.exec<{ version: number }>("SELECT version FROM schema_meta WHERE id = 1").toArray()[0]?.version ?? 0
  );
}

/**
 * Brings the object's storage to {@link SCHEMA_VERSION}: runs every migration above the stored
 * version, in order, recording each. A second call is a no-op. Returns the versions applied.
 */
export async function migrate(s: MigrationStorage): Promise<number[]> {
  s.sql.exec(
    "CREATE TABLE IF NOT EXISTS schema_meta (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)",
  );
  const from = schemaVersion(s.sql);
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= from) continue;
    await m.up(s);
    s.sql.exec("INSERT OR REPLACE INTO schema_meta (id, version) VALUES (1, ?)", m.version);
    applied.push(m.version);
  }
  return applied;
}
