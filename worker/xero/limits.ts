// Xero's paging and sync constants (the reads' shape; the day's budget is in ./day-plan.ts).

/** A full reconcile runs at most this often (it catches anything an incremental run missed). */
export const FULL_RECONCILE_EVERY_MS = 24 * 3600_000;
/** If-Modified-Since is moved back by this much, so clock skew with Xero can't lose a change. */
export const SINCE_OVERLAP_MS = 60_000;
/** Xero's largest page size for Contacts and Invoices. */
export const PAGE_SIZE = 1000;
/** ContactIDs per `IDs=` refetch. */
export const IDS_PER_CALL = 50;
