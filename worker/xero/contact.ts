import * as z from "zod";
import { minorUnitDigits } from "../../shared/money.ts";
import type { Customer } from "../provider/model.ts";

/** The contact fields a credit limit may be kept in (per-tenant setting; AGG SMART's convention is XeroNetworkKey). */
export const LimitField = z.enum([
  "XeroNetworkKey",
  "TaxNumber",
  "AccountNumber",
  "BankAccountDetails",
  "Website",
]);
export type LimitField = z.infer<typeof LimitField>;

const Money = z.number().finite();

/** A Xero contact as the sync reads it. @see https://developer.xero.com/documentation/api/accounting/contacts */
export const XeroContact = z.looseObject({
  ContactID: z.string(),
  Name: z.string().default(""),
  ContactNumber: z.string().nullish(),
  AccountNumber: z.string().nullish(),
  ContactStatus: z.enum(["ACTIVE", "ARCHIVED", "GDPRREQUEST"]).default("ACTIVE"),
  MergedToContactID: z.string().nullish(),
  XeroNetworkKey: z.string().nullish(),
  TaxNumber: z.string().nullish(),
  BankAccountDetails: z.string().nullish(),
  Website: z.string().nullish(),
  Balances: z
    .object({
      AccountsReceivable: z.object({ Outstanding: Money.nullish(), Overdue: Money.nullish() }).nullish(),
    })
    .nullish(),
});
export type XeroContact = z.infer<typeof XeroContact>;

/** Decimal amount from Xero → integer minor units (Xero sends at most the currency's digits). */
export function toMinor(amount: number | null | undefined, currency: string): number {
  if (amount == null) return 0;
  return Math.round(amount * 10 ** minorUnitDigits(currency));
}

const nonEmpty = (s: string | null | undefined) => (s && s.trim() !== "" ? s : undefined);

/** Maps one Xero contact to the provider-neutral customer. */
export function toCustomer(c: XeroContact, currency: string, limitField: LimitField): Customer {
  const ar = c.Balances?.AccountsReceivable;
  const rec: Customer = {
    contactId: c.ContactID,
    name: c.Name,
    status: c.ContactStatus,
    limitRaw: (c[limitField] as string | null | undefined) ?? null,
    outstandingMinor: toMinor(ar?.Outstanding, currency),
    overdueMinor: toMinor(ar?.Overdue, currency),
  };
  const number = nonEmpty(c.ContactNumber);
  const account = nonEmpty(c.AccountNumber);
  const merged = nonEmpty(c.MergedToContactID);
  if (number) rec.contactNumber = number;
  if (account) rec.accountNumber = account;
  if (merged) rec.mergedToContactId = merged;
  return rec;
}
