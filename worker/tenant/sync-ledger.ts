import * as z from "zod";
import type { Runtime } from "../provider/capabilities.ts";
import type { CallBudget } from "../provider/provider.ts";
import { initialCursor, SyncCursor } from "../sync/cursor.ts";

// The sync's own storage keys in the tenant's object: the cursor, the provider's day budget as
// last read, and when the last provider webhook arrived.

/** Storage key: the sync cursor. */
const CURSOR = "sync";
/** Storage key: the provider's day budget as last read, so the plan survives the object being evicted. */
const DAY_KEY = "day-budget";
const DayRecord = z.object({ day: z.number(), at: z.number(), dayResetAt: z.number().optional() });
/** Storage key: when the last provider webhook for this tenant arrived (ms; the day plan trusts webhooks while recent). */
export const WEBHOOK_AT_KEY = "webhook-at";

/** The cursor, the day budget and webhook health of one tenant's sync. */
export class SyncLedger {
  private readonly storage: DurableObjectStorage;
  private readonly rt: Runtime;
  /** What the provider last said is left of its rate limits (kept by the Durable Object across calls). */
  readonly budget: CallBudget;

  constructor(storage: DurableObjectStorage, rt: Runtime, budget: CallBudget) {
    this.storage = storage;
    this.rt = rt;
    this.budget = budget;
  }

  /** The saved cursor (a fresh one before the first sync). */
  async cursor(): Promise<SyncCursor> {
    const raw = await this.storage.get(CURSOR);
    return raw === undefined ? initialCursor(this.rt.now()) : SyncCursor.parse(raw);
  }

  /** Saves the cursor. */
  async save(cursor: SyncCursor): Promise<void> {
    await this.storage.put(CURSOR, cursor);
  }

  /** What is known of today's provider budget (loaded from storage when this object has just started). */
  async loadBudget(): Promise<void> {
    if (this.budget.at === undefined) {
      const saved = DayRecord.safeParse(await this.storage.get(DAY_KEY));
      if (saved.success) Object.assign(this.budget, saved.data);
    }
  }

  /** Keeps the day part of the budget for the next start of the object. */
  async saveDay(): Promise<void> {
    const { day, at, dayResetAt } = this.budget;
    if (day !== undefined && at !== undefined)
      await this.storage.put(DAY_KEY, { day, at, ...(dayResetAt ? { dayResetAt } : {}) });
  }

  /** When the last provider webhook arrived (null: none yet). */
  async lastWebhookAt(): Promise<number | null> {
    return (await this.storage.get<number>(WEBHOOK_AT_KEY)) ?? null;
  }

  /** A provider webhook arrived now. */
  async webhookArrived(): Promise<void> {
    await this.storage.put(WEBHOOK_AT_KEY, this.rt.now());
  }

  /** Forgets the cursor, day budget and webhook health (they were another organisation's). */
  async forget(): Promise<void> {
    await this.storage.delete([CURSOR, DAY_KEY, WEBHOOK_AT_KEY]);
    for (const k of Object.keys(this.budget)) delete this.budget[k as keyof CallBudget];
  }
}
