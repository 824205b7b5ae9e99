import { contactKeys, type MatchTier } from "../credit/matching.ts";
import { ContactCredit, toSummary } from "./xero-contact.ts";

/** A read-model index entry: a tier and its normalised key ("contactNumber|acme01"). */
export type IndexKey = `${MatchTier}|${string}`;

const COLUMN: Record<MatchTier, string> = {
  contactId: "k_id",
  contactNumber: "k_number",
  accountNumber: "k_account",
  name: "k_name",
};

/**
 * The tenant's contacts in its Durable Object's SQLite: the source the KV read model is built
 * from. Every change records the index keys it touched, so only those KV entries are rewritten.
 */
export class ContactStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS contacts (id TEXT PRIMARY KEY, k_id TEXT, k_number TEXT, k_account TEXT, k_name TEXT, json TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS contacts_number ON contacts(k_number);
      CREATE INDEX IF NOT EXISTS contacts_account ON contacts(k_account);
      CREATE INDEX IF NOT EXISTS contacts_name ON contacts(k_name);
      CREATE TABLE IF NOT EXISTS kv_dirty (key TEXT PRIMARY KEY);`);
  }

  private keysOf(c: ContactCredit): IndexKey[] {
    return contactKeys(toSummary(c)).map((k) => `${k.tier}|${k.key}` as IndexKey);
  }

  /** Inserts or replaces contacts; marks the old and new index keys of each dirty. */
  upsert(records: readonly ContactCredit[]): void {
    for (const c of records) {
      const old = this.get(c.contactId);
      const dirty = new Set<IndexKey>([...(old ? this.keysOf(old) : []), ...this.keysOf(c)]);
      const keys = Object.fromEntries(contactKeys(toSummary(c)).map((k) => [k.tier, k.key])) as Partial<
        Record<MatchTier, string>
      >;
      this.sql.exec(
        "INSERT OR REPLACE INTO contacts (id, k_id, k_number, k_account, k_name, json) VALUES (?, ?, ?, ?, ?, ?)",
        c.contactId,
        keys.contactId ?? null,
        keys.contactNumber ?? null,
        keys.accountNumber ?? null,
        keys.name ?? null,
        JSON.stringify(c),
      );
      for (const k of dirty) this.sql.exec("INSERT OR IGNORE INTO kv_dirty (key) VALUES (?)", k);
    }
  }

  /** One contact by ContactID. */
  get(contactId: string): ContactCredit | null {
    const row = this.sql
      .exec<{ json: string }>("SELECT json FROM contacts WHERE id = ?", contactId)
      .toArray()[0];
    return row ? ContactCredit.parse(JSON.parse(row.json)) : null;
  }

  /** The contacts filed under one index key. */
  byKey(key: IndexKey): ContactCredit[] {
    const i = key.indexOf("|");
    const tier = key.slice(0, i) as MatchTier;
    const rows = this.sql
      .exec<{ json: string }>(`SELECT json FROM contacts WHERE ${COLUMN[tier]} = ?`, key.slice(i + 1))
      .toArray();
    return rows.map((r) => ContactCredit.parse(JSON.parse(r.json)));
  }

  /** Up to `limit` index keys whose KV entry must be rewritten (removed when `commit`ted). */
  dirty(limit: number): IndexKey[] {
    return this.sql
      .exec<{ key: string }>("SELECT key FROM kv_dirty LIMIT ?", limit)
      .toArray()
      .map((r) => r.key as IndexKey);
  }

  /** Marks index keys as written to KV. */
  clean(keys: readonly IndexKey[]): void {
    for (const k of keys) this.sql.exec("DELETE FROM kv_dirty WHERE key = ?", k);
  }

  /** How many keys still wait for KV. */
  dirtyCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM kv_dirty").one().n;
  }

  /** How many contacts are stored. */
  count(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM contacts").one().n;
  }
}
