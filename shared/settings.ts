import * as z from "zod/mini";

/** The contact field that holds the credit limit (AGG SMART's convention: Xero Network Key). */
export const LimitFieldName = z.enum([
  "XeroNetworkKey",
  "TaxNumber",
  "AccountNumber",
  "BankAccountDetails",
  "Website",
]);

/** How a job is linked to its invoice(s). */
export const JobMatchField = z.enum(["Reference", "InvoiceNumber"]);

/** `GET /api/settings` (admin): everything `<agg-accounts-settings>` shows. No secret is ever included. */
export const AccountsSettings = z.object({
  pushPayments: z.object({
    /** Mark invoices paid in Xero when paid in AGG SMART. */
    enabled: z.boolean(),
    bankAccountCode: z.nullable(z.string()),
    /** Set when the chosen account is no longer usable in Xero (archived, deleted). */
    problem: z.optional(z.string()),
  }),
  jobMatchField: JobMatchField,
  warningThreshold: z.number(),
  limitField: LimitFieldName,
  syncIntervalMinutes: z.int(),
  webhook: z.object({
    url: z.nullable(z.string()),
    /** A signing secret exists (it is shown once, when created or rotated). */
    secretSet: z.boolean(),
    /** Last 4 characters, to recognise it. */
    secretHint: z.optional(z.string()),
  }),
});
export type AccountsSettings = z.infer<typeof AccountsSettings>;

/** `PUT /api/settings` (admin): any subset; validated server-side, errors per field. */
export const SettingsUpdate = z.object({
  pushPayments: z.optional(
    z.object({ enabled: z.optional(z.boolean()), bankAccountCode: z.optional(z.nullable(z.string())) }),
  ),
  jobMatchField: z.optional(JobMatchField),
  warningThreshold: z.optional(z.number()),
  limitField: z.optional(LimitFieldName),
  syncIntervalMinutes: z.optional(z.int()),
  webhookUrl: z.optional(z.nullable(z.string())),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

/** A Xero account payments can go into. */
export const BankAccount = z.object({
  code: z.string(),
  name: z.string(),
  currency: z.optional(z.string()),
  type: z.string(),
});
export type BankAccount = z.infer<typeof BankAccount>;

/** `GET /api/settings/bank-accounts` (admin; read live from Xero). */
export const BankAccountList = z.object({ accounts: z.array(BankAccount) });

/** `POST /api/settings/webhook-secret` (admin): a new signing secret, shown once. */
export const WebhookSecret = z.object({ secret: z.string(), hint: z.string() });
