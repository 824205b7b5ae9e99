import { contactKeys, type MatchTier } from "../credit/matching.ts";
import { Customer, toSummary } from "../provider/model.ts";
import { jsonRows } from "../store/json-rows.ts";
import { type BucketId, bucketFor, bucketOf, type Family } from "./buckets.ts";

const TIERS: readonly MatchTier[] = ["contactId", "contactNumber", "accountNumber", "name"];
const COL: Record<MatchTier, { key: string; bucket: string }> = {
  contactId: { key: "k_id", bucket: "b_id" },
  contactNumber: { key: "k_number", bucket: "b_number" },
  accountNumber: { key: "k_account", bucket: "b_account" },
  name: { key: "k_name", bucket: "b_name" },
};

/**
 * The tenant's contacts in its Durable Object's SQLite: the source the KV read model is built
 * from. Every change records the KV buckets it touched, so only those entries are rewritten.
 */
export class ContactStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    // Tables `contacts` and `kv_dirty`: worker/store/migrations.ts.
    this.sql = sql;
  }

  private bucketsOf(c: Customer): BucketId[] {
    return contactKeys(toSummary(c)).map((k) => bucketFor(k.tier, k.key));
  }

  /** Inserts or replaces contacts; marks the old and new buckets of each dirty. */
  upsert(records: readonly Customer[]): void {
    for (const c of records) {
      const old = this.get(c.contactId);
      const dirty = new Set<BucketId>([...(old ? this.bucketsOf(old) : []), ...this.bucketsOf(c)]);
      const keys = new Map(contactKeys(toSummary(c)).map((k) => [k.tier, k.key]));
      const values = TIERS.flatMap((t) => {
        const k = keys.get(t);
        return [k ?? null, k === undefined ? null : bucketOf(k)];
      });
      const cols = TIERS.flatMap((t) => [COL[t].key, COL[t].bucket]).join(", ");
      this.sql.exec(
        `INSERT OR REPLACE INTO contacts (id, ${cols}, json) VALUES (?, ${TIERS.map(() => "?, ?").join(", ")}, ?)`,
        c.contactId,
        ...values,
        JSON.stringify(c),
      );
      for (const b of dirty) this.sql.exec("INSERT OR IGNORE INTO kv_dirty (bucket) VALUES (?)", b);
    }
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
    const [family, n] = id.split("|") as [Family, string];
    const tiers = TIERS.filter((t) => (t === "name") === (family === "name"));
    const out: Record<string, Customer[]> = {};
    for (const tier of tiers) {
      const rows = this.sql
        .exec<{ k: string; json: string }>(
          `SELECT ${COL[tier].key} AS k, json FROM contacts WHERE ${COL[tier].bucket} = ?`,
          Number(n),
        )
        .toArray();
      for (const r of rows) {
        const entry = `${tier}|${r.k}`;
        const list = out[entry] ?? [];
        list.push(Customer.parse(JSON.parse(r.json)));
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
      .map((r) => r.bucket as BucketId);
  }

  /** Marks buckets as written to KV. */
  clean(ids: readonly BucketId[]): void {
    for (const b of ids) this.sql.exec("DELETE FROM kv_dirty WHERE bucket = ?", b);
  }

  /** How many buckets still wait for KV. */
  dirtyCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM kv_dirty").one().n;
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
