import type { CreditLookup } from "../../shared/credit-api.ts";
import type { PullSource, Runtime } from "../provider/capabilities.ts";
import type { Invoice, ProviderId } from "../provider/model.ts";
import type { CallBudget, Pacing } from "../provider/provider.ts";
import { ContactStore } from "../sync/contact-store.ts";
import type { SyncCursor } from "../sync/cursor.ts";
import type { LookupOptions } from "../sync/read-model.ts";
import { ReadModelPublisher } from "./read-model-publisher.ts";
import type { RefreshRefused } from "./refresh-policy.ts";
import { CustomerRefresh } from "./refresh-service.ts";
import type { TenantSettings } from "./settings.ts";
import { SyncLedger } from "./sync-ledger.ts";
import { afterFailure, pauseMs, pollDelayMs, pushedCursor } from "./sync-policy.ts";

// The sync's run loop. Its parts: the cursor and day budget in storage (./sync-ledger.ts), the
// pacing and failure maths (./sync-policy.ts), the KV read model (./read-model-publisher.ts) and
// the on-demand refresh of one customer (./refresh-service.ts).

/** What the sync needs from its Durable Object. */
export interface SyncHost {
  storage: DurableObjectStorage;
  kv: KVNamespace;
  tenant: string;
  rt: Runtime;
  provider: ProviderId;
  /** The provider's reads (absent for a provider that pushes instead: nothing to pull). */
  pull?: PullSource;
  /** How the provider's calls are spread over its day (absent: at the interval, no reserve). */
  pacing?: Pacing;
  settings: TenantSettings;
  currency: string;
  /** What the provider last said is left of its rate limits (kept by the Durable Object across calls). */
  budget: CallBudget;
  /** Sales invoices read by the sync (the payments side turns them into job states and events). */
  onInvoices(invoices: readonly Invoice[], baseline: boolean): void;
}

/** The outcome of one sync invocation. */
export interface SyncReport {
  phase: SyncCursor["phase"];
  calls: number;
  lastSyncedAt: number | null;
  nextRunAt: number;
  kvPending: number;
  error?: string;
}

/** Provider calls per invocation (under the tightest per-minute limit so far, 60). */
export const CALLS_PER_RUN = 40;

/** Sync orchestration inside the tenant's object: cursor, budget, errors, KV read model. */
export class SyncService {
  private readonly h: SyncHost;
  readonly store: ContactStore;
  private readonly ledger: SyncLedger;
  private readonly publisher: ReadModelPublisher;
  private readonly refresher: CustomerRefresh;

  constructor(host: SyncHost) {
    this.h = host;
    this.store = new ContactStore(host.storage.sql);
    this.ledger = new SyncLedger(host.storage, host.rt, host.budget);
    this.publisher = new ReadModelPublisher({
      ...host,
      store: this.store,
      lastSyncedAt: async () => (await this.cursor()).lastSyncedAt,
    });
    this.refresher = new CustomerRefresh({
      ...host,
      store: this.store,
      ledger: this.ledger,
      publisher: this.publisher,
      customers: (ids) => this.pull.customers(ids),
    });
  }

  /** The saved cursor (a fresh one before the first sync). */
  cursor(): Promise<SyncCursor> {
    return this.ledger.cursor();
  }

  private get pull(): PullSource {
    if (!this.h.pull) throw new Error(`${this.h.provider} has no pull source`);
    return this.h.pull;
  }

  /** Writes the badge's meta for this tenant (on every connection-state change, and after a sync). */
  publishMeta(connected: boolean, reason?: string): Promise<void> {
    return this.publisher.meta(connected, reason);
  }

  /**
   * A connector's batch was applied (push providers): it counts as a finished sync at `now` (the
   * badge's freshness and the status follow it), nothing is ever pulled, and the KV read model
   * and meta are written.
   */
  async recordPush(now: number, full: boolean): Promise<void> {
    await this.ledger.save(pushedCursor(await this.cursor(), now, full));
    await this.publisher.flush();
    await this.publishMeta(true);
  }

  /** Runs (or resumes) the sync for one invocation's budget, then writes pending KV entries. */
  async run(maxCalls = CALLS_PER_RUN): Promise<SyncReport> {
    if (!this.h.pull) {
      // A push provider: there is nothing to pull; its connector's batches are the sync.
      const c = await this.cursor();
      const kvPending = await this.publisher.flush();
      return { phase: "idle", calls: 0, lastSyncedAt: c.lastSyncedAt, nextRunAt: c.nextRunAt, kvPending };
    }
    const { rt, pacing } = this.h;
    const { budget } = this.ledger;
    const intervalMs = this.h.settings.syncIntervalMinutes * 60_000;
    const lastWebhookAt = await this.ledger.lastWebhookAt();
    await this.ledger.loadBudget();
    let cursor = await this.cursor();
    let error: string | undefined;
    try {
      cursor = await this.pull.pull(
        cursor,
        {
          customers: (list) => this.store.upsert(list),
          invoices: (list, baseline) => this.h.onInvoices(list, baseline),
          intervalMs: () => pollDelayMs({ now: rt.now(), budget, pacing, intervalMs, lastWebhookAt }),
          pauseMs: () => pauseMs({ now: rt.now(), budget, pacing }),
          save: (c) => this.ledger.save(c),
        },
        maxCalls,
      );
      if (cursor.failures) {
        cursor = { ...cursor, failures: 0 };
        await this.ledger.save(cursor);
      }
    } catch (err) {
      const failed = afterFailure(await this.cursor(), err, rt.now());
      cursor = failed.cursor;
      error = failed.error;
      await this.ledger.save(cursor);
    }
    await this.ledger.saveDay();
    const kvPending = await this.publisher.flush();
    if (cursor.phase === "idle" && cursor.lastSyncedAt !== null) await this.publishMeta(true);
    return {
      phase: cursor.phase,
      calls: cursor.calls,
      lastSyncedAt: cursor.lastSyncedAt,
      nextRunAt: cursor.nextRunAt,
      kvPending,
      ...(error ? { error } : {}),
    };
  }

  /** A provider webhook for this tenant arrived: the day plan trusts webhooks and polls less. */
  webhookArrived(): Promise<void> {
    return this.ledger.webhookArrived();
  }

  /** Asks for a sync as soon as possible. */
  async requestNow(): Promise<void> {
    const c = await this.cursor();
    await this.ledger.save({ ...c, nextRunAt: this.h.rt.now() });
  }

  /** Forgets everything synced (another organisation was connected). */
  async wipe(): Promise<void> {
    this.h.storage.sql.exec("DELETE FROM contacts");
    this.h.storage.sql.exec("DELETE FROM kv_dirty");
    this.h.storage.sql.exec("DELETE FROM customer_merges");
    // The day budget and webhook health were the old organisation's.
    await this.ledger.forget();
  }

  /** Re-reads customers by id (their balances moved) and writes their KV buckets. */
  async refreshContacts(ids: readonly string[]): Promise<void> {
    this.store.upsert(await this.pull.customers(ids));
    await this.publisher.flush();
  }

  /** Refreshes one customer now, within the tenant's limits (see CustomerRefresh). */
  refreshCustomer(ref: string, opts: LookupOptions): Promise<CreditLookup | RefreshRefused> {
    return this.refresher.refresh(ref, opts);
  }
}
