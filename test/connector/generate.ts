// A generated company for the benchmark and the scale tests: 2,000 customers and 6,000 sales
// invoices by default, deterministic (seeded PRNG), with the same messes in realistic shares.
import type { DatabaseSync } from "node:sqlite";
import { generateRows } from "./generate-rows.ts";
import { addCustomers, addTrans, createSageDb } from "./sage-db.ts";

/** Creates a company of `customers` accounts and `invoices` SI rows (plus their receipts) in `file`. */
export function generateCompany(file: string, customers = 2_000, invoices = 6_000, seed = 50): DatabaseSync {
  const db = createSageDb(file, "Generated Heating Services Ltd");
  const rows = generateRows(customers, invoices, seed);
  db.exec("BEGIN");
  addCustomers(db, rows.customers);
  addTrans(db, rows.trans);
  db.exec("COMMIT");
  return db;
}
