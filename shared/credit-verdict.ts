import type { CreditStatus, CreditVerdict, JobCheck } from "./credit.ts";

// The pure credit verdict, shared so the worker (API, server API) and the widget (instant
// job-value checks in the browser) compute exactly the same answer from the same numbers.

/** AGG SMART lists debtors at 70% of their limit. */
export const DEFAULT_WARNING_THRESHOLD = 0.7;

/** A credit limit as read from the contact (same shape as the worker's ParsedLimit). */
export type LimitInput =
  | { kind: "limit"; minor: number }
  | { kind: "none" }
  | { kind: "invalid"; raw: string; reason: string };

/** What the verdict is computed from; money in integer minor units of one currency. */
export type VerdictInput = {
  limit: LimitInput;
  /** Accounts-receivable outstanding; negative when the customer is in credit. */
  balanceMinor: number;
  overdueMinor: number;
  jobValueMinor?: number;
  /** Utilisation at or above which the customer is a listed debtor; in (0, 1]. */
  warningThreshold?: number;
  /** The accounting system holds the account (Sage 50): status `on_hold` whatever the numbers. */
  onHold?: boolean;
};

/** Thrown for input the verdict cannot be computed from (a caller bug, not a customer state). */
export class CreditInputError extends Error {
  override readonly name = "CreditInputError";
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/**
 * The credit verdict. available = limit − balance; utilisation = balance ÷ limit. The status is
 * the first that holds of `on_hold` (the account is held: no new jobs, the numbers still shown) > `no_limit` (no usable limit) > `over_limit` (balance > limit) >
 * `overdue` (any overdue amount) > `warning` (utilisation ≥ threshold) > `ok`; every condition
 * that holds is in `flags`. With a job value: would balance + job exceed the limit, and by how much.
 */
export function creditVerdict(input: VerdictInput): CreditVerdict {
  const threshold = input.warningThreshold ?? DEFAULT_WARNING_THRESHOLD;
  checkInput(input, threshold);
  const { balanceMinor, overdueMinor, jobValueMinor } = input;
  const limitMinor = input.limit.kind === "limit" ? input.limit.minor : null;
  const hasOverdue = overdueMinor > 0;
  const isOverLimit = limitMinor !== null && balanceMinor > limitMinor;
  const utilisation = ratio(balanceMinor, limitMinor);
  const availableMinor = available(limitMinor, balanceMinor);
  // Over the limit is always at or past the threshold, including a zero limit (no finite ratio).
  const isWarning = isOverLimit || (utilisation !== null && utilisation >= threshold);
  const verdict: CreditVerdict = {
    status: input.onHold ? "on_hold" : statusOf(limitMinor !== null, isOverLimit, hasOverdue, isWarning),
    flags: input.onHold
      ? { isOverLimit, hasOverdue, isWarning, isOnHold: true }
      : { isOverLimit, hasOverdue, isWarning },
    limitMinor,
    balanceMinor,
    overdueMinor,
    availableMinor,
    utilisation,
    warningThreshold: threshold,
  };
  if (input.limit.kind === "invalid") {
    verdict.limitProblem = { raw: input.limit.raw, reason: input.limit.reason };
  }
  if (jobValueMinor !== undefined) verdict.job = jobCheck(limitMinor, balanceMinor, jobValueMinor);
  return verdict;
}

/**
 * What booking a job of `valueMinor` would do to a customer with this limit and balance:
 * balance + job > limit ⇔ (limit − balance) − job < 0. No limit (null) never exceeds.
 * Throws CreditInputError when the amounts are too large to compute exactly.
 */
export function jobCheck(limitMinor: number | null, balanceMinor: number, valueMinor: number): JobCheck {
  const availableMinor = available(limitMinor, balanceMinor);
  if (availableMinor === null) {
    return { valueMinor, wouldExceed: false, exceedByMinor: 0, availableAfterMinor: null };
  }
  const availableAfterMinor = safe("jobValueMinor", availableMinor - valueMinor);
  return {
    valueMinor,
    wouldExceed: availableAfterMinor < 0,
    exceedByMinor: Math.max(0, -availableAfterMinor),
    availableAfterMinor,
  };
}

function available(limitMinor: number | null, balanceMinor: number): number | null {
  return limitMinor === null ? null : safe("balanceMinor", limitMinor - balanceMinor);
}

function statusOf(
  hasLimit: boolean,
  isOverLimit: boolean,
  hasOverdue: boolean,
  isWarning: boolean,
): CreditStatus {
  if (!hasLimit) return "no_limit";
  if (isOverLimit) return "over_limit";
  if (hasOverdue) return "overdue";
  if (isWarning) return "warning";
  return "ok";
}

// A ratio is not money: a float is fine. With limits ≤ 1e12 minor units, two distinct ratios
// differ by far more than one ulp, so `>= threshold` is exact at the boundary (7000/10000 ≥ 0.7).
function ratio(balanceMinor: number, limitMinor: number | null): number | null {
  if (limitMinor === null) return null;
  if (limitMinor === 0) return balanceMinor > 0 ? null : 0;
  return balanceMinor / limitMinor;
}

function checkInput(input: VerdictInput, threshold: number): void {
  if (input.limit.kind === "limit") minorUnits("limit.minor", input.limit.minor, true);
  minorUnits("balanceMinor", input.balanceMinor, false);
  minorUnits("overdueMinor", input.overdueMinor, false);
  if (input.jobValueMinor !== undefined) minorUnits("jobValueMinor", input.jobValueMinor, true);
  if (typeof threshold !== "number" || !(threshold > 0 && threshold <= 1)) {
    throw new CreditInputError("warningThreshold", `must be a number in (0, 1], got ${threshold}`);
  }
}

function minorUnits(field: string, value: number, nonNegative: boolean): void {
  if (!Number.isSafeInteger(value))
    throw new CreditInputError(field, `must be an integer of minor units, got ${value}`);
  if (nonNegative && value < 0) throw new CreditInputError(field, `must not be negative, got ${value}`);
}

function safe(field: string, value: number): number {
  if (!Number.isSafeInteger(value))
    throw new CreditInputError(field, "the amounts are too large to compute exactly");
  return value;
}
