import * as z from "zod/mini";

// The credit position the API returns and <agg-credit-badge> renders. Money is integer minor
// units of `currency`; format it with formatMinor() from ./money.ts.

/**
 * The headline state, by precedence: `on_hold` (the accounting system holds the account: blocked
 * whatever the numbers; only Sage 50 has such a flag) > `no_limit` (no usable limit; the limit
 * rules cannot be applied) > `over_limit` > `overdue` > `warning` > `ok`. Every condition that
 * holds is also in `flags`, so a badge can show "over limit" and "overdue" together.
 */
export const CreditStatus = z.enum(["on_hold", "no_limit", "over_limit", "overdue", "warning", "ok"]);
export type CreditStatus = z.infer<typeof CreditStatus>;

/** Every condition that holds at once; `isWarning` is true whenever utilisation ≥ threshold, over the limit included. */
export const CreditFlags = z.object({
  isOverLimit: z.boolean(),
  hasOverdue: z.boolean(),
  isWarning: z.boolean(),
  /** Present (true) only when the account is on hold in the accounting system. */
  isOnHold: z.optional(z.boolean()),
});
export type CreditFlags = z.infer<typeof CreditFlags>;

/** Why the Network Key value is not a usable limit (shown to admins only). */
export const LimitProblem = z.object({ raw: z.string(), reason: z.string() });
export type LimitProblem = z.infer<typeof LimitProblem>;

/** What booking a job of `valueMinor` would do; `availableAfterMinor` is null when there is no limit. */
export const JobCheck = z.object({
  valueMinor: z.int(),
  wouldExceed: z.boolean(),
  exceedByMinor: z.int(),
  availableAfterMinor: z.nullable(z.int()),
});
export type JobCheck = z.infer<typeof JobCheck>;

/** The pure verdict over a limit, balance and overdue amount (see worker/credit/verdict.ts). */
export const CreditVerdict = z.object({
  status: CreditStatus,
  flags: CreditFlags,
  limitMinor: z.nullable(z.int()),
  limitProblem: z.optional(LimitProblem),
  balanceMinor: z.int(),
  overdueMinor: z.int(),
  availableMinor: z.nullable(z.int()),
  /** balance ÷ limit: 0.7 = 70%; negative when the customer is in credit; null without a ratio. */
  utilisation: z.nullable(z.number()),
  warningThreshold: z.number(),
  job: z.optional(JobCheck),
});
export type CreditVerdict = z.infer<typeof CreditVerdict>;

/** The accounting contact a credit position belongs to. */
export const CreditCustomer = z.object({
  ref: z.string(),
  contactId: z.string(),
  name: z.string(),
  archived: z.optional(z.boolean()),
});
export type CreditCustomer = z.infer<typeof CreditCustomer>;

/** `GET …/customers/{ref}/credit` — one customer's credit position and verdict, from the read model. */
export const CreditPosition = z.extend(CreditVerdict, {
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  customer: CreditCustomer,
  lastSyncedAt: z.iso.datetime({ offset: true }),
});
export type CreditPosition = z.infer<typeof CreditPosition>;

/** A contact's lifecycle state (Xero's ContactStatus; other providers map onto it). */
export const ContactStatus = z.enum(["ACTIVE", "ARCHIVED", "GDPRREQUEST"]);
export type ContactStatus = z.infer<typeof ContactStatus>;

/** A contact as matching needs it (a provider-neutral summary of a Xero contact). */
export const ContactSummary = z.object({
  contactId: z.string(),
  contactNumber: z.optional(z.string()),
  accountNumber: z.optional(z.string()),
  name: z.string(),
  status: ContactStatus,
  mergedToContactId: z.optional(z.string()),
});
export type ContactSummary = z.infer<typeof ContactSummary>;

// The pure rules live in ./credit-rules.ts (no zod: the widget bundles them); re-exported here.
export { isStale, type MoneyInput, parseMoneyInput } from "./credit-rules.ts";
