// A QuickBooks Online Customer → the neutral Customer. QuickBooks has no credit-limit field in
// its API (CreditLimit is Desktop only), so AGG SMART's convention is the customer's Fax
// number: `Fax.FreeFormNumber` is the raw limit, parsed when read (worker/credit/network-key.ts:
// `10000`, `10,000`, `£10,000.00` are limits; a real fax number or text is "not a limit" and
// shown to admins, never read as one).
// @see ../../shared/QBO-FACTS.md "Entities"

import * as z from "zod";
import type { Customer } from "../provider/model.ts";
import type { MergedAway } from "../provider/provider.ts";
import { toMinor } from "./money.ts";

const Ref = z.looseObject({ value: z.string() });
const Money = z.number().finite().nullish();

/** The Customer fields the sync reads. */
export const QboCustomer = z.looseObject({
  Id: z.string(),
  DisplayName: z.string().default(""),
  CompanyName: z.string().nullish(),
  Fax: z.looseObject({ FreeFormNumber: z.string().nullish() }).nullish(),
  Balance: Money,
  BalanceWithJobs: Money,
  Active: z.boolean().default(true),
  Job: z.boolean().nullish(),
  ParentRef: Ref.nullish(),
  CurrencyRef: Ref.nullish(),
});
export type QboCustomer = z.infer<typeof QboCustomer>;

/** The customer fields a credit limit may be kept in (AGG SMART's convention: Fax). */
export const QBO_LIMIT_FIELDS = ["Fax"] as const;

const nonEmpty = (s: string | null | undefined) => (s && s.trim() !== "" ? s.trim() : undefined);

/**
 * Maps a customer. Matching keys, in the order the matcher tries them (worker/credit/matching.ts):
 * `Id` (contactId), `DisplayName` (contactNumber: exact, case-insensitive; unique in a company),
 * `CompanyName` (accountNumber: two customers may share it → ambiguous, never a guess), then the
 * normalised DisplayName (name).
 *
 * The balance is `BalanceWithJobs`, not `Balance`: a parent's sub-customers are its sites and
 * jobs — the same debtor, under the one limit typed on the parent — so a parent owing nothing
 * itself but £40,000 across its sites must not pass a credit check. For a customer without
 * sub-customers the two are equal; a sub-customer's own record carries its own (and its
 * sub-jobs') balance. Overdue is not on the Customer: it is computed from open invoices
 * (`overdueMinor`). Inactive (`Active: false`, also how QuickBooks "deletes" and merges away
 * a customer) → ARCHIVED. A merge is named only by QuickBooks' webhook: `merged` (the tenant's
 * merge map, worker/store/customer-merges.ts) makes a merged-away record point to its survivor and
 * keep the matching keys it had before QuickBooks renamed it, on every read.
 */
export function toCustomer(
  c: QboCustomer,
  currency: string,
  overdueMinor: number,
  merged?: MergedAway,
): Customer {
  const cur = c.CurrencyRef?.value ?? currency;
  const rec: Customer = {
    contactId: c.Id,
    name: c.DisplayName,
    status: c.Active ? "ACTIVE" : "ARCHIVED",
    limitRaw: c.Fax?.FreeFormNumber ?? null,
    outstandingMinor: toMinor(c.BalanceWithJobs ?? c.Balance, cur),
    overdueMinor,
  };
  const display = nonEmpty(c.DisplayName);
  const company = nonEmpty(c.CompanyName);
  if (display) rec.contactNumber = display;
  if (company) rec.accountNumber = company;
  // Made active again, the record is a customer of its own (QuickBooks leaves it no history).
  if (merged && !c.Active && merged.to !== c.Id) {
    rec.mergedToContactId = merged.to;
    const k = merged.keys;
    if (k?.name !== undefined) {
      rec.name = k.name;
      delete rec.contactNumber;
      delete rec.accountNumber;
      if (k.contactNumber) rec.contactNumber = k.contactNumber;
      if (k.accountNumber) rec.accountNumber = k.accountNumber;
    }
  }
  return rec;
}

/** Looks up whether a customer id was merged away (the tenant's merge map). */
export type MergeLookup = (id: string) => MergedAway | undefined;
