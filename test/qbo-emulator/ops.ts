// State changes shared by the API (POST /payment) and the control API ("customer paid in
// QuickBooks", void, delete, merge, create/update). Each records the change for webhooks.
// Balance changes do not bump a customer's MetaData.LastUpdatedTime (Balance is computed from
// invoices; UNVERIFIED either way — the stricter choice: clients must follow invoices, not customers).

import { companyDay } from "./format.ts";
import {
  type Company,
  nextId,
  type QboCustomer,
  type QboInvoice,
  type QboPayment,
  undepositedFunds,
} from "./model.ts";
import { type QboState, recordChange } from "./state.ts";

/** What a payment applies. Amounts in pence. */
export interface PaymentInput {
  customerId: string;
  totalPence: number;
  lines: { invoiceId: string; amountPence: number }[];
  depositAccountId?: string;
  txnDate?: string;
  paymentRefNum?: string;
  privateNote?: string;
}

/** The company, or an Error naming the realm. */
export function companyOf(state: QboState, realmId: string): Company {
  const co = state.companies.get(realmId);
  if (!co) throw new Error(`No company ${realmId}`);
  return co;
}

/** An invoice by Id or DocNumber. */
export function findInvoice(co: Company, ref: string): QboInvoice | undefined {
  return co.invoices.get(ref) ?? [...co.invoices.values()].find((i) => i.docNumber === ref);
}

function touchInvoice(state: QboState, co: Company, inv: QboInvoice, op: "Update" | "Void" = "Update"): void {
  inv.syncToken++;
  inv.updatedAt = state.clock.now();
  recordChange(state, { realmId: co.realmId, entity: "Invoice", operation: op, id: inv.id });
}

/** Records a (validated) payment: invoice Balance and LinkedTxn, the deposit account's balance. */
export function applyPayment(state: QboState, co: Company, input: PaymentInput): QboPayment {
  const now = state.clock.now();
  const deposit = input.depositAccountId ?? undepositedFunds(co)?.id;
  if (!deposit) throw new Error("Company has no Undeposited Funds account");
  const applied = input.lines.reduce((s, l) => s + l.amountPence, 0);
  const p: QboPayment = {
    id: nextId(co),
    syncToken: 0,
    customerId: input.customerId,
    totalPence: input.totalPence,
    unappliedPence: input.totalPence - applied,
    txnDate: input.txnDate ?? companyDay(now),
    depositAccountId: deposit,
    paymentRefNum: input.paymentRefNum,
    privateNote: input.privateNote,
    currency: co.currency,
    lines: input.lines.map((l) => ({ ...l })),
    createdAt: now,
    updatedAt: now,
  };
  co.payments.set(p.id, p);
  const account = co.accounts.get(deposit);
  if (account) account.currentBalancePence += input.totalPence;
  recordChange(state, { realmId: co.realmId, entity: "Payment", operation: "Create", id: p.id });
  for (const l of input.lines) {
    const inv = co.invoices.get(l.invoiceId);
    if (!inv) continue;
    inv.balancePence -= l.amountPence;
    inv.linked.push({ txnId: p.id, txnType: "Payment" });
    touchInvoice(state, co, inv);
  }
  return p;
}

/** "The customer paid in QuickBooks": a payment for `amountPence` (default: the whole balance). */
export function payInvoice(
  state: QboState,
  realmId: string,
  ref: string,
  opts: { amountPence?: number; date?: string; accountId?: string; paymentRefNum?: string } = {},
): QboPayment {
  const co = companyOf(state, realmId);
  const inv = findInvoice(co, ref);
  if (!inv) throw new Error(`No invoice ${ref}`);
  if (inv.voided) throw new Error(`Invoice ${ref} is voided`);
  const amount = opts.amountPence ?? inv.balancePence;
  if (amount <= 0 || amount > inv.balancePence)
    throw new Error(`Amount must be 0.01..${inv.balancePence / 100}`);
  if (opts.accountId && !co.accounts.has(opts.accountId)) throw new Error(`No account ${opts.accountId}`);
  return applyPayment(state, co, {
    customerId: inv.customerId,
    totalPence: amount,
    lines: [{ invoiceId: inv.id, amountPence: amount }],
    depositAccountId: opts.accountId,
    txnDate: opts.date,
    paymentRefNum: opts.paymentRefNum,
  });
}

/** Voids an invoice: TotalAmt and Balance 0, PrivateNote "Voided"; its payments become unapplied. */
export function voidInvoice(state: QboState, realmId: string, ref: string): QboInvoice {
  const co = companyOf(state, realmId);
  const inv = findInvoice(co, ref);
  if (!inv) throw new Error(`No invoice ${ref}`);
  if (inv.voided) return inv;
  unlinkPayments(state, co, inv);
  Object.assign(inv, { voided: true, totalPence: 0, balancePence: 0, linked: [] });
  inv.privateNote = inv.privateNote ? `Voided - ${inv.privateNote}` : "Voided";
  touchInvoice(state, co, inv, "Void");
  return inv;
}

/** Deletes an invoice: gone from queries and reads, a tombstone in CDC for 30 days. */
export function deleteInvoice(state: QboState, realmId: string, ref: string): void {
  const co = companyOf(state, realmId);
  const inv = findInvoice(co, ref);
  if (!inv) throw new Error(`No invoice ${ref}`);
  unlinkPayments(state, co, inv);
  co.invoices.delete(inv.id);
  co.tombstones.push({ entity: "Invoice", id: inv.id, at: state.clock.now() });
  recordChange(state, { realmId, entity: "Invoice", operation: "Delete", id: inv.id });
}

function unlinkPayments(state: QboState, co: Company, inv: QboInvoice): void {
  for (const p of co.payments.values()) {
    const mine = p.lines.filter((l) => l.invoiceId === inv.id);
    if (!mine.length) continue;
    p.lines = p.lines.filter((l) => l.invoiceId !== inv.id);
    p.unappliedPence += mine.reduce((s, l) => s + l.amountPence, 0);
    p.syncToken++;
    p.updatedAt = state.clock.now();
    recordChange(state, { realmId: co.realmId, entity: "Payment", operation: "Update", id: p.id });
  }
}

/**
 * Merges `fromId` into `intoId` (QBO UI merge): invoices and payments move, `from` becomes
 * inactive and "(deleted)" (its DisplayName after a merge is UNVERIFIED: the stricter reading, the
 * old name gone), the survivor keeps its Id; webhook Merge (`id` = survivor, `deletedID` = from).
 * Intuit's help: neither customer may have sub-customers.
 */
export function mergeCustomers(
  state: QboState,
  realmId: string,
  fromId: string,
  intoId: string,
): QboCustomer {
  const co = companyOf(state, realmId);
  const from = co.customers.get(fromId);
  const into = co.customers.get(intoId);
  if (!from || !into || from === into) throw new Error("Merge needs two different existing customers");
  for (const c of co.customers.values())
    if (c.parentId === from.id || c.parentId === into.id)
      throw new Error(
        "Customers with sub-customers cannot be merged: make the sub-customers regular customers first",
      );
  const now = state.clock.now();
  for (const inv of co.invoices.values()) {
    if (inv.customerId !== from.id) continue;
    inv.customerId = into.id;
    touchInvoice(state, co, inv);
  }
  for (const p of co.payments.values()) if (p.customerId === from.id) p.customerId = into.id;
  from.active = false;
  from.displayName = `${from.displayName} (deleted)`;
  from.syncToken++;
  from.updatedAt = now;
  into.syncToken++;
  into.updatedAt = now;
  recordChange(state, { realmId, entity: "Customer", operation: "Merge", id: into.id, deletedId: from.id });
  return into;
}

/** Customer fields the control API may set. */
export type CustomerPatch = Partial<
  Pick<
    QboCustomer,
    "displayName" | "companyName" | "phone" | "mobile" | "fax" | "email" | "active" | "parentId" | "notes"
  >
>;

/** Creates or updates a customer ("edited in QuickBooks"): SyncToken and LastUpdatedTime move. */
export function upsertCustomer(
  state: QboState,
  realmId: string,
  id: string | undefined,
  patch: CustomerPatch,
): QboCustomer {
  const co = companyOf(state, realmId);
  const now = state.clock.now();
  if (patch.parentId !== undefined && !co.customers.has(patch.parentId))
    throw new Error(`No customer ${patch.parentId}`);
  // DisplayName is unique (across customers, vendors and employees; Intuit's 6240 otherwise).
  const name = patch.displayName?.trim().toLowerCase();
  if (
    name &&
    [...co.customers.values()].some((x) => x.id !== id && x.displayName.trim().toLowerCase() === name)
  )
    throw new Error(`Duplicate Name Exists Error: another customer is already called ${patch.displayName}`);
  if (id !== undefined) {
    const c = co.customers.get(id);
    if (!c) throw new Error(`No customer ${id}`);
    Object.assign(c, stripUndefined(patch), { syncToken: c.syncToken + 1, updatedAt: now });
    recordChange(state, { realmId, entity: "Customer", operation: "Update", id: c.id });
    return c;
  }
  if (!patch.displayName) throw new Error("displayName is required");
  const c: QboCustomer = {
    active: true,
    ...stripUndefined(patch),
    displayName: patch.displayName,
    id: nextId(co),
    syncToken: 0,
    currency: co.currency,
    createdAt: now,
    updatedAt: now,
  };
  co.customers.set(c.id, c);
  recordChange(state, { realmId, entity: "Customer", operation: "Create", id: c.id });
  return c;
}

/** Invoice fields the control API may set (amounts in pence). */
export interface InvoicePatch {
  docNumber?: string;
  customerId?: string;
  txnDate?: string;
  dueDate?: string;
  totalPence?: number;
  privateNote?: string;
  jobNumber?: string;
}

/** Creates or updates an invoice ("entered in QuickBooks"). A new total keeps what was paid. */
export function upsertInvoice(
  state: QboState,
  realmId: string,
  id: string | undefined,
  patch: InvoicePatch,
): QboInvoice {
  const co = companyOf(state, realmId);
  const now = state.clock.now();
  if (patch.customerId !== undefined && !co.customers.has(patch.customerId))
    throw new Error(`No customer ${patch.customerId}`);
  if (id !== undefined) {
    const inv = findInvoice(co, id);
    if (!inv) throw new Error(`No invoice ${id}`);
    if (inv.voided) throw new Error("A voided invoice cannot be edited");
    if (patch.totalPence !== undefined) {
      const paid = inv.totalPence - inv.balancePence;
      if (patch.totalPence < paid) throw new Error("Total below what is already paid");
      inv.balancePence = patch.totalPence - paid;
      inv.totalPence = patch.totalPence;
      inv.lines = [{ amountPence: patch.totalPence, description: inv.lines[0]?.description ?? "Haulage" }];
    }
    for (const k of ["docNumber", "customerId", "txnDate", "dueDate", "privateNote"] as const)
      if (patch[k] !== undefined) inv[k] = patch[k] as string;
    touchInvoice(state, co, inv);
    return inv;
  }
  if (!patch.customerId || patch.totalPence === undefined || !patch.docNumber)
    throw new Error("customerId, docNumber and totalPence are required");
  const day = companyDay(now);
  const inv: QboInvoice = {
    id: nextId(co),
    syncToken: 0,
    docNumber: patch.docNumber,
    txnDate: patch.txnDate ?? day,
    dueDate: patch.dueDate ?? patch.txnDate ?? day,
    customerId: patch.customerId,
    totalPence: patch.totalPence,
    balancePence: patch.totalPence,
    currency: co.currency,
    privateNote: patch.privateNote,
    customFields: patch.jobNumber ? [{ definitionId: "1", name: "Job No", value: patch.jobNumber }] : [],
    linked: [],
    lines: [{ amountPence: patch.totalPence, description: "Haulage" }],
    voided: false,
    createdAt: now,
    updatedAt: now,
  };
  co.invoices.set(inv.id, inv);
  recordChange(state, { realmId, entity: "Invoice", operation: "Create", id: inv.id });
  return inv;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
