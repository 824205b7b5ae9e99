// GET /Invoices and GET /Invoices/{InvoiceID|InvoiceNumber}.
// @see https://developer.xero.com/documentation/api/accounting/invoices

import type { EmulatorState } from "../state.ts";
import type { AccountingApp } from "./env.ts";
import { envelope, notFound, parameterError } from "./errors.ts";
import { isGuid } from "./format.ts";
import type { InvoiceRecord, OrgData } from "./model.ts";
import { commaList, runList } from "./query.ts";
import { invoiceJson } from "./serialize.ts";

/** Invoice fields `where` and `order` may name. */
export const INVOICE_FIELDS = [
  "Type",
  "InvoiceID",
  "InvoiceNumber",
  "Reference",
  "Contact",
  "Date",
  "DueDate",
  "Status",
  "LineAmountTypes",
  "SubTotal",
  "TotalTax",
  "Total",
  "TotalDiscount",
  "AmountDue",
  "AmountPaid",
  "AmountCredited",
  "CurrencyCode",
  "CurrencyRate",
  "FullyPaidOnDate",
  "UpdatedDateUTC",
  "SentToContact",
  "ExpectedPaymentDate",
  "PlannedPaymentDate",
  "BrandingThemeID",
  "Url",
  "IsDiscounted",
  "HasAttachments",
  "HasErrors",
  "Payments",
  "CreditNotes",
  "Prepayments",
  "Overpayments",
  "LineItems",
] as const;

/** Finds an invoice by InvoiceID or, as Xero allows on this route, by InvoiceNumber. */
export function findInvoice(org: OrgData, key: string): InvoiceRecord | undefined {
  if (isGuid(key)) return org.invoices.get(key.toLowerCase());
  for (const inv of org.invoices.values()) if (inv.invoiceNumber === key) return inv;
  return undefined;
}

function guidList(list: string[] | null, name: string): Set<string> | null {
  if (!list) return null;
  if (list.some((id) => !isGuid(id))) throw parameterError(`${name} must be a comma-separated list of GUIDs`);
  return new Set(list.map((id) => id.toLowerCase()));
}

/** Registers the Invoices routes. */
export function registerInvoices(app: AccountingApp, state: EmulatorState): void {
  app.get("/Invoices", (c) => {
    const org = c.get("org");
    const ids = guidList(commaList(c, "IDs"), "IDs");
    const contactIds = guidList(commaList(c, "ContactIDs"), "ContactIDs");
    const numbers = commaList(c, "InvoiceNumbers");
    const numberSet = numbers ? new Set(numbers) : null;
    const statuses = commaList(c, "Statuses");
    const statusSet = statuses ? new Set(statuses.map((s) => s.toUpperCase())) : null;
    const term = c.req.query("searchTerm")?.trim().toLowerCase();
    const records = [...org.invoices.values()].filter(
      (inv) =>
        (!ids || ids.has(inv.invoiceId)) &&
        (!contactIds || contactIds.has(inv.contactId)) &&
        (!numberSet || numberSet.has(inv.invoiceNumber)) &&
        (!statusSet || statusSet.has(inv.status)) &&
        (!term || [inv.invoiceNumber, inv.reference].some((f) => f?.toLowerCase().includes(term))),
    );
    return c.json(
      runList(c, {
        collection: "Invoices",
        typeName: "Invoice",
        fields: INVOICE_FIELDS,
        records,
        id: (r) => r.invoiceId,
        updatedAt: (r) => r.updatedAt,
        // Filters and sorts see the summary fields (not Payments/LineItems), which keeps 50,000 fast.
        filterJson: (r) => invoiceJson(org, r, "summary"),
        render: (page, view) => page.map((r) => invoiceJson(org, r, view)),
        now: state.clock.now(),
      }),
    );
  });

  app.get("/Invoices/:key", (c) => {
    const org = c.get("org");
    const inv = findInvoice(org, c.req.param("key"));
    if (!inv) throw notFound();
    return c.json(envelope("Invoices", [invoiceJson(org, inv, "full")], state.clock.now()));
  });
}
