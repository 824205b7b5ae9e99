// The seed company: the messes real Sage ledgers have, one customer per mess, so each test can
// point at the row it is about.
import type { DatabaseSync } from "node:sqlite";
import { addCustomers, addTrans, createSageDb } from "./sage-db.ts";
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

/** Creates the seed company in `file` and returns it open. */
export function createSeedCompany(file: string): DatabaseSync {
  const db = createSageDb(file, SEED_COMPANY);
  addCustomers(db, SEED_CUSTOMERS);
  addTrans(db, SEED_TRAN_ROWS);
  return db;
}
