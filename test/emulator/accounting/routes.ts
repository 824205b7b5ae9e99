// The emulated Xero Accounting API, mounted by the emulator at /api.xro/2.0 behind its auth middleware
// (which sets `org`). Errors become Xero's bodies here; nothing unexpected escapes as a crash.

import { Hono } from "hono";
import type { EmulatorState } from "../state.ts";
import { registerAccounts } from "./accounts.ts";
import { registerContacts } from "./contacts.ts";
import { registerCredits } from "./credits.ts";
import type { AccountingEnv } from "./env.ts";
import { NOT_FOUND_TEXT, XeroHttpError } from "./errors.ts";
import { idempotency } from "./idempotency.ts";
import { registerInvoices } from "./invoices.ts";
import { registerPayments } from "./payments.ts";

/** Builds the Accounting API sub-app: Organisation, Contacts, Invoices, Accounts, Payments. */
export function accountingRoutes(state: EmulatorState): Hono<AccountingEnv> {
  const app = new Hono<AccountingEnv>();
  app.use("*", idempotency(state));
  registerAccounts(app, state);
  registerContacts(app, state);
  registerInvoices(app, state);
  registerPayments(app, state);
  registerCredits(app, state);
  // Unknown Accounting paths answer like Xero (a sub-app's notFound is not used once mounted).
  app.all("*", (c) => c.text(NOT_FOUND_TEXT, 404));
  app.onError((err, c) => {
    if (err instanceof XeroHttpError) {
      return err.body ? c.json(err.body, err.status as 400) : c.text(NOT_FOUND_TEXT, 404);
    }
    console.error("xero emulator: unexpected error", err);
    return c.json(
      {
        ErrorNumber: 500,
        Type: "UnknownErrorException",
        Message:
          "An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.",
      },
      500,
    );
  });
  return app;
}
