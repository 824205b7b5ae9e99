// GET /Accounts, GET /Accounts/{AccountID} and GET /Organisation.
// @see https://developer.xero.com/documentation/api/accounting/accounts
// @see https://developer.xero.com/documentation/api/accounting/organisation

import type { EmulatorState } from "../state.ts";
import type { AccountingApp } from "./env.ts";
import { envelope, notFound } from "./errors.ts";
import { isGuid, parseIfModifiedSince } from "./format.ts";
import { accountJson, organisationJson } from "./serialize.ts";
import { compileWhere } from "./where.ts";

/** Account fields `where` may name. */
export const ACCOUNT_FIELDS = [
  "AccountID",
  "Code",
  "Name",
  "Status",
  "Type",
  "TaxType",
  "Description",
  "Class",
  "SystemAccount",
  "EnablePaymentsToAccount",
  "ShowInExpenseClaims",
  "BankAccountNumber",
  "BankAccountType",
  "CurrencyCode",
  "ReportingCode",
  "ReportingCodeName",
  "HasAttachments",
  "UpdatedDateUTC",
  "AddToWatchlist",
] as const;

/** Registers the Accounts and Organisation routes (Accounts are not paged in Xero). */
export function registerAccounts(app: AccountingApp, state: EmulatorState): void {
  app.get("/Accounts", (c) => {
    const org = c.get("org");
    const since = parseIfModifiedSince(c.req.header("If-Modified-Since"));
    let rows = [...org.accounts.values()]
      .filter((a) => since === null || a.updatedAt > since)
      .map(accountJson);
    const where = c.req.query("where");
    if (where && where.trim() !== "") rows = rows.filter(compileWhere(where, "Account", ACCOUNT_FIELDS));
    rows.sort((a, b) => String(a.Code).localeCompare(String(b.Code)));
    return c.json(envelope("Accounts", rows, state.clock.now()));
  });

  app.get("/Accounts/:id", (c) => {
    const id = c.req.param("id");
    const acct = isGuid(id) ? c.get("org").accounts.get(id.toLowerCase()) : undefined;
    if (!acct) throw notFound();
    return c.json(envelope("Accounts", [accountJson(acct)], state.clock.now()));
  });

  app.get("/Organisation", (c) =>
    c.json(envelope("Organisations", [organisationJson(c.get("org"))], state.clock.now())),
  );
}
