import * as z from "zod";
import { JobMatchField } from "../provider/model.ts";

/** Per-tenant settings (admins change them in `<agg-accounts-settings>`); stored in the tenant's object. */
export const TenantSettings = z.object({
  syncIntervalMinutes: z.number().int().min(1).max(1440),
  /** Utilisation at which a customer is a listed debtor (AGG SMART: 70%). */
  warningThreshold: z.number().gt(0).lte(1),
  /** The contact field holding the credit limit (one of the provider's limitFields). */
  limitField: z.string(),
  /** How a job finds its invoices (one of the provider's jobMatchFields). */
  jobMatchField: JobMatchField.default("Reference"),
  /** Mark invoices paid in the accounting system when paid in AGG SMART. */
  pushEnabled: z.boolean().default(false),
  bankAccountCode: z.string().nullable().default(null),
  /** Why the chosen bank account stopped working (set when the provider rejects it). */
  bankAccountProblem: z.string().optional(),
  /** AGG SMART's webhook receiver for this tenant (overrides AGG_WEBHOOK_URL). */
  webhookUrl: z.string().nullable().default(null),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

/** Defaults: AGG SMART's documented conventions (the provider's first field options) and the configured sync interval. */
export function defaultSettings(
  syncIntervalMinutes: string | undefined,
  fields: { limitField: string; jobMatchField: JobMatchField },
): TenantSettings {
  const n = Number(syncIntervalMinutes);
  return {
    syncIntervalMinutes: Number.isInteger(n) && n >= 1 && n <= 1440 ? n : 5,
    warningThreshold: 0.7,
    limitField: fields.limitField,
    jobMatchField: fields.jobMatchField,
    pushEnabled: false,
    bankAccountCode: null,
    webhookUrl: null,
  };
}
