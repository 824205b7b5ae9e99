// SageSource over ODBC (Sage's "Sage Line 50 vNN" driver on Windows; unixODBC + SQLite in tests).
// Maps driver failures to the connector's exit codes: cannot connect → 2, not Sage's tables → 3.
import { ConnectorError, EXIT, oneLine } from "./errors.ts";
import { type Row, toCustomer, toInvoice } from "./mapping.ts";
import type { SageSource } from "./source.ts";
import {
  ACCOUNT_STATUS_SQL,
  COMPANY_SQL,
  customersSql,
  invoicesSql,
  probe,
  REQUIRED_COLUMNS,
  SALES_INVOICE,
  type SageTable,
} from "./sql.ts";

// The subset of node-odbc used here (typed locally so the root typecheck needs no connector install).
interface OdbcResult extends Array<Row> {
  columns?: { name: string }[];
}
interface OdbcConnection {
  query(sql: string, params?: unknown[]): Promise<OdbcResult>;
  close(): Promise<void>;
}
interface OdbcModule {
  connect(connectionString: string): Promise<OdbcConnection>;
}

/** node-odbc errors carry the driver's diagnostics in `odbcErrors`. */
function driverMessage(err: unknown): string {
  const list = (err as { odbcErrors?: { state?: string; message?: string }[] })?.odbcErrors;
  const first = list?.find((e) => e.message) ?? list?.[0];
  if (first?.message) return `${first.state ? `${first.state} ` : ""}${oneLine(first.message)}`;
  return oneLine(err);
}

/** A one-line explanation of a failed connect, with the likely fix. */
export function connectFailure(err: unknown): ConnectorError {
  const msg = driverMessage(err);
  let hint = "check the connection string, the Sage user's password and that the ACCDATA folder exists";
  if (/IM002|data source name not found/i.test(msg))
    hint = "no such DSN: use the name listed in ODBC Data Sources (64-bit), e.g. SageLine50v29";
  else if (/can't open lib|IM003|driver.*(not|could not) (be )?(found|loaded)/i.test(msg))
    hint = "the ODBC driver named in Driver=… is not installed (Sage installs 'Sage Line 50 vNN')";
  else if (/in use|logged in|already/i.test(msg))
    hint = "the Sage user is logged in interactively: give the connector its own Sage user";
  return new ConnectorError(EXIT.odbc, `Cannot open the Sage data over ODBC (${msg}): ${hint}.`);
}

async function loadOdbc(): Promise<OdbcModule> {
  const name = "odbc";
  try {
    const mod = (await import(name)) as { default?: OdbcModule } & OdbcModule;
    return mod.default ?? mod;
  } catch (err) {
    throw new ConnectorError(
      EXIT.odbc,
      `The odbc module is not installed or did not build (${oneLine(err)}): run npm ci --prefix connector/sage50.`,
    );
  }
}

/** Checks every table and column the connector reads; throws exit 3 naming what is missing. */
async function checkSchema(conn: OdbcConnection): Promise<void> {
  const problems: string[] = [];
  for (const table of Object.keys(REQUIRED_COLUMNS) as SageTable[]) {
    let result: OdbcResult;
    try {
      result = await conn.query(probe(table));
    } catch {
      problems.push(`no table ${table}`);
      continue;
    }
    const have = new Set((result.columns ?? []).map((c) => c.name.toUpperCase()));
    const missing = REQUIRED_COLUMNS[table].filter((c) => !have.has(c));
    if (missing.length) problems.push(`${table} lacks ${missing.join(", ")}`);
  }
  if (problems.length)
    throw new ConnectorError(
      EXIT.schema,
      `This ODBC source is not a Sage 50 Accounts company: ${problems.join("; ")}.`,
    );
}

/** Sage's driver and SQLite's both compare a bound "YYYY-MM-DD HH:MM:SS" string with a timestamp. */
const sqlTime = (local: string) => local.replace("T", " ");

/** Connects, verifies the schema, and returns the source. */
export async function openOdbcSource(connectionString: string): Promise<SageSource> {
  const odbc = await loadOdbc();
  let conn: OdbcConnection;
  try {
    conn = await odbc.connect(connectionString);
  } catch (err) {
    throw connectFailure(err);
  }
  try {
    await checkSchema(conn);
  } catch (err) {
    await conn.close().catch(() => {});
    throw err;
  }
  const run = async (sql: string, params: unknown[] = []) => {
    try {
      return await conn.query(sql, params);
    } catch (err) {
      throw new ConnectorError(EXIT.odbc, `Reading Sage failed (${driverMessage(err)}).`);
    }
  };
  return {
    async company() {
      const rows = await run(COMPANY_SQL);
      const name = String(rows[0]?.NAME ?? "").trim();
      return { name, currency: "GBP" };
    },
    async customers(since) {
      const statuses = await run(ACCOUNT_STATUS_SQL);
      const hold = new Set(statuses.filter((r) => Number(r.ON_HOLD) !== 0).map((r) => Number(r.NUMBER)));
      const rows = await run(customersSql(since !== null), since === null ? [] : [sqlTime(since)]);
      return rows.map((r) => toCustomer(r, hold));
    },
    async invoices(since) {
      const params = since === null ? [SALES_INVOICE] : [SALES_INVOICE, sqlTime(since)];
      return (await run(invoicesSql(since !== null), params)).map(toInvoice);
    },
    async counts() {
      const c = await run("SELECT COUNT(*) AS N FROM SALES_LEDGER");
      const i = await run("SELECT COUNT(*) AS N FROM AUDIT_HEADER WHERE AUDIT_HEADER.TYPE = ?", [
        SALES_INVOICE,
      ]);
      return { customers: Number(c[0]?.N ?? 0), invoices: Number(i[0]?.N ?? 0) };
    },
    close: () => conn.close(),
  };
}
