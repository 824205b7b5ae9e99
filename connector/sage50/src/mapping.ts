// Sage ODBC rows → wire records. Pure: the driver hands back numbers, strings (timestamps come as
// "2026-11-30 17:04:05" from both Sage's and SQLite's driver) or Dates, and NULLs anywhere.
import type { Sage50Customer, Sage50Invoice } from "../../../shared/sage50-protocol.ts";
import { toPence } from "./money.ts";

/** A raw row as node-odbc returns it. */
export type Row = Record<string, unknown>;

const pad = (n: number) => String(n).padStart(2, "0");

/** A Sage timestamp as local "YYYY-MM-DDTHH:MM:SS" (seconds precision), or null. */
export function localTime(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}T${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}`;
  }
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(String(value).trim());
  if (!m) return null;
  return `${m[1]}T${m[2] ?? "00"}:${m[3] ?? "00"}:${m[4] ?? "00"}`;
}

/** A Sage DATE as "YYYY-MM-DD", or null. */
export function localDate(value: unknown): string | null {
  return localTime(value)?.slice(0, 10) ?? null;
}

/** Sage flags are TINYINT 0/1 in most tables and 'Y'/'N' in others. */
export function flag(value: unknown): boolean {
  if (typeof value === "number" || typeof value === "bigint") return Number(value) !== 0;
  if (typeof value === "boolean") return value;
  const s = String(value ?? "")
    .trim()
    .toUpperCase();
  return s === "Y" || s === "1" || s === "YES" || s === "TRUE" || s === "-1";
}

const text = (value: unknown, max: number) =>
  String(value ?? "")
    .trim()
    .slice(0, max);

/** A SALES_LEDGER row; `holdStatuses` are the STATUS_NUMBERs whose ACCOUNT_STATUS.ON_HOLD is set. */
export function toCustomer(row: Row, holdStatuses: ReadonlySet<number>): Sage50Customer {
  const status = Number(row.STATUS_NUMBER ?? 0);
  return {
    ref: text(row.ACCOUNT_REF, 8),
    name: text(row.NAME, 60),
    balance: toPence(row.BALANCE, "BALANCE"),
    limit: toPence(row.CREDIT_LIMIT, "CREDIT_LIMIT"),
    onHold: flag(row.ACCOUNT_ON_HOLD) || holdStatuses.has(status),
    inactive: flag(row.INACTIVE_FLAG),
    deleted: flag(row.RECORD_DELETED),
    modified: localTime(row.RECORD_MODIFY_DATE),
  };
}

/** An AUDIT_HEADER row of type SI. */
export function toInvoice(row: Row): Sage50Invoice {
  return {
    tran: Number(row.TRAN_NUMBER),
    customer: text(row.ACCOUNT_REF, 8),
    number: text(row.INV_REF, 30),
    date: localDate(row.DATE),
    due: localDate(row.DUE_DATE),
    gross: toPence(row.GROSS_AMOUNT, "GROSS_AMOUNT"),
    outstanding: toPence(row.OUTSTANDING, "OUTSTANDING"),
    paid: toPence(row.AMOUNT_PAID, "AMOUNT_PAID"),
    paidFlag: flag(row.PAID_FLAG),
    deleted: flag(row.DELETED_FLAG),
    modified: localTime(row.RECORD_MODIFY_DATE),
  };
}
