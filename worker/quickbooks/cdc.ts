// One QuickBooks change-data-capture answer, read: `GET /cdc?entities=Customer,Invoice,Payment&changedSince=…`.
// At most 1,000 objects over all entities per answer (oldest change first at the emulator;
// UNVERIFIED at Intuit), times with whole seconds, changedSince at most 30 days back. A full
// answer is paged by advancing changedSince to the last LastUpdatedTime seen (inclusive) and
// dropping what was already applied at that second.
// @see ../../shared/QBO-FACTS.md "Query & CDC"

import * as z from "zod";
import { QboCustomer } from "./customer.ts";
import { QboInvoice } from "./invoice.ts";
import { paymentTargets, QboPaymentLinks } from "./payment-links.ts";

/** Most objects one CDC answer carries. */
export const CDC_MAX_OBJECTS = 1000;
/** How far back changedSince may reach (less an hour's margin for clock skew). */
export const CDC_MAX_AGE_MS = 30 * 86_400_000 - 3600_000;

const Meta = z.looseObject({ LastUpdatedTime: z.string().optional() }).nullish();
const Payment = QboPaymentLinks.extend({ status: z.string().optional(), MetaData: Meta });
const Answer = z.object({
  CDCResponse: z
    .array(
      z.looseObject({
        QueryResponse: z
          .array(
            z.looseObject({
              Customer: z
                .array(z.looseObject({ Id: z.string(), status: z.string().optional(), MetaData: Meta }))
                .optional(),
              Invoice: z.array(QboInvoice).optional(),
              Payment: z.array(Payment).optional(),
            }),
          )
          .default([]),
      }),
    )
    .min(1),
});

/** What one answer changed, repeats dropped. */
export interface CdcChanges {
  /** Customers changed (deleted ones are not listed: QuickBooks only makes them inactive). */
  customers: QboCustomer[];
  invoices: QboInvoice[];
  /** Customers a payment was for, and invoices it was applied to (their balance moved). */
  paymentCustomers: string[];
  paymentInvoices: string[];
  /** Objects in the answer (a full answer means: ask again from `lastAt`). */
  count: number;
  /** Latest LastUpdatedTime in the answer (ms), null when empty. */
  lastAt: number | null;
  /** Keys of the objects at `lastAt` (what a resume from there must drop). */
  atLast: string[];
  /** Every object's key and LastUpdatedTime (ms; null when absent), repeats included. */
  keys: { key: string; at: number | null }[];
}

const timeOf = (m: z.infer<typeof Meta>) => {
  const t = m?.LastUpdatedTime ? Date.parse(m.LastUpdatedTime) : Number.NaN;
  return Number.isFinite(t) ? t : null;
};

/** Reads one CDC answer, dropping the objects whose keys are in `seen`. */
export function readCdc(body: unknown, seen: ReadonlySet<string>): CdcChanges {
  const groups = Answer.parse(body).CDCResponse.flatMap((r) => r.QueryResponse);
  const out: CdcChanges = {
    customers: [],
    invoices: [],
    paymentCustomers: [],
    paymentInvoices: [],
    count: 0,
    lastAt: null,
    atLast: [],
    keys: [],
  };
  const all = out.keys;
  const fresh = (entity: string, id: string, meta: z.infer<typeof Meta>) => {
    const at = timeOf(meta);
    const key = `${entity}:${id}:${at ?? ""}`;
    out.count++;
    all.push({ key, at });
    return !seen.has(key);
  };
  for (const g of groups) {
    for (const c of g.Customer ?? [])
      if (fresh("Customer", c.Id, c.MetaData) && c.status !== "Deleted") {
        const parsed = QboCustomer.safeParse(c);
        if (parsed.success) out.customers.push(parsed.data);
      }
    for (const i of g.Invoice ?? []) if (fresh("Invoice", i.Id, i.MetaData)) out.invoices.push(i);
    for (const p of g.Payment ?? []) {
      if (!fresh("Payment", p.Id, p.MetaData) || p.status === "Deleted") continue;
      const t = paymentTargets(p);
      if (t.customer) out.paymentCustomers.push(t.customer);
      out.paymentInvoices.push(...t.invoices);
    }
  }
  for (const a of all) if (a.at !== null && (out.lastAt === null || a.at > out.lastAt)) out.lastAt = a.at;
  out.atLast = all.filter((a) => a.at === out.lastAt).map((a) => a.key);
  return out;
}

/** CDC's changedSince: ISO 8601 with whole seconds (what Intuit's examples send). */
export const cdcSince = (ms: number) =>
  `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
