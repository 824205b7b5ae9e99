import * as z from "zod";
import type { CreditLookup } from "../../shared/credit-api.ts";
import type { MatchTier } from "../credit/matching.ts";
import { tierKeys } from "../credit/matching.ts";
import type { XeroInvoice } from "../payments/xero-invoice.ts";
import { failureBackoffMs } from "../sync/backoff.ts";
import { ContactStore } from "../sync/contact-store.ts";
import { initialCursor, SyncCursor } from "../sync/cursor.ts";
import { type DayState, onDemandWait, planNextPoll, reservePause } from "../sync/day-plan.ts";
import { flushDirty, lookupCredit, writeMeta } from "../sync/read-model.ts";
import { RefreshBucket, takeRefresh } from "../sync/refresh-bucket.ts";
import { runSync } from "../sync/sync-runner.ts";
import { toContactCredit, XeroContact } from "../sync/xero-contact.ts";
import { type RateBudget, RateLimited, type XeroClientDeps, xeroCall } from "../xero/api.ts";
import type { TenantSettings } from "./settings.ts";

/** What the sync needs from its Durable Object. */
export interface SyncHost {
  storage: DurableObjectStorage;
  kv: KVNamespace;
  tenant: string;
  client: Omit<XeroClientDeps, "onBudget">;
  settings: TenantSettings;
  currency: string;
  /** What Xero last said is left of its rate limits (kept by the Durable Object across calls). */
  budget: RateBudget;
  /** Sales invoices read by the sync (the payments side turns them into job states and events). */
  onInvoices(invoices: XeroInvoice[], baseline: boolean): void;
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

/** KV writes per invocation: every bucket (2 × 128) fits in one, inside KV's 1,000 operations. */
export const KV_WRITES_PER_RUN = 256;
/** Xero calls per invocation (under the 60/minute limit). */
export const CALLS_PER_RUN = 40;
/** One customer may be refreshed on demand at most this often. */
export const REFRESH_COOLDOWN_MS = 30_000;
/** Calls per minute the sync leaves for on-demand work (a Refresh click, a webhook, a payment). */
export const MINUTE_RESERVE = 2;
/** Storage key: when the last Xero webhook for this tenant arrived (ms; the day plan trusts webhooks while recent). */
export const WEBHOOK_AT_KEY = "xero-webhook-at";

const CURSOR = "sync";
/** Storage key: Xero's day budget as last read, so the plan survives the object being evicted. */
const DAY_KEY = "xero-day";
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
  private get budget(): RateBudget {
    return this.h.budget;
  }

  constructor(host: SyncHost) {
    this.h = host;
    this.store = new ContactStore(host.storage.sql);
  }

  /** The saved cursor (a fresh one before the first sync). */
  async cursor(): Promise<SyncCursor> {
    const raw = await this.h.storage.get(CURSOR);
    return raw === undefined ? initialCursor(Date.now()) : SyncCursor.parse(raw);
  }

  /** One Xero call for this tenant, recording the remaining rate budget (and the reset a `day` 429 names). */
  readonly call = async (req: Parameters<typeof xeroCall>[1]): Promise<unknown> => {
    try {
      return await xeroCall(
        { ...this.h.client, onBudget: (b) => Object.assign(this.h.budget, b, { at: Date.now() }) },
        req,
      );
    } catch (err) {
      if (err instanceof RateLimited && err.problem === "day")
        Object.assign(this.h.budget, { day: 0, at: Date.now(), dayResetAt: Date.now() + err.retryAfterMs });
      throw err;
    }
  };

  /** What is known of today's Xero budget (loaded from storage when this object has just started). */
  private async day(): Promise<DayState> {
    if (this.budget.at === undefined) {
      const saved = DayRecord.safeParse(await this.h.storage.get(DAY_KEY));
      if (saved.success) Object.assign(this.budget, saved.data);
    }
    return this.dayNow();
  }

  private dayNow(): DayState {
    const b = this.budget;
    return { now: Date.now(), dayRemaining: b.day, dayReadAt: b.at, dayResetAt: b.dayResetAt };
  }

  private async saveDay(): Promise<void> {
    const { day, at, dayResetAt } = this.budget;
    if (day !== undefined && at !== undefined)
      await this.h.storage.put(DAY_KEY, { day, at, ...(dayResetAt ? { dayResetAt } : {}) });
  }

  /** Writes the badge's meta for this tenant. */
  async publishMeta(connected: boolean, reason?: string): Promise<void> {
    const c = await this.cursor();
    await writeMeta(this.h.kv, this.h.tenant, {
      connected,
      ...(reason ? { reason } : {}),
      currency: this.h.currency,
      lastSyncedAt: c.lastSyncedAt,
      syncIntervalMinutes: this.h.settings.syncIntervalMinutes,
      warningThreshold: this.h.settings.warningThreshold,
      limitField: this.h.settings.limitField,
    });
  }

  /** Runs (or resumes) the sync for one invocation's budget, then writes pending KV entries. */
  async run(maxCalls = CALLS_PER_RUN): Promise<SyncReport> {
    const intervalMs = this.h.settings.syncIntervalMinutes * 60_000;
    const lastWebhookAt = (await this.h.storage.get<number>(WEBHOOK_AT_KEY)) ?? null;
    await this.day();
    let cursor = await this.cursor();
    let error: string | undefined;
    try {
      cursor = await runSync(
        {
          call: this.call,
          store: this.store,
          now: () => Date.now(),
          currency: this.h.currency,
          limitField: this.h.settings.limitField,
          intervalMs: () => planNextPoll({ ...this.dayNow(), intervalMs, lastWebhookAt }).at - Date.now(),
          pauseMs: () => this.minutePause() ?? reservePause(this.dayNow()),
          onInvoices: (list, baseline) => this.h.onInvoices(list, baseline),
          save: (c) => this.h.storage.put(CURSOR, c),
        },
        cursor,
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
      const wait = err instanceof RateLimited ? err.retryAfterMs : failureBackoffMs(failures);
      error = err instanceof Error ? err.message : String(err);
      cursor = { ...cursor, nextRunAt: Date.now() + wait, failures };
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

  /** How long to wait before Xero's minute window has room again (null: go on). */
  private minutePause(): number | null {
    const { minute, at } = this.budget;
    if (minute === undefined || at === undefined || minute > MINUTE_RESERVE) return null;
    const left = 60_000 - (Date.now() - at);
    return left > 0 ? left : null;
  }

  /** Asks for a sync as soon as possible. */
  async requestNow(): Promise<void> {
    const c = await this.cursor();
    await this.h.storage.put(CURSOR, { ...c, nextRunAt: Date.now() });
  }

  /** Forgets everything synced (another organisation was connected). */
  async wipe(): Promise<void> {
    this.h.storage.sql.exec("DELETE FROM contacts");
    this.h.storage.sql.exec("DELETE FROM kv_dirty");
    // The day budget and webhook health were the old organisation's.
    await this.h.storage.delete([CURSOR, DAY_KEY, WEBHOOK_AT_KEY]);
    for (const k of Object.keys(this.budget)) delete this.budget[k as keyof RateBudget];
  }

  /** Re-reads contacts by id (their balances moved) and writes their KV buckets. */
  async refreshContacts(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 50) {
      const res = z.object({ Contacts: z.array(XeroContact).default([]) }).parse(
        await this.call({
          path: "/Contacts",
          query: { IDs: ids.slice(i, i + 50).join(","), includeArchived: true, page: 1, pageSize: 100 },
        }),
      );
      this.store.upsert(
        res.Contacts.map((x) => toContactCredit(x, this.h.currency, this.h.settings.limitField)),
      );
    }
    await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
  }

  /**
   * Re-reads one customer's contacts from Xero now and answers from the read model. Only customers
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
    // A customer new in Xero arrives with the next sync; asking Xero by search for every typo would
    // let staff spend the organisation's budget.
    if (ids.size === 0) return lookupCredit(this.h.kv, this.h.tenant, ref, opts);
    const now = Date.now();
    const key = `refresh:${ref.trim().toLowerCase()}`;
    const last = (await this.h.storage.get<number>(key)) ?? 0;
    if (now - last < REFRESH_COOLDOWN_MS) {
      const s = Math.ceil((REFRESH_COOLDOWN_MS - (now - last)) / 1000);
      return { retryAfterS: s, message: `This customer was refreshed moments ago. Try again in ${s} s.` };
    }
    const dayWait = onDemandWait(await this.day());
    if (dayWait !== null) {
      const s = Math.ceil(dayWait / 1000);
      const message = `Xero's daily call budget for this organisation is nearly spent; refresh is back in ${s} s.`;
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
    // `page` makes Xero return full records (with Balances); unpaged lists leave them out.
    const query = { IDs: [...ids].join(","), includeArchived: true, page: 1, pageSize: 100 };
    const res = z
      .object({ Contacts: z.array(XeroContact).default([]) })
      .parse(await this.call({ path: "/Contacts", query }));
    this.store.upsert(
      res.Contacts.map((x) => toContactCredit(x, this.h.currency, this.h.settings.limitField)),
    );
    await this.saveDay();
    await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
    return lookupCredit(this.h.kv, this.h.tenant, ref, opts);
  }
}
