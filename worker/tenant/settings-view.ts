import * as z from "zod";
import type { AccountsSettings } from "../../shared/settings.ts";
import { checkWebhookUrl } from "../payments/webhook-url.ts";
import { JobMatchField } from "../provider/model.ts";
import type { TenantSettings } from "./settings.ts";

/**
 * Server-side validation of `PUT /api/settings` (every field optional; messages are shown inline).
 * `webhookUrl` is checked here as loosely as the local stack allows; the route then applies the
 * deployment's rule (production: public https only) with {@link checkWebhookUrl}.
 */
export const SettingsPatch = z.object({
  pushPayments: z
    .object({
      enabled: z.boolean().optional(),
      bankAccountCode: z.string().trim().min(1, "Pick a bank account.").max(10).nullable().optional(),
    })
    .optional(),
  jobMatchField: JobMatchField.optional().describe("One of the provider's `options.jobMatchFields`."),
  warningThreshold: z
    .number()
    .gt(0, "The warning threshold must be above 0%.")
    .lte(1, "The warning threshold can be at most 100%.")
    .optional(),
  limitField: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe("One of the provider's `options.limitFields`."),
  syncIntervalMinutes: z
    .number()
    .int("Whole minutes, please.")
    .min(1, "At least 1 minute.")
    .max(1440, "At most 1,440 minutes (a day).")
    .optional(),
  webhookUrl: z
    .string()
    .trim()
    .max(2000, "The address is too long (2,000 characters at most).")
    .superRefine((u, ctx) => {
      const r = checkWebhookUrl(u, { local: true });
      if (!r.ok) ctx.addIssue({ code: "custom", message: r.reason });
    })
    .nullable()
    .optional()
    .describe(
      "AGG SMART's event receiver: https:// to a public host (http and loopback only when the worker runs locally); null = none.",
    ),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Applies a validated patch; returns the new settings and whether job matching changed. */
export function applyPatch(
  current: TenantSettings,
  patch: SettingsPatch,
): { next: TenantSettings; matchChanged: boolean } {
  const next: TenantSettings = { ...current };
  if (patch.pushPayments?.enabled !== undefined) next.pushEnabled = patch.pushPayments.enabled;
  if (
    patch.pushPayments?.bankAccountCode !== undefined &&
    patch.pushPayments.bankAccountCode !== current.bankAccountCode
  ) {
    next.bankAccountCode = patch.pushPayments.bankAccountCode;
    delete next.bankAccountProblem;
  }
  if (patch.jobMatchField) next.jobMatchField = patch.jobMatchField;
  if (patch.warningThreshold !== undefined) next.warningThreshold = patch.warningThreshold;
  if (patch.limitField) next.limitField = patch.limitField;
  if (patch.syncIntervalMinutes !== undefined) next.syncIntervalMinutes = patch.syncIntervalMinutes;
  if (patch.webhookUrl !== undefined) next.webhookUrl = patch.webhookUrl || null;
  return { next, matchChanged: next.jobMatchField !== current.jobMatchField };
}

/** The provider's choices for the two field settings. */
export interface FieldChoices {
  limitFields: readonly { value: string; label: string }[];
  jobMatchFields: readonly { value: string; label: string }[];
}

/** Patch fields that name a field the provider does not have (messages shown inline). */
export function unknownFields(
  patch: SettingsPatch,
  choices: FieldChoices,
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const check = (path: string, v: string | undefined, list: FieldChoices["limitFields"]) => {
    if (v !== undefined && !list.some((o) => o.value === v))
      out.push({ path, message: `${v} is not one of ${list.map((o) => o.value).join(", ")}.` });
  };
  check("limitField", patch.limitField, choices.limitFields);
  check("jobMatchField", patch.jobMatchField, choices.jobMatchFields);
  return out;
}

/** `value` when the provider offers it, else the provider's first (default) choice. */
function effective(value: string, offered: readonly { value: string }[]): string {
  return offered.some((o) => o.value === value) ? value : (offered[0]?.value ?? value);
}

/** What the widget may see of the settings (never the secret itself). */
export function toView(
  s: TenantSettings,
  secretHint: string | undefined,
  choices: FieldChoices,
): AccountsSettings {
  return {
    pushPayments: {
      enabled: s.pushEnabled,
      bankAccountCode: s.bankAccountCode,
      ...(s.bankAccountProblem ? { problem: s.bankAccountProblem } : {}),
    },
    // A stored choice the provider does not have (a default, or kept from another provider) is
    // shown as what is in effect: the provider's first field.
    jobMatchField: effective(s.jobMatchField, choices.jobMatchFields) as AccountsSettings["jobMatchField"],
    warningThreshold: s.warningThreshold,
    limitField: effective(s.limitField, choices.limitFields),
    syncIntervalMinutes: s.syncIntervalMinutes,
    webhook: {
      url: s.webhookUrl,
      secretSet: secretHint !== undefined,
      ...(secretHint ? { secretHint } : {}),
    },
    options: { limitFields: [...choices.limitFields], jobMatchFields: [...choices.jobMatchFields] },
  };
}
