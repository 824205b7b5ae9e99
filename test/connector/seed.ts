// The seed company: the messes real Sage ledgers have, one customer per mess, so each test can
// point at the row it is about.
import type { DatabaseSync } from "node:sqlite";
import { addCustomers, addTrans, createSageDb } from "./sage-db.ts";

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
  const m = (h: number) => `2026-11-${String(20 + h).padStart(2, "0")} 09:00:00`;
  addCustomers(db, [
    { ref: "ACME001", name: "Acme Lettings", balance: 1200.5, limit: 5000, modified: m(0) },
    { ref: "HOLD001", name: "Held Account Ltd", balance: 800, limit: 1000, onHold: true, modified: m(1) },
    { ref: "CLOSED1", name: "Closed Status Co", balance: 0, limit: 2000, status: 2, modified: m(1) },
    { ref: "INACT01", name: "Dormant Builders", balance: 0, limit: 500, inactive: true, modified: m(2) },
    { ref: "DEL0001", name: "Deleted Customer", balance: 0, limit: 0, deleted: true, modified: m(2) },
    { ref: "ZERO001", name: "Cash Only Cafe", balance: 150, limit: 0, modified: m(3) },
    { ref: "PART001", name: "Part Payer plc", balance: 600, limit: 3000, modified: m(4) },
    { ref: "PAID001", name: "Prompt Payer Ltd", balance: 0, limit: 2500, modified: m(5) },
    { ref: "LATE001", name: "Overdue & Sons", balance: 2400, limit: 2000, modified: m(6) },
    { ref: "ONACC01", name: "On Account Ltd", balance: 300, limit: 1000, modified: m(7) },
    // Sage's DOUBLEs: 1.005 and 0.1 + 0.2 must not round the wrong way.
    { ref: "ROUND01", name: "Rounding Edge Ltd", balance: 1.005, limit: 0.1 + 0.2, modified: m(8) },
  ]);
  addTrans(db, [
    {
      tran: 1,
      type: "SI",
      ref: "ACME001",
      invRef: "AGG-1001",
      date: "2026-11-01",
      due: "2026-12-01",
      gross: 1200.5,
      modified: m(0),
    },
    {
      tran: 2,
      type: "SI",
      ref: "HOLD001",
      invRef: "AGG-1002",
      date: "2026-10-01",
      due: "2026-10-31",
      gross: 800,
      modified: m(1),
    },
    {
      tran: 3,
      type: "SI",
      ref: "PART001",
      invRef: "AGG-1003",
      date: "2026-11-02",
      due: "2026-12-02",
      gross: 1000,
      paid: 400,
      modified: m(4),
    },
    {
      tran: 4,
      type: "SR",
      ref: "PART001",
      invRef: "AGG-1003",
      date: "2026-11-10",
      gross: 400,
      paid: 400,
      modified: m(4),
    },
    {
      tran: 5,
      type: "SI",
      ref: "PAID001",
      invRef: "AGG-1005",
      date: "2026-10-15",
      due: "2026-11-14",
      gross: 360,
      paid: 360,
      modified: m(5),
    },
    {
      tran: 6,
      type: "SR",
      ref: "PAID001",
      invRef: "AGG-1005",
      date: "2026-11-12",
      gross: 360,
      paid: 360,
      modified: m(5),
    },
    {
      tran: 7,
      type: "SI",
      ref: "LATE001",
      invRef: "AGG-1007",
      date: "2026-08-01",
      due: "2026-08-31",
      gross: 2400,
      modified: m(6),
    },
    {
      tran: 8,
      type: "SI",
      ref: "ONACC01",
      invRef: "AGG-1008",
      date: "2026-11-05",
      due: "2026-12-05",
      gross: 500,
      modified: m(7),
    },
    // Cash received but left on account: the balance drops, invoice 8 stays fully outstanding.
    { tran: 9, type: "SA", ref: "ONACC01", invRef: "", date: "2026-11-20", gross: 200, modified: m(7) },
    {
      tran: 10,
      type: "SI",
      ref: "ZERO001",
      invRef: "AGG-1010",
      date: "2026-11-06",
      due: "2026-12-06",
      gross: 99,
      deleted: true,
      modified: m(3),
    },
    {
      tran: 11,
      type: "SC",
      ref: "ZERO001",
      invRef: "AGG-1011",
      date: "2026-11-07",
      gross: 150,
      modified: m(3),
    },
    {
      tran: 12,
      type: "SI",
      ref: "ZERO001",
      invRef: "AGG-1012",
      date: "2026-11-08",
      due: "2026-12-08",
      gross: 150,
      modified: m(3),
    },
  ]);
  return db;
}
