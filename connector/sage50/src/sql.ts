// Every statement the connector sends to Sage's ODBC driver. Read-only, parameterised (no `{d …}`
// literals: bound values work the same in Sage's driver and in the SQLite driver the tests use),
// and ordered by key so re-reading unchanged data yields byte-identical batches.

/** The columns the connector reads, per table; `--check` and every cycle verify they exist. */
export const REQUIRED_COLUMNS = {
  SALES_LEDGER: [
    "ACCOUNT_REF",
    "NAME",
    "BALANCE",
    "CREDIT_LIMIT",
    "ACCOUNT_ON_HOLD",
    "STATUS_NUMBER",
    "INACTIVE_FLAG",
    "RECORD_DELETED",
    "RECORD_MODIFY_DATE",
  ],
  AUDIT_HEADER: [
    "TRAN_NUMBER",
    "TYPE",
    "ACCOUNT_REF",
    "INV_REF",
    "DATE",
    "DUE_DATE",
    "GROSS_AMOUNT",
    "OUTSTANDING",
    "AMOUNT_PAID",
    "PAID_FLAG",
    "DELETED_FLAG",
    "RECORD_MODIFY_DATE",
  ],
  COMPANY: ["NAME"],
  ACCOUNT_STATUS: ["NUMBER", "ON_HOLD"],
} as const;
export type SageTable = keyof typeof REQUIRED_COLUMNS;

/** A query that returns no rows but the table's column list (for the schema check). */
export const probe = (table: SageTable) => `SELECT * FROM ${table} WHERE 1 = 0`;

const customerColumns = REQUIRED_COLUMNS.SALES_LEDGER.map((c) => `SALES_LEDGER.${c}`).join(", ");
const invoiceColumns = REQUIRED_COLUMNS.AUDIT_HEADER.filter((c) => c !== "TYPE")
  .map((c) => `AUDIT_HEADER.${c}`)
  .join(", ");

/** Customers; with a `since` parameter only those modified at or after it. */
export function customersSql(delta: boolean): string {
  const where = delta ? " WHERE SALES_LEDGER.RECORD_MODIFY_DATE >= ?" : "";
  return `SELECT ${customerColumns} FROM SALES_LEDGER${where} ORDER BY SALES_LEDGER.ACCOUNT_REF`;
}

/** Sales invoices (first parameter: the type 'SI'); with a second parameter only those modified since. */
export function invoicesSql(delta: boolean): string {
  const since = delta ? " AND AUDIT_HEADER.RECORD_MODIFY_DATE >= ?" : "";
  return `SELECT ${invoiceColumns} FROM AUDIT_HEADER WHERE AUDIT_HEADER.TYPE = ?${since} ORDER BY AUDIT_HEADER.TRAN_NUMBER`;
}

/** The transaction type of a posted sales invoice. */
export const SALES_INVOICE = "SI";

/** The company's own name (one row). */
export const COMPANY_SQL = "SELECT COMPANY.NAME FROM COMPANY";

/** Account statuses: a status can put an account on hold without ACCOUNT_ON_HOLD being set. */
export const ACCOUNT_STATUS_SQL = "SELECT ACCOUNT_STATUS.NUMBER, ACCOUNT_STATUS.ON_HOLD FROM ACCOUNT_STATUS";
