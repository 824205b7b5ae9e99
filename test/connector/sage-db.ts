// Builds Sage-shaped SQLite companies for the connector tests (written with node:sqlite; the
// connector reads them through unixODBC + the SQLite ODBC driver, as it reads Sage in production)
// and posts the ledger events tests need: a receipt allocated to an invoice, a receipt on account.
import { DatabaseSync } from "node:sqlite";
import { ACCOUNT_STATUSES, SAGE_DDL } from "./sage-schema.ts";

/** A customer row to seed (amounts in pounds, as Sage stores them). */
export interface SeedCustomer {
  ref: string;
  name: string;
  balance: number;
  limit: number;
  onHold?: boolean;
  status?: number;
  inactive?: boolean;
  deleted?: boolean;
  modified: string;
}

/** A transaction row to seed. */
export interface SeedTran {
  tran: number;
  type: "SI" | "SC" | "SR" | "SA" | "SP";
  ref: string;
  invRef: string;
  date: string;
  due?: string;
  gross: number;
  paid?: number;
  deleted?: boolean;
  modified: string;
}

/** An ODBC connection string for the file, through the SQLite3 driver unixODBC registers. */
export const odbcString = (file: string) => `Driver=SQLite3;Database=${file}`;

/** Creates the Sage tables in a new file and returns it open. */
export function createSageDb(file: string, companyName: string): DatabaseSync {
  const db = new DatabaseSync(file);
  for (const ddl of SAGE_DDL) db.exec(ddl);
  db.prepare("INSERT INTO COMPANY (NAME, ADDRESS_1) VALUES (?, ?)").run(companyName, "1 High Street");
  const status = db.prepare("INSERT INTO ACCOUNT_STATUS VALUES (?, ?, ?)");
  for (const s of ACCOUNT_STATUSES) status.run(...s);
  return db;
}

/** Inserts customers. */
export function addCustomers(db: DatabaseSync, rows: SeedCustomer[]): void {
  const insert =
    db.prepare(`INSERT INTO SALES_LEDGER (ACCOUNT_REF, NAME, BALANCE, FOREIGN_BALANCE, CREDIT_LIMIT,
    ACCOUNT_ON_HOLD, STATUS_NUMBER, STATUS_TEXT, INACTIVE_FLAG, RECORD_DELETED, CURRENCY, COUNTRY_CODE,
    RECORD_CREATE_DATE, RECORD_MODIFY_DATE) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, 1, 'GB', ?, ?)`);
  for (const c of rows) {
    const status = c.status ?? 0;
    insert.run(
      c.ref,
      c.name,
      c.balance,
      c.limit,
      c.onHold ? 1 : 0,
      status,
      ACCOUNT_STATUSES.find((s) => s[0] === status)?.[1] ?? "Open",
      c.inactive ? 1 : 0,
      c.deleted ? 1 : 0,
      c.modified,
      c.modified,
    );
  }
}

/** Inserts transactions; invoices' OUTSTANDING = gross − paid, PAID_FLAG 'Y' when nothing is left. */
export function addTrans(db: DatabaseSync, rows: SeedTran[]): void {
  const insert = db.prepare(`INSERT INTO AUDIT_HEADER (TRAN_NUMBER, TYPE, DATE, ACCOUNT_REF, INV_REF, DETAILS,
    DUE_DATE, NET_AMOUNT, TAX_AMOUNT, GROSS_AMOUNT, AMOUNT_PAID, PAYMENT, OUTSTANDING, PAID_FLAG, PAID_STATUS,
    DELETED_FLAG, RECORD_MODIFY_DATE) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const t of rows) {
    const paid = t.paid ?? 0;
    const outstanding = Math.round((t.gross - paid) * 100) / 100;
    const net = Math.round((t.gross / 1.2) * 100) / 100;
    insert.run(
      t.tran,
      t.type,
      t.date,
      t.ref,
      t.invRef,
      t.type === "SI" ? "Job invoice" : t.type === "SA" ? "Payment on account" : "Receipt",
      t.due ?? null,
      net,
      Math.round((t.gross - net) * 100) / 100,
      t.gross,
      paid,
      t.type === "SR" || t.type === "SA" ? t.gross : 0,
      outstanding,
      outstanding === 0 ? "Y" : "N",
      outstanding === 0 ? "" : paid > 0 ? "p" : "",
      t.deleted ? 1 : 0,
      t.modified,
    );
  }
}

const nextTran = (db: DatabaseSync) =>
  Number(
    (db.prepare("SELECT COALESCE(MAX(TRAN_NUMBER), 0) + 1 AS N FROM AUDIT_HEADER").get() as { N: number }).N,
  );

/** A receipt (SR) allocated to invoice `tran`: the invoice's OUTSTANDING and the balance go down. */
export function postReceipt(db: DatabaseSync, tran: number, amount: number, at: string): void {
  const inv = db.prepare("SELECT * FROM AUDIT_HEADER WHERE TRAN_NUMBER = ?").get(tran) as {
    ACCOUNT_REF: string;
    INV_REF: string;
    AMOUNT_PAID: number;
    GROSS_AMOUNT: number;
  };
  const paid = Math.round((Number(inv.AMOUNT_PAID) + amount) * 100) / 100;
  const outstanding = Math.round((Number(inv.GROSS_AMOUNT) - paid) * 100) / 100;
  addTrans(db, [
    {
      tran: nextTran(db),
      type: "SR",
      ref: inv.ACCOUNT_REF,
      invRef: inv.INV_REF,
      date: at.slice(0, 10),
      gross: amount,
      paid: amount,
      modified: at,
    },
  ]);
  db.prepare(`UPDATE AUDIT_HEADER SET AMOUNT_PAID = ?, OUTSTANDING = ?, PAID_FLAG = ?, PAID_STATUS = ?,
    RECORD_MODIFY_DATE = ? WHERE TRAN_NUMBER = ?`).run(
    paid,
    outstanding,
    outstanding === 0 ? "Y" : "N",
    outstanding === 0 ? "" : "p",
    at,
    tran,
  );
  db.prepare(
    "UPDATE SALES_LEDGER SET BALANCE = BALANCE - ?, LAST_PAYMENT_DATE = ?, RECORD_MODIFY_DATE = ? WHERE ACCOUNT_REF = ?",
  ).run(amount, at.slice(0, 10), at, inv.ACCOUNT_REF);
}

/** A receipt on account (SA): the balance goes down, no invoice's OUTSTANDING changes. */
export function postReceiptOnAccount(db: DatabaseSync, ref: string, amount: number, at: string): void {
  addTrans(db, [
    { tran: nextTran(db), type: "SA", ref, invRef: "", date: at.slice(0, 10), gross: amount, modified: at },
  ]);
  db.prepare(
    "UPDATE SALES_LEDGER SET BALANCE = BALANCE - ?, RECORD_MODIFY_DATE = ? WHERE ACCOUNT_REF = ?",
  ).run(amount, at, ref);
}
