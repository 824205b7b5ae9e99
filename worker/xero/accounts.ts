import * as z from "zod";
import type { BankAccount } from "../../shared/settings.ts";

const XeroAccounts = z.object({
  Accounts: z.array(
    z.looseObject({
      Code: z.string().nullish(),
      Name: z.string(),
      Type: z.string(),
      Status: z.string().nullish(),
      CurrencyCode: z.string().nullish(),
      EnablePaymentsToAccount: z.boolean().nullish(),
    }),
  ),
});

/**
 * Accounts a payment may go into: ACTIVE, with a code, and BANK type or "enable payments to this
 * account" ticked (Xero takes payments into any BANK account whatever that flag says).
 * @see https://developer.xero.com/documentation/api/accounting/accounts
 */
export function paymentAccounts(body: unknown): BankAccount[] {
  return XeroAccounts.parse(body)
    .Accounts.filter(
      (a) =>
        (a.Status ?? "ACTIVE") === "ACTIVE" &&
        a.Code &&
        (a.Type === "BANK" || a.EnablePaymentsToAccount === true),
    )
    .map((a) => ({
      code: a.Code ?? "",
      name: a.Name,
      type: a.Type,
      ...(a.CurrencyCode ? { currency: a.CurrencyCode } : {}),
    }));
}
