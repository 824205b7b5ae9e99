import * as z from "zod";
import type { CreditLookup } from "../../shared/credit-api.ts";
import type { MatchTier } from "../credit/matching.ts";
import { tierKeys } from "../credit/matching.ts";
import type { XeroInvoice } from "../payments/xero-invoice.ts";
import { failureBackoffMs } from "../sync/backoff.ts";
import { ContactStore } from "../sync/contact-store.ts";
import { initialCursor, SyncCursor } from "../sync/cursor.ts";
import { flushDirty, lookupCredit, writeMeta } from "../sync/read-model.ts";
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
/** When Xero's daily budget falls below this, sync at a sixth of the pace instead of failing. */
export const DAY_BUDGET_LOW = 500;

const CURSOR = "sync";

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

  /** One Xero call for this tenant, recording the remaining rate budget. */
  readonly call = (req: Parameters<typeof xeroCall>[1]) =>
    xeroCall({ ...this.h.client, onBudget: (b) => Object.assign(this.h.budget, b, { at: Date.now() }) }, req);

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
          intervalMs: () => this.paced(intervalMs),
          pauseMs: () => this.minutePause(),
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

  /** Slows the schedule down when Xero's daily budget runs low, rather than running out. */
  private paced(intervalMs: number): number {
    return this.budget.day !== undefined && this.budget.day < DAY_BUDGET_LOW ? intervalMs * 6 : intervalMs;
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
    await this.h.storage.delete(CURSOR);
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

  /** Re-reads one customer's contacts from Xero now (rate-limited per customer) and answers from the read model. */
  async refreshCustomer(
    ref: string,
    opts: Parameters<typeof lookupCredit>[3],
  ): Promise<CreditLookup | { retryAfterS: number }> {
    const key = `refresh:${ref.trim().toLowerCase()}`;
    const last = (await this.h.storage.get<number>(key)) ?? 0;
    if (Date.now() - last < REFRESH_COOLDOWN_MS)
      return { retryAfterS: Math.ceil((REFRESH_COOLDOWN_MS - (Date.now() - last)) / 1000) };
    await this.h.storage.put(key, Date.now());
    const keys = tierKeys(ref);
    const ids = new Set<string>();
    for (const [tier, v] of Object.entries(keys)) {
      if (v) for (const c of this.store.byKey(tier as MatchTier, v)) ids.add(c.contactId);
    }
    // `page` makes Xero return full records (with Balances); unpaged lists leave them out.
    const filter = ids.size > 0 ? { IDs: [...ids].join(",") } : { searchTerm: ref };
    const query = { ...filter, includeArchived: true, page: 1, pageSize: 100 };
    const res = z
      .object({ Contacts: z.array(XeroContact).default([]) })
      .parse(await this.call({ path: "/Contacts", query }));
    this.store.upsert(
      res.Contacts.map((x) => toContactCredit(x, this.h.currency, this.h.settings.limitField)),
    );
    await flushDirty(this.h.kv, this.h.tenant, this.store, KV_WRITES_PER_RUN);
    return lookupCredit(this.h.kv, this.h.tenant, ref, opts);
  }
}
