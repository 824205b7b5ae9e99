// The seed company: the messes real Sage ledgers have, one customer per mess, so each test can
// point at the row it is about.
import type { DatabaseSync } from "node:sqlite";
import { addCustomers, addTrans, createSageDb, type SeedCustomer, type SeedTran } from "./sage-db.ts";
import { SEED_CUSTOMERS, SEED_TRAN_ROWS } from "./seed-rows.ts";

/** The seed company's name (COMPANY.NAME). */
export const SEED_COMPANY = "Hartley Plumbing & Heating Ltd";
/** When the seed data was last touched (Sage local time). */
export const SEED_TIME = "2026-11-30 17:00:00";

/** Transaction numbers tests refer to. */
export const SEED_TRANS = {
  acmeOpen: 1,
  partPaid: 3,
  paid: 5,
  overdue: 7,
  onAccountInvoice: 8,
  onAccountReceipt: 9,
  deleted: 10,
  credit: 11,
};

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` or `YYYY-MM-DD hh:mm:ss` moved by `days` whole days (its time of day kept). */
export function shiftDate(value: string, days: number): string {
  const d = new Date(`${value.slice(0, 10)}T00:00:00Z`).getTime() + days * DAY_MS;
  return new Date(d).toISOString().slice(0, 10) + value.slice(10);
}

/**
 * The seed rows as of `today` (a UTC date): every date moved by the days from SEED_TIME's day to
 * it, so "due tomorrow" stays due tomorrow for a test on the real clock (an end-to-end run on
 * 2 December would otherwise find the invoice due on 1 December overdue).
 */
export function seedRowsAsOf(today: Date): { customers: SeedCustomer[]; trans: SeedTran[] } {
  const days = Math.round(
    (Date.parse(today.toISOString().slice(0, 10)) - Date.parse(SEED_TIME.slice(0, 10))) / DAY_MS,
  );
  return {
    customers: SEED_CUSTOMERS.map((c) => ({ ...c, modified: shiftDate(c.modified, days) })),
    trans: SEED_TRAN_ROWS.map((t) => ({
      ...t,
      date: shiftDate(t.date, days),
      modified: shiftDate(t.modified, days),
      ...(t.due ? { due: shiftDate(t.due, days) } : {}),
    })),
  };
}

/**
 * Creates the seed company in `file` and returns it open: the rows as written (their dates around
 * SEED_TIME), or with `today`, moved so that SEED_TIME's day is `today` (tests on the real clock).
 */
export function createSeedCompany(file: string, opts: { today?: Date } = {}): DatabaseSync {
  const db = createSageDb(file, SEED_COMPANY);
  const rows = opts.today ? seedRowsAsOf(opts.today) : { customers: SEED_CUSTOMERS, trans: SEED_TRAN_ROWS };
  addCustomers(db, rows.customers);
  addTrans(db, rows.trans);
  return db;
}
