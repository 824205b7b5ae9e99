import * as z from "zod";
import type { CreditLookup } from "../../shared/credit-api.ts";
import { providerInfo } from "../../shared/providers.ts";
import type { MatchTier } from "../credit/matching.ts";
import { tierKeys } from "../credit/matching.ts";
import type { PullSource, Runtime } from "../provider/capabilities.ts";
import { isProviderError } from "../provider/errors.ts";
import type { Invoice, ProviderId } from "../provider/model.ts";
import type { CallBudget, Pacing } from "../provider/provider.ts";
import { failureBackoffMs } from "../sync/backoff.ts";
import { ContactStore } from "../sync/contact-store.ts";
import { initialCursor, SyncCursor } from "../sync/cursor.ts";
import { LAYOUT } from "../sync/kv-layout.ts";
import { flushDirty, lookupCredit, writeMeta } from "../sync/read-model.ts";
import { RefreshBucket, takeRefresh } from "../sync/refresh-bucket.ts";
import type { TenantSettings } from "./settings.ts";

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

/** KV writes per invocation: every bucket (128) and as many old-layout deletions fit in one, inside KV's 1,000 operations. */
export const KV_WRITES_PER_RUN = 256;
/** Provider calls per invocation (under the tightest per-minute limit so far, 60). */
export const CALLS_PER_RUN = 40;
/** One customer may be refreshed on demand at most this often. */
export const REFRESH_COOLDOWN_MS = 30_000;
/** Calls per minute the sync leaves for on-demand work (a Refresh click, a webhook, a payment). */
export const MINUTE_RESERVE = 2;
/** Storage key: when the last provider webhook for this tenant arrived (ms; the day plan trusts webhooks while recent). */
export const WEBHOOK_AT_KEY = "webhook-at";

const CURSOR = "sync";
/** A push provider's cursor never asks for a run (a day ahead, moved on by every batch). */
const PUSH_IDLE_MS = 24 * 3600_000;
/** Storage key: the provider's day budget as last read, so the plan survives the object being evicted. */
const DAY_KEY = "day-budget";
const DayRecord = z.object({ day: z.number(), at: z.number(), dayResetAt: z.number().optional() });
/** Storage key: the tenant's on-demand refresh bucket. */
const BUCKET_KEY = "refresh-bucket";

/** An on-demand refresh refused for now (the route answers 429 with Retry-After). */
export interface RefreshRefused {
  retryAfterS: number;
  message: string;
}

/** Sync orchestration inside the tenant's object: cursor, budget, errors, KV read model. */
export class SyncService {
  private readonly h: SyncHost;
  readonly store: ContactStore;
  private get budget(): CallBudget {
    return this.h.budget;
  }

  constructor(host: SyncHost) {
    this.h = host;
    this.store = new ContactStore(host.storage.sql);
  }

  /** The saved cursor (a fresh one before the first sync). */
  async cursor(): Promise<SyncCursor> {
    const raw = await this.h.storage.get(CURSOR);
    return raw === undefined ? initialCursor(this.h.rt.now()) : SyncCursor.parse(raw);
  }

  private get pull(): PullSource {
    if (!this.h.pull) throw new Error(`${this.h.provider} has no pull source`);
    return this.h.pull;
  }

  /** What is known of today's provider budget (loaded from storage when this object has just started). */
  private async loadBudget(): Promise<void> {
    if (this.budget.at === undefined) {
      const saved = DayRecord.safeParse(await this.h.storage.get(DAY_KEY));
      if (saved.success) Object.assign(this.budget, saved.data);
    }
  }

  private async saveDay(): Promise<void> {
    const { day, at, dayResetAt } = this.budget;
    if (day !== undefined && at !== undefined)
      await this.h.storage.put(DAY_KEY, { day, at, ...(dayResetAt ? { dayResetAt } : {}) });
  }

  /** Writes the badge's meta for this tenant (on every connection-state change, and after a sync). */
  async publishMeta(connected: boolean, reason?: string): Promise<void> {
    const c = await this.cursor();
    await writeMeta(this.h.kv, this.h.tenant, {
      connected,
      provider: this.h.provider,
      ...(reason ? { reason } : {}),
      currency: this.h.currency,
      lastSyncedAt: c.lastSyncedAt,
      syncIntervalMinutes: this.h.settings.syncIntervalMinutes,
      warningThreshold: this.h.settings.warningThreshold,
      limitField: this.h.settings.limitField,
      // Not while migration 7's buckets are being written: reads then fall back to the old keys.
      ...(this.store.migrating() ? {} : { layout: LAYOUT }),
    });
  }

  /**
   * A connector's batch was applied (push providers): it counts as a finished sync at `now` (the
   * badge's freshness and the status follow it), nothing is ever pulled, and the KV read model
   * and meta are written.
   */
  async recordPush(now: number, full: boolean): Promise<void> {
    const c = await this.cursor();
    const next: SyncCursor = { ...c, phase: "idle", lastSyncedAt: now, nextRunAt: now + PUSH_IDLE_MS };
    if (full) next.lastFullAt = now;
    await this.h.storage.put(CURSOR, next);
    await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
    await this.publishMeta(true);
  }

  /** Runs (or resumes) the sync for one invocation's budget, then writes pending KV entries. */
  async run(maxCalls = CALLS_PER_RUN): Promise<SyncReport> {
    if (!this.h.pull) {
      // A push provider: there is nothing to pull; its connector's batches are the sync.
      const c = await this.cursor();
      const kvPending = await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
      return { phase: "idle", calls: 0, lastSyncedAt: c.lastSyncedAt, nextRunAt: c.nextRunAt, kvPending };
    }
    const intervalMs = this.h.settings.syncIntervalMinutes * 60_000;
    const lastWebhookAt = (await this.h.storage.get<number>(WEBHOOK_AT_KEY)) ?? null;
    await this.loadBudget();
    let cursor = await this.cursor();
    let error: string | undefined;
    try {
      cursor = await this.pull.pull(
        cursor,
        {
          customers: (list) => this.store.upsert(list),
          invoices: (list, baseline) => this.h.onInvoices(list, baseline),
          intervalMs: () =>
            (this.h.pacing?.nextPoll({
              now: this.h.rt.now(),
              budget: this.budget,
              intervalMs,
              lastWebhookAt,
            }) ?? this.h.rt.now() + intervalMs) - this.h.rt.now(),
          pauseMs: () =>
            this.minutePause() ?? this.h.pacing?.reservePause(this.h.rt.now(), this.budget) ?? null,
          save: (c) => this.h.storage.put(CURSOR, c),
        },
        maxCalls,
      );
      if (cursor.failures) {
        cursor = { ...cursor, failures: 0 };
        await this.h.storage.put(CURSOR, cursor);
      }
    } catch (err) {
      cursor = await this.cursor();
      // Every failure moves the next run forward, a refused token included: the alarm follows
      // nextRunAt, so leaving it in the past re-ran the failing sync at once, over and over.
      const failures = (cursor.failures ?? 0) + 1;
      const wait = isProviderError(err, "rate_limited")
        ? (err.retryAfterMs ?? 60_000)
        : failureBackoffMs(failures);
      error = err instanceof Error ? err.message : String(err);
      cursor = { ...cursor, nextRunAt: this.h.rt.now() + wait, failures };
      await this.h.storage.put(CURSOR, cursor);
    }
    await this.saveDay();
    const kvPending = await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
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

  /** How long to wait before the provider's minute window has room again (null: go on). */
  private minutePause(): number | null {
    const { minute, at } = this.budget;
    if (minute === undefined || at === undefined || minute > MINUTE_RESERVE) return null;
    const left = 60_000 - (this.h.rt.now() - at);
    return left > 0 ? left : null;
  }

  /** A provider webhook for this tenant arrived: the day plan trusts webhooks and polls less. */
  async webhookArrived(): Promise<void> {
    await this.h.storage.put(WEBHOOK_AT_KEY, this.h.rt.now());
  }

  /** Asks for a sync as soon as possible. */
  async requestNow(): Promise<void> {
    const c = await this.cursor();
    await this.h.storage.put(CURSOR, { ...c, nextRunAt: this.h.rt.now() });
  }

  /** Forgets everything synced (another organisation was connected). */
  async wipe(): Promise<void> {
    this.h.storage.sql.exec("DELETE FROM contacts");
    this.h.storage.sql.exec("DELETE FROM kv_dirty");
    // The day budget and webhook health were the old organisation's.
    await this.h.storage.delete([CURSOR, DAY_KEY, WEBHOOK_AT_KEY]);
    for (const k of Object.keys(this.budget)) delete this.budget[k as keyof CallBudget];
  }

  /** Re-reads customers by id (their balances moved) and writes their KV buckets. */
  async refreshContacts(ids: readonly string[]): Promise<void> {
    this.store.upsert(await this.pull.customers(ids));
    await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
  }

  /**
   * Re-reads one customer's contacts from the provider now and answers from the read model. Only customers
   * the read model knows are asked for (a made-up ref costs no call); each at most every 30 s, and
   * the tenant's refreshes share a small bucket and never spend the payments' part of the day budget.
   */
  async refreshCustomer(
    ref: string,
    opts: Parameters<typeof lookupCredit>[3],
  ): Promise<CreditLookup | RefreshRefused> {
    const keys = tierKeys(ref);
    const ids = new Set<string>();
    for (const [tier, v] of Object.entries(keys)) {
      if (v) for (const c of this.store.byKey(tier as MatchTier, v)) ids.add(c.contactId);
    }
    // A customer new in the accounting system arrives with the next sync; asking the provider by search for every typo would
    // let staff spend the organisation's budget.
    if (ids.size === 0) return lookupCredit(this.h.kv, this.h.tenant, ref, opts);
    const now = this.h.rt.now();
    const key = `refresh:${ref.trim().toLowerCase()}`;
    const last = (await this.h.storage.get<number>(key)) ?? 0;
    if (now - last < REFRESH_COOLDOWN_MS) {
      const s = Math.ceil((REFRESH_COOLDOWN_MS - (now - last)) / 1000);
      return { retryAfterS: s, message: `This customer was refreshed moments ago. Try again in ${s} s.` };
    }
    await this.loadBudget();
    const dayWait = this.h.pacing?.onDemandWait(this.h.rt.now(), this.budget) ?? null;
    if (dayWait !== null) {
      const s = Math.ceil(dayWait / 1000);
      const name = providerInfo(this.h.provider).name;
      const message = `${name}'s daily call budget for this organisation is nearly spent; refresh is back in ${s} s.`;
      return { retryAfterS: s, message };
    }
    const take = takeRefresh(
      RefreshBucket.optional()
        .catch(undefined)
        .parse(await this.h.storage.get(BUCKET_KEY)),
      now,
    );
    if (!take.ok) {
      const s = Math.ceil(take.retryAfterMs / 1000);
      return {
        retryAfterS: s,
        message: `Too many refreshes for this account just now. Try again in ${s} s.`,
      };
    }
    await this.h.storage.put({ [key]: now, [BUCKET_KEY]: take.bucket });
    this.store.upsert(await this.pull.customers([...ids]));
    await this.saveDay();
    await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
    return lookupCredit(this.h.kv, this.h.tenant, ref, opts);
  }
}
