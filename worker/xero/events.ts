// What a tenant does with Xero webhook events (after dedupe): INVOICE → re-read those invoices;
// CONTACT → re-read those contacts; CREDITNOTE / PREPAYMENT / OVERPAYMENT → read the record to
// learn its contact and the invoices it was allocated to (Xero's event carries ids only, and an
// allocation moves the invoice without necessarily announcing the invoice), re-read those
// invoices (job states and events follow) and then every contact whose balance moved.
// @see https://developer.xero.com/documentation/guides/webhooks/overview

import * as z from "zod";
import { XeroApiError, type XeroRequest } from "./api.ts";

/** One deduped webhook event as the tenant object receives it. */
export type XeroEventItem = {
  category: string;
  resourceId: string;
  /** Dedupe key (tenant, category, type, resource, event time). */
  key: string;
  /** CREDITNOTE only: the note's Type from the event's data block. */
  creditType?: string;
};

/** Where each credit category's record is read, and the collection key of the answer. */
export const CREDIT_SOURCES = {
  CREDITNOTE: { path: "/CreditNotes", collection: "CreditNotes" },
  PREPAYMENT: { path: "/Prepayments", collection: "Prepayments" },
  OVERPAYMENT: { path: "/Overpayments", collection: "Overpayments" },
} as const;
type CreditCategory = keyof typeof CREDIT_SOURCES;

/** At most this many credit records are read per delivery (one call each); the rest wait for the sync. */
export const MAX_CREDIT_READS = 20;

/** The calls the plan needs; the tenant object supplies them. */
export interface XeroEventDeps {
  call(req: XeroRequest): Promise<unknown>;
  refreshInvoices(ids: readonly string[]): Promise<{ contactIds: string[] }>;
  refreshContacts(ids: readonly string[]): Promise<void>;
}

/** What to read for a batch of events. */
export interface RefreshPlan {
  invoiceIds: string[];
  contactIds: string[];
  credits: { category: CreditCategory; id: string }[];
  /** More credit events than MAX_CREDIT_READS: the sync should come soon. */
  overflow: boolean;
}

const isCredit = (c: string): c is CreditCategory => Object.hasOwn(CREDIT_SOURCES, c);

/** Groups events into reads; supplier credit notes (ACCPAYCREDIT) and unknown categories need none. */
export function planRefresh(items: readonly XeroEventItem[]): RefreshPlan {
  const invoices = new Set<string>();
  const contacts = new Set<string>();
  const credits = new Map<string, { category: CreditCategory; id: string }>();
  for (const i of items) {
    if (i.category === "INVOICE") invoices.add(i.resourceId);
    else if (i.category === "CONTACT") contacts.add(i.resourceId);
    else if (isCredit(i.category) && i.creditType !== "ACCPAYCREDIT")
      credits.set(`${i.category}:${i.resourceId}`, { category: i.category, id: i.resourceId });
  }
  const all = [...credits.values()];
  return {
    invoiceIds: [...invoices],
    contactIds: [...contacts],
    credits: all.slice(0, MAX_CREDIT_READS),
    overflow: all.length > MAX_CREDIT_READS,
  };
}

const CreditRecord = z.looseObject({
  Type: z.string().optional(),
  Contact: z.looseObject({ ContactID: z.string() }).optional(),
  Allocations: z
    .array(z.looseObject({ Invoice: z.looseObject({ InvoiceID: z.string() }).optional() }))
    .default([]),
});

/** The customer and allocated invoices of a credit record; supplier-side records (ACCPAY…, SPEND-…) have none we track. */
export function creditLinks(record: z.infer<typeof CreditRecord>): {
  contactId?: string;
  invoiceIds: string[];
} {
  const type = record.Type ?? "";
  if (type === "ACCPAYCREDIT" || type.startsWith("SPEND") || type.startsWith("AP")) return { invoiceIds: [] };
  return {
    contactId: record.Contact?.ContactID,
    invoiceIds: record.Allocations.flatMap((a) => (a.Invoice ? [a.Invoice.InvoiceID] : [])),
  };
}

/** Reads what the events point at and refreshes invoices, then contacts. Returns whether a sync should follow. */
export async function applyXeroEvents(
  deps: XeroEventDeps,
  items: readonly XeroEventItem[],
): Promise<{ overflow: boolean }> {
  const plan = planRefresh(items);
  const invoiceIds = new Set(plan.invoiceIds);
  const contactIds = new Set(plan.contactIds);
  for (const { category, id } of plan.credits) {
    const src = CREDIT_SOURCES[category];
    let body: unknown;
    try {
      body = await deps.call({ path: `${src.path}/${id}` });
    } catch (err) {
      // Deleted since the event, or not ours to read: nothing to refresh for it.
      if (err instanceof XeroApiError && err.kind === "not_found") continue;
      throw err;
    }
    const list = z.object({ [src.collection]: z.array(CreditRecord).default([]) }).parse(body);
    for (const record of list[src.collection] ?? []) {
      const links = creditLinks(record);
      if (links.contactId) contactIds.add(links.contactId);
      for (const inv of links.invoiceIds) invoiceIds.add(inv);
    }
  }
  if (invoiceIds.size > 0) {
    const r = await deps.refreshInvoices([...invoiceIds]);
    for (const id of r.contactIds) contactIds.add(id);
  }
  if (contactIds.size > 0) await deps.refreshContacts([...contactIds]);
  return { overflow: plan.overflow };
}
