// The tenant's customer merges: which customer record was merged into which, for providers that
// name a merge only once (QuickBooks Online's webhook `Merge` event: `id` = the survivor,
// `deletedID` = the record merged away) while their later reads show the merged-away record as a
// plain inactive customer. The provider's mapping applies this map on every read, so the pointer
// (`mergedToContactId`) survives CDC runs and full reloads. Table `customer_merges`: migration 7
// (worker/store/migrations.ts, worker/store/SCHEMA.md).

import * as z from "zod";
import type { CustomerMerges, MergedAway } from "../provider/provider.ts";

const Keys = z.object({
  name: z.string().optional(),
  contactNumber: z.string().optional(),
  accountNumber: z.string().optional(),
});

/** The merge map kept in the tenant object's SQLite. */
export class SqlCustomerMerges implements CustomerMerges {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  /**
   * Records `fromId` merged into `toId` (a repeat overwrites). The matching keys the merged-away
   * customer had in the store before the merge are kept with it: the provider may rename the
   * record it merges away (QuickBooks shows it "(deleted)"), and AGG SMART still knows it by them.
   */
  record(fromId: string, toId: string, at: number): void {
    if (fromId === toId) return;
    // A merge named again (a redelivery, or the same record merged on) keeps the keys first seen.
    const kept = this.get(fromId)?.keys;
    const row = kept
      ? undefined
      : this.sql.exec<{ json: string }>("SELECT json FROM contacts WHERE id = ?", fromId).toArray()[0];
    const old = row ? Keys.safeParse(JSON.parse(row.json)) : null;
    const keys = kept ?? (old?.success && old.data.name !== undefined ? old.data : undefined);
    this.sql.exec(
      "INSERT OR REPLACE INTO customer_merges (from_id, to_id, at, keys) VALUES (?, ?, ?, ?)",
      fromId,
      toId,
      at,
      keys ? JSON.stringify(keys) : null,
    );
  }

  /** The merge `fromId` was part of, if any. */
  get(fromId: string): MergedAway | undefined {
    const row = this.sql
      .exec<{ to_id: string; keys: string | null }>(
        "SELECT to_id, keys FROM customer_merges WHERE from_id = ?",
        fromId,
      )
      .toArray()[0];
    if (!row) return undefined;
    const keys = row.keys ? Keys.safeParse(JSON.parse(row.keys)) : null;
    return { to: row.to_id, ...(keys?.success ? { keys: keys.data } : {}) };
  }
}
