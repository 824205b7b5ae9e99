import * as z from "zod/mini";

/**
 * The contact field that holds the credit limit: one of `options.limitFields`, which the
 * connected provider offers (Xero: XeroNetworkKey — AGG SMART's convention —, TaxNumber,
 * AccountNumber, BankAccountDetails, Website).
 */
export const LimitFieldName = z.string();

/** How a job is linked to its invoice(s): the invoice's reference or its number (`options.jobMatchFields` says which the provider has). */
export const JobMatchField = z.enum(["Reference", "InvoiceNumber"]);

/** A choice the settings form offers: the provider's field name and its label. */
export const FieldOption = z.object({ value: z.string(), label: z.string() });

/** `GET /api/settings` (admin): everything `<agg-accounts-settings>` shows. No secret is ever included. */
export const AccountsSettings = z.object({
  pushPayments: z.object({
    /** Mark invoices paid in the accounting system when paid in AGG SMART. */
    enabled: z.boolean(),
    bankAccountCode: z.nullable(z.string()),
    /** Set when the chosen account is no longer usable there (archived, deleted). */
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
  /** What the tenant's provider offers for `limitField` and `jobMatchField` (first = default; always sent by this worker). */
  options: z.optional(z.object({ limitFields: z.array(FieldOption), jobMatchFields: z.array(FieldOption) })),
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

/** An account in the accounting system that payments can go into. */
export const BankAccount = z.object({
  code: z.string(),
  name: z.string(),
  currency: z.optional(z.string()),
  type: z.string(),
});
export type BankAccount = z.infer<typeof BankAccount>;

/** `GET /api/settings/bank-accounts` (admin; read live from the accounting system). */
export const BankAccountList = z.object({ accounts: z.array(BankAccount) });

/** `POST /api/settings/webhook-secret` (admin): a new signing secret, shown once. */
export const WebhookSecret = z.object({ secret: z.string(), hint: z.string() });
