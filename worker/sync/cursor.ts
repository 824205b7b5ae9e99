import * as z from "zod";

/** Where the tenant's sync stands; persisted after every provider call so any interruption resumes exactly. */
export const SyncCursor = z.object({
  /** `cdc`: QuickBooks Online's change feed (worker/quickbooks/sync.ts). */
  phase: z.enum(["idle", "contacts", "invoices", "refetch", "cdc", "jobs"]),
  /** This run re-reads every contact (first sync, or the periodic full reconcile). */
  full: z.boolean(),
  page: z.number().int().positive(),
  runStartedAt: z.number(),
  contactsSince: z.number().nullable(),
  invoicesSince: z.number().nullable(),
  /** Contacts whose balance may have moved (from changed invoices), waiting to be refetched. */
  pending: z.array(z.string()),
  lastFullAt: z.number().nullable(),
  lastSyncedAt: z.number().nullable(),
  nextRunAt: z.number(),
  /** Provider calls made by the current run (for reporting). */
  calls: z.number().int(),
  /** Consecutive failed runs (absent = none): the next run waits failureBackoffMs(failures). */
  failures: z.number().int().nonnegative().optional(),
  /** QuickBooks: invoices whose balance a payment moved, waiting to be re-read. */
  pendingInvoices: z.array(z.string()).optional(),
  /** QuickBooks: changes already applied at the resume point (CDC resumes inclusive: repeats are dropped). */
  seen: z.array(z.string()).optional(),
  /** QuickBooks: sub-customer → parent (a parent's balance and overdue include its sub-customers'). */
  parentOf: z.record(z.string(), z.string()).optional(),
  /** QuickBooks full run: each customer's own overdue (minor units), from the invoices read before the customers. */
  overdue: z.record(z.string(), z.number().int()).optional(),
});
export type SyncCursor = z.infer<typeof SyncCursor>;

/** A tenant that has never synced. */
export function initialCursor(now: number): SyncCursor {
  return {
    phase: "idle",
    full: true,
    page: 1,
    runStartedAt: now,
    contactsSince: null,
    invoicesSince: null,
    pending: [],
    lastFullAt: null,
    lastSyncedAt: null,
    nextRunAt: now,
    calls: 0,
  };
}

/** What {@link pausedCursor} reads: the pull's clock, its sink's save and (optional) pause. */
export interface PauseDeps {
  now(): number;
  save(cursor: SyncCursor): Promise<void>;
  pauseMs?(): number | null;
}

/**
 * Checked before every call of a pull run: when the sink asks for a pause (its call budget is
 * down to the reserve), the cursor is saved to resume then and returned; null means go on.
 */
export async function pausedCursor(d: PauseDeps, c: SyncCursor): Promise<SyncCursor | null> {
  const pause = d.pauseMs?.() ?? null;
  if (pause === null) return null;
  const paused = { ...c, nextRunAt: d.now() + pause };
  await d.save(paused);
  return paused;
}
