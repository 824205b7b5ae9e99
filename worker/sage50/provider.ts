// Sage 50 behind the provider seam. Sage 50 Accounts is a Windows desktop program with no cloud
// API: a connector on the customer's PC reads it over ODBC and pushes batches (PushIngest), so
// there is no OAuth, no pull, no webhook, and no payment writer (its ODBC driver is read-only).

import * as z from "zod/mini";
import { Sage50Batch } from "../../shared/sage50-protocol.ts";
import type { PushBatch, PushIngest } from "../provider/capabilities.ts";
import { ProviderError } from "../provider/errors.ts";
import type { Provider } from "../provider/provider.ts";
import { SAGE50_CURRENCY, SAGE50_TIMEZONE, toCustomer, toInvoice } from "./mapping.ts";

/** Parses a posted body with the shared wire schema (the connector builds it with the same one). */
export function parseBatch(body: unknown): PushBatch | ProviderError {
  const r = z.safeParse(Sage50Batch, body);
  if (!r.success) {
    const messages = r.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    return new ProviderError("validation", `The batch does not match the Sage 50 protocol: ${messages[0]}`, {
      messages,
    });
  }
  const b = r.data;
  const batch: PushBatch = {
    id: b.batchId,
    cycle: b.cycleId,
    seq: b.seq,
    final: b.final,
    kind: b.kind === "full" ? "snapshot" : "delta",
    // Sage 50 UK's base currency is sterling; the company's own word is kept if it says otherwise.
    org: { name: b.company.name, currency: b.company.currency || SAGE50_CURRENCY, timezone: SAGE50_TIMEZONE },
    customers: b.customers.map((c) => toCustomer(c, 0)),
    invoices: b.invoices.map(toInvoice),
  };
  if (b.complete)
    batch.complete = {
      customerIds: b.complete.customerRefs,
      invoiceIds: b.complete.invoiceTrans.map(String),
    };
  return batch;
}

const push: PushIngest = { parse: parseBatch };

/** The Sage 50 provider. */
export const sage50Provider: Provider = {
  id: "sage50",
  name: "Sage 50",
  limitFields: [{ value: "CREDIT_LIMIT", label: "Credit limit" }],
  jobMatchFields: [
    { value: "InvoiceNumber", label: "Invoice reference (INV_REF)" },
    { value: "Reference", label: "Reference (INV_REF)" },
  ],
  orgs: { provider: "sage50" },
  // The connector's own default (`--every 15`): a status goes stale after two missed cycles.
  defaultSyncIntervalMinutes: 15,
  reasons: {
    revoked: "The Sage 50 connector key was replaced; the connector must use the new key.",
    refused: "The Sage 50 connector key was refused.",
    grantRefused: (message) => `The Sage 50 connector cannot connect: ${message}`,
    idleExpired: "The Sage 50 connector has stopped reporting.",
  },
  push,
};
