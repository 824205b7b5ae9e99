import type { CreditLookup } from "../../shared/credit-api.ts";
import { providerInfo } from "../../shared/providers.ts";
import { type MatchTier, tierKeys } from "../credit/matching.ts";
import type { Runtime } from "../provider/capabilities.ts";
import type { Customer, ProviderId } from "../provider/model.ts";
import type { Pacing } from "../provider/provider.ts";
import type { ContactStore } from "../sync/contact-store.ts";
import type { LookupOptions } from "../sync/read-model.ts";
import { RefreshBucket, takeRefresh } from "../sync/refresh-bucket.ts";
import type { ReadModelPublisher } from "./read-model-publisher.ts";
import {
  bucketRefusal,
  cooldownRefusal,
  dayBudgetRefusal,
  type RefreshRefused,
  refreshKey,
} from "./refresh-policy.ts";
import type { SyncLedger } from "./sync-ledger.ts";

/** Storage key: the tenant's on-demand refresh bucket. */
const BUCKET_KEY = "refresh-bucket";

/** What an on-demand refresh needs (the sync's store, ledger and publisher). */
export interface RefreshDeps {
  storage: DurableObjectStorage;
  rt: Runtime;
  provider: ProviderId;
  pacing?: Pacing;
  store: ContactStore;
  ledger: SyncLedger;
  publisher: ReadModelPublisher;
  /** Reads customers by id from the provider. */
  customers(ids: readonly string[]): Promise<Customer[]>;
}

/** A staff member's Refresh click: one customer re-read now, within the tenant's limits. */
export class CustomerRefresh {
  private readonly d: RefreshDeps;

  constructor(deps: RefreshDeps) {
    this.d = deps;
  }

  /**
   * Re-reads one customer's contacts from the provider now and answers from the read model. Only customers
   * the read model knows are asked for (a made-up ref costs no call); each at most every 30 s, and
   * the tenant's refreshes share a small bucket and never spend the payments' part of the day budget.
   */
  async refresh(ref: string, opts: LookupOptions): Promise<CreditLookup | RefreshRefused> {
    const { storage, rt, ledger, publisher } = this.d;
    const ids = this.knownIds(ref);
    // A customer new in the accounting system arrives with the next sync; asking the provider by search for every typo would
    // let staff spend the organisation's budget.
    if (ids.length === 0) return publisher.lookup(ref, opts);
    const now = rt.now();
    const key = refreshKey(ref);
    const cooling = cooldownRefusal((await storage.get<number>(key)) ?? 0, now);
    if (cooling) return cooling;
    await ledger.loadBudget();
    const dayWait = this.d.pacing?.onDemandWait(rt.now(), ledger.budget) ?? null;
    if (dayWait !== null) return dayBudgetRefusal(dayWait, providerInfo(this.d.provider).name);
    const saved = RefreshBucket.optional()
      .catch(undefined)
      .parse(await storage.get(BUCKET_KEY));
    const take = takeRefresh(saved, now);
    if (!take.ok) return bucketRefusal(take.retryAfterMs);
    await storage.put({ [key]: now, [BUCKET_KEY]: take.bucket });
    this.d.store.upsert(await this.d.customers(ids));
    await ledger.saveDay();
    await publisher.flush();
    return publisher.lookup(ref, opts);
  }

  /** The contact ids the read model holds under any of `ref`'s match keys. */
  private knownIds(ref: string): string[] {
    const ids = new Set<string>();
    for (const [tier, v] of Object.entries(tierKeys(ref))) {
      if (v) for (const c of this.d.store.byKey(tier as MatchTier, v)) ids.add(c.contactId);
    }
    return [...ids];
  }
}
