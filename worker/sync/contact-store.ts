import { contactKeys, type MatchTier } from "../credit/matching.ts";
import { Customer, toSummary } from "../provider/model.ts";
import { jsonRows } from "../store/json-rows.ts";
import { type BucketId, bucketFor, type LegacyBucketId } from "./buckets.ts";

const TIERS: readonly MatchTier[] = ["contactId", "contactNumber", "accountNumber", "name"];
const COL: Record<MatchTier, { key: string; bucket: string }> = {
  contactId: { key: "k_id", bucket: "b_id" },
  contactNumber: { key: "k_number", bucket: "b_number" },
  accountNumber: { key: "k_account", bucket: "b_account" },
  name: { key: "k_name", bucket: "b_name" },
};
const COLS = TIERS.flatMap((t) => [COL[t].key, COL[t].bucket]).join(", ");
const UPSERT = `INSERT OR REPLACE INTO contacts (id, ${COLS}, json) VALUES (?, ${TIERS.map(() => "?, ?").join(", ")}, ?)`;
const IN_BUCKET = TIERS.map((t) => `${COL[t].bucket} = ?1`).join(" OR ");

/** The match keys of a contact and the bucket each is filed in (null where the tier has no key). */
function indexOf(c: Customer): { values: (string | number | null)[]; buckets: BucketId[] } {
  const keys = new Map(contactKeys(toSummary(c)).map((k) => [k.tier, k.key]));
  const buckets: BucketId[] = [];
  const values = TIERS.flatMap((t) => {
    const k = keys.get(t);
    if (k === undefined) return [null, null];
    const b = bucketFor(t, k);
    buckets.push(b);
    return [k, b];
  });
  return { values, buckets };
}

type Row = Record<string, string | number | null>;

/**
 * The tenant's contacts in its Durable Object's SQLite: the source the KV read model is built
 * from. Every change records the KV buckets it touched, so only those entries are rewritten.
 */
export class ContactStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    // Tables `contacts`, `kv_dirty` (migration 1), `kv_legacy`, `kv_state` (7): worker/store/migrations.ts.
    this.sql = sql;
  }

  /** Inserts or replaces contacts; marks the old and new buckets of each dirty. */
  upsert(records: readonly Customer[]): void {
    for (const c of records) {
      const old = this.get(c.contactId);
      const next = indexOf(c);
      const dirty = new Set<BucketId>([...(old ? indexOf(old).buckets : []), ...next.buckets]);
      this.sql.exec(UPSERT, c.contactId, ...next.values, JSON.stringify(c));
      this.markDirty(dirty);
    }
  }

  /**
   * Recomputes every contact's keys and buckets from its record (after the key or bucket rules
   * changed) and marks every bucket that holds a contact dirty. Returns how many contacts.
   */
  reindex(): number {
    const rows = this.sql.exec<{ json: string }>("SELECT json FROM contacts").toArray();
    const dirty = new Set<BucketId>();
    for (const r of rows) {
      const c = Customer.parse(JSON.parse(r.json));
      const { values, buckets } = indexOf(c);
      this.sql.exec(UPSERT, c.contactId, ...values, r.json);
      for (const b of buckets) dirty.add(b);
    }
    this.markDirty(dirty);
    return rows.length;
  }

  private markDirty(ids: Iterable<BucketId>): void {
    for (const b of ids) this.sql.exec("INSERT OR IGNORE INTO kv_dirty (bucket) VALUES (?)", String(b));
  }

  /** One contact by ContactID. */
  get(contactId: string): Customer | null {
    return jsonRows(this.sql, Customer, "SELECT json FROM contacts WHERE id = ?", contactId)[0] ?? null;
  }

  /** The contacts filed under one tier's normalised key. */
  byKey(tier: MatchTier, key: string): Customer[] {
    return jsonRows(this.sql, Customer, `SELECT json FROM contacts WHERE ${COL[tier].key} = ?`, key);
  }

  /** A bucket's content: "tier|key" → the contacts filed under that key of that tier. */
  bucket(id: BucketId): Record<string, Customer[]> {
    const rows = this.sql.exec<Row>(`SELECT ${COLS}, json FROM contacts WHERE ${IN_BUCKET}`, id).toArray();
    const out: Record<string, Customer[]> = {};
    for (const r of rows) {
      const c = Customer.parse(JSON.parse(String(r.json)));
      for (const tier of TIERS) {
        if (r[COL[tier].bucket] !== id) continue;
        const entry = `${tier}|${r[COL[tier].key]}`;
        const list = out[entry] ?? [];
        list.push(c);
        out[entry] = list;
      }
    }
    return out;
  }

  /** Up to `limit` buckets whose KV entry must be rewritten (removed when `clean`ed). */
  dirty(limit: number): BucketId[] {
    return this.sql
      .exec<{ bucket: string }>("SELECT bucket FROM kv_dirty LIMIT ?", limit)
      .toArray()
      .map((r) => Number(r.bucket));
  }

  /** Marks buckets as written to KV. */
  clean(ids: readonly BucketId[]): void {
    for (const b of ids) this.sql.exec("DELETE FROM kv_dirty WHERE bucket = ?", String(b));
  }

  /** How many buckets still wait for KV. */
  dirtyCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM kv_dirty").one().n;
  }

  /**
   * True while a tenant migrated from the two-family layout has new buckets not yet written:
   * its meta then tells badge reads to fall back to the old keys (worker/sync/read-model.ts).
   */
  migrating(): boolean {
    return (
      this.sql.exec<{ m: number }>("SELECT migrating AS m FROM kv_state WHERE id = 1").toArray()[0]?.m === 1
    );
  }

  /** Every new bucket is written: badge reads stop falling back, the old keys may go. */
  migrated(): void {
    this.sql.exec("UPDATE kv_state SET migrating = 0 WHERE id = 1");
  }

  /** Up to `limit` buckets of the old layout still to delete from KV. */
  legacy(limit: number): LegacyBucketId[] {
    return this.sql
      .exec<{ bucket: string }>("SELECT bucket FROM kv_legacy LIMIT ?", limit)
      .toArray()
      .map((r) => r.bucket as LegacyBucketId);
  }

  /** Old-layout buckets deleted from KV. */
  forgetLegacy(ids: readonly LegacyBucketId[]): void {
    for (const b of ids) this.sql.exec("DELETE FROM kv_legacy WHERE bucket = ?", b);
  }

  /** How many old-layout buckets are still in KV. */
  legacyCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM kv_legacy").one().n;
  }

  /** Every stored contact's id. */
  ids(): string[] {
    return this.sql
      .exec<{ id: string }>("SELECT id FROM contacts")
      .toArray()
      .map((r) => r.id);
  }

  /** How many contacts are stored. */
  count(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM contacts").one().n;
  }
}
