import type { Runtime, WebhookApplier, WebhookItem } from "../provider/capabilities.ts";
import type { PaymentsService } from "./payments-service.ts";
import type { SyncService } from "./sync-service.ts";

/** Webhook dedupe keys are kept a week (providers redeliver for a day or so). */
export const SEEN_FOR_MS = 7 * 24 * 3600_000;
/** After a failed webhook refresh the scheduled sync comes this soon. */
export const CATCH_UP_MS = 5_000;

/** What webhook handling needs. */
export interface WebhookDeps {
  sql: SqlStorage;
  rt: Runtime;
  sync: SyncService;
  payments: PaymentsService;
  events: WebhookApplier;
  /** Makes sure the alarm comes back by `at`. */
  alarmBy(at: number): Promise<void>;
}

/** Keeps the keys not seen within the last week; returns the fresh items (table `webhook_seen`). */
export function dedupe(sql: SqlStorage, items: readonly WebhookItem[], now: number): WebhookItem[] {
  sql.exec("DELETE FROM webhook_seen WHERE at < ?", now - SEEN_FOR_MS);
  return items.filter(
    (i) =>
      sql
        .exec("INSERT OR IGNORE INTO webhook_seen (key, at) VALUES (?, ?) RETURNING key", i.key, now)
        .toArray().length > 0,
  );
}

/** A provider's webhook events for this tenant: dedupe, re-read what they point at, announce changes. */
export async function applyWebhook(
  d: WebhookDeps,
  items: readonly WebhookItem[],
): Promise<{ fresh: number }> {
  const fresh = dedupe(d.sql, items, d.rt.now());
  if (fresh.length === 0) return { fresh: 0 };
  try {
    const r = await d.events.apply(fresh, {
      invoices: async (ids) => ({ customerRefs: (await d.payments.refreshInvoices(ids)).contactIds }),
      customers: (ids) => d.sync.refreshContacts(ids),
    });
    if (r.overflow) await d.sync.requestNow();
  } catch {
    // The scheduled sync catches up; make it come soon.
    await d.sync.requestNow();
    await d.alarmBy(d.rt.now() + CATCH_UP_MS);
  }
  return { fresh: fresh.length };
}
