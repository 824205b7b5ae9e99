import type { ProviderId } from "../provider/model.ts";
import type { ContactStore } from "../sync/contact-store.ts";
import { LAYOUT } from "../sync/kv-layout.ts";
import { flushDirty, type LookupOptions, lookupCredit, writeMeta } from "../sync/read-model.ts";
import type { TenantSettings } from "./settings.ts";

// What the tenant's object publishes to KV for the badge: the contact buckets its store marked
// dirty, and the tenant's meta (connection, currency, freshness, settings the badge applies).

/** KV writes per invocation: every bucket (128) and as many old-layout deletions fit in one, inside KV's 1,000 operations. */
export const KV_WRITES_PER_RUN = 256;

/** What publishing needs. */
export interface PublisherDeps {
  kv: KVNamespace;
  tenant: string;
  store: ContactStore;
  provider: ProviderId;
  currency: string;
  settings: TenantSettings;
  /** When the last sync finished (the badge's freshness). */
  lastSyncedAt(): Promise<number | null>;
}

/** The tenant's KV read model: bucket flushes, the badge's meta, and reads back. */
export class ReadModelPublisher {
  private readonly d: PublisherDeps;

  constructor(deps: PublisherDeps) {
    this.d = deps;
  }

  /** Writes up to one invocation's share of dirty buckets; returns how many are left. */
  flush(): Promise<number> {
    return flushDirty(this.d.kv, this.d.tenant, this.d.store, KV_WRITES_PER_RUN);
  }

  /** Writes the badge's meta for this tenant. */
  async meta(connected: boolean, reason?: string): Promise<void> {
    const { settings } = this.d;
    await writeMeta(this.d.kv, this.d.tenant, {
      connected,
      provider: this.d.provider,
      ...(reason ? { reason } : {}),
      currency: this.d.currency,
      lastSyncedAt: await this.d.lastSyncedAt(),
      syncIntervalMinutes: settings.syncIntervalMinutes,
      warningThreshold: settings.warningThreshold,
      limitField: settings.limitField,
      // Not while migration 8's buckets are being written: reads then fall back to the old keys.
      ...(this.d.store.migrating() ? {} : { layout: LAYOUT }),
    });
  }

  /** A customer's credit as the badge reads it from KV. */
  lookup(ref: string, opts: LookupOptions) {
    return lookupCredit(this.d.kv, this.d.tenant, ref, opts);
  }
}
