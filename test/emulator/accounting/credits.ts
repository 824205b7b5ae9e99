// GET /CreditNotes[/{CreditNoteID}], /Prepayments[/{PrepaymentID}], /Overpayments[/{OverpaymentID}]:
// the customer credit records (ACCRECCREDIT, RECEIVE-PREPAYMENT, RECEIVE-OVERPAYMENT) with the
// Allocations that moved invoices' AmountCredited. Read-only here: the test control creates them.
// Xero's GET /CreditNotes has no IDs filter (the OpenAPI document lists where, order, page, pageSize).
// @see https://developer.xero.com/documentation/api/accounting/creditnotes
// @see https://developer.xero.com/documentation/api/accounting/prepayments
// @see https://developer.xero.com/documentation/api/accounting/overpayments

import type { EmulatorState } from "../state.ts";
import type { AccountingApp } from "./env.ts";
import { envelope, notFound } from "./errors.ts";
import { isGuid, money, msDate, msDateOfDay } from "./format.ts";
import { type CreditKind, type CreditRecord, type OrgData, remainingCredit } from "./model.ts";
import { runList } from "./query.ts";
import type { View } from "./serialize.ts";

type Json = Record<string, unknown>;

/** Per kind: the collection, its id field, and Xero's type code. */
export const CREDIT_KINDS: Record<
  CreditKind,
  { collection: string; typeName: string; idField: string; type: string }
> = {
  CREDITNOTE: {
    collection: "CreditNotes",
    typeName: "CreditNote",
    idField: "CreditNoteID",
    type: "ACCRECCREDIT",
  },
  PREPAYMENT: {
    collection: "Prepayments",
    typeName: "Prepayment",
    idField: "PrepaymentID",
    type: "RECEIVE-PREPAYMENT",
  },
  OVERPAYMENT: {
    collection: "Overpayments",
    typeName: "Overpayment",
    idField: "OverpaymentID",
    type: "RECEIVE-OVERPAYMENT",
  },
};

const FIELDS = [
  "Type",
  "Contact",
  "Date",
  "Status",
  "LineAmountTypes",
  "SubTotal",
  "TotalTax",
  "Total",
  "UpdatedDateUTC",
  "CurrencyCode",
  "CurrencyRate",
  "RemainingCredit",
  "Reference",
] as const;

function compact(o: Json): Json {
  const out: Json = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A credit note, prepayment or overpayment as Xero emits it; "summary" leaves out Allocations. */
export function creditJson(org: OrgData, c: CreditRecord, view: View): Json {
  const k = CREDIT_KINDS[c.kind];
  const contact = org.contacts.get(c.contactId);
  const base = compact({
    Type: k.type,
    [k.idField]: c.id,
    CreditNoteNumber: c.number,
    Reference: c.reference,
    Contact: compact({ ContactID: c.contactId, Name: contact?.name }),
    Date: msDateOfDay(c.date),
    Status: c.status,
    LineAmountTypes: "NoTax",
    SubTotal: money(c.total),
    TotalTax: 0,
    Total: money(c.total),
    UpdatedDateUTC: msDate(c.updatedAt),
    CurrencyCode: c.currencyCode,
    CurrencyRate: 1,
    RemainingCredit: money(remainingCredit(c)),
    HasAttachments: false,
  });
  if (view === "summary") return base;
  return {
    ...base,
    ...(c.kind === "CREDITNOTE" ? { SentToContact: false, HasErrors: false } : {}),
    Allocations: c.allocations.map((a) => ({
      AllocationID: a.allocationId,
      Amount: money(a.amount),
      Date: msDateOfDay(a.date),
      Invoice: compact({
        InvoiceID: a.invoiceId,
        InvoiceNumber: org.invoices.get(a.invoiceId)?.invoiceNumber,
      }),
    })),
    Payments: [],
  };
}

/** What an invoice lists under CreditNotes / Prepayments / Overpayments for credit allocated to it. */
export function allocatedTo(org: OrgData, invoiceId: string, kind: CreditKind): Json[] {
  const k = CREDIT_KINDS[kind];
  const out: Json[] = [];
  for (const c of org.credits.values()) {
    if (c.kind !== kind) continue;
    const applied = c.allocations.filter((a) => a.invoiceId === invoiceId).reduce((s, a) => s + a.amount, 0);
    if (applied === 0) continue;
    out.push(
      compact({
        [k.idField]: c.id,
        CreditNoteNumber: c.number,
        Date: msDateOfDay(c.date),
        Total: money(c.total),
        AppliedAmount: money(applied),
      }),
    );
  }
  return out;
}

/** Registers the three credit collections and their by-id routes. */
export function registerCredits(app: AccountingApp, state: EmulatorState): void {
  for (const [kind, k] of Object.entries(CREDIT_KINDS) as [CreditKind, (typeof CREDIT_KINDS)[CreditKind]][]) {
    const of = (org: OrgData) => [...org.credits.values()].filter((c) => c.kind === kind);
    app.get(`/${k.collection}`, (c) => {
      const org = c.get("org");
      return c.json(
        runList(c, {
          collection: k.collection,
          typeName: k.typeName,
          fields: [k.idField, ...FIELDS],
          records: of(org),
          id: (r) => r.id,
          updatedAt: (r) => r.updatedAt,
          filterJson: (r) => creditJson(org, r, "summary"),
          render: (page, view) => page.map((r) => creditJson(org, r, view)),
          now: state.clock.now(),
        }),
      );
    });
    app.get(`/${k.collection}/:id`, (c) => {
      const org = c.get("org");
      const key = c.req.param("id");
      const found = isGuid(key) ? org.credits.get(key.toLowerCase()) : undefined;
      if (!found || found.kind !== kind) throw notFound();
      return c.json(envelope(k.collection, [creditJson(org, found, "full")], state.clock.now()));
    });
  }
}
