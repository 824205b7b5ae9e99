import type { CreditPosition, JobCheck } from "../../shared/credit.ts";
import type { CreditCandidate, CreditLookup } from "../../shared/credit-api.ts";
import { isStale, parseMoneyInput } from "../../shared/credit-rules.ts";
import { jobCheck } from "../../shared/credit-verdict.ts";
import { onHoldLabel, onHoldSentence, type ProviderInfo, providerInfo } from "../../shared/providers.ts";
import { money, percent } from "./format.ts";
import type { IconName } from "./icons.ts";

// Pure: what the badge says, derived from the lookup, the job value and the clock. No DOM here.

/** What the element is showing, as in the `agg-credit-change` event (API lookup states plus three of its own). */
export type BadgeState = "empty" | "loading" | "error" | CreditLookup["state"];

/** Detail of `agg-credit-change`: enough for the host to decide, e.g. to disable its Book button. */
export interface CreditChangeDetail {
  customer: string | null;
  state: BadgeState;
  position?: CreditPosition;
  /** The job check for the `job-value` attribute, computed in the browser. */
  job?: JobCheck;
  /** Why `job-value` is not an amount, when it isn't. */
  jobValueError?: string;
  /** The position is older than twice the sync interval. */
  stale?: boolean;
  /** On hold, over the limit now, or this job would take the customer over it. */
  blocked: boolean;
}

/** Colour family; every tone also has its own icon shape and words. */
export type Tone = "neutral" | "info" | "success" | "warning" | "danger";

/** The pill: the one-glance summary, and the sentence after it. */
export interface Headline {
  /** Reflected as the `state` attribute (kebab-case), for host CSS and tests. */
  attr: string;
  tone: Tone;
  glyph: IconName;
  text: string;
  extra?: string;
  sentence?: string;
}

/** The job-value line under the pill. */
export type JobLine =
  | { kind: "exceed" | "within" | "unlimited"; check: JobCheck; text: string }
  | { kind: "invalid"; text: string; reason: string };

/** The job check for `jobValue` against the position; null when no job value is given. Never throws. */
export function jobLine(value: string | null | undefined, p: CreditPosition): JobLine | null {
  let input: ReturnType<typeof parseMoneyInput>;
  try {
    input = parseMoneyInput(value, p.currency);
  } catch {
    input = { kind: "invalid", reason: "It can't be read." };
  }
  if (input.kind === "absent") return null;
  const bad = (reason: string): JobLine => ({
    kind: "invalid",
    text: `Job value '${value?.trim()}' isn't an amount`,
    reason,
  });
  if (input.kind === "invalid") return bad(input.reason);
  let check: JobCheck;
  try {
    check = jobCheck(p.limitMinor, p.balanceMinor, input.minor);
  } catch {
    return bad("It is too large to check.");
  }
  const c = p.currency;
  // On hold blocks whatever the numbers say: "£100 available after this job" would invite a booking.
  if (p.status === "on_hold") return { kind: "exceed", check, text: "On hold: this job can't go on account" };
  if (check.availableAfterMinor === null)
    return { kind: "unlimited", check, text: "No credit limit to check this job against" };
  if (check.wouldExceed)
    return {
      kind: "exceed",
      check,
      text: `This job would exceed the limit by ${money(check.exceedByMinor, c)}`,
    };
  return { kind: "within", check, text: `${money(check.availableAfterMinor, c)} available after this job` };
}

/** The pill for a found customer: the status, plus overdue when it holds alongside another status. */
export function positionHeadline(p: CreditPosition, sys: ProviderInfo): Headline {
  const c = p.currency;
  const pct = percent(p.utilisation);
  const overdue = p.flags.hasOverdue ? `${money(p.overdueMinor, c)} overdue` : undefined;
  switch (p.status) {
    case "on_hold":
      return {
        attr: "on-hold",
        tone: "danger",
        glyph: "stop",
        text: onHoldLabel(sys),
        extra: overdue,
        sentence: onHoldSentence(sys),
      };
    case "over_limit":
      return {
        attr: "over-limit",
        tone: "danger",
        glyph: "stop",
        text: `Over limit by ${money(-(p.availableMinor ?? 0), c)}`,
        extra: overdue,
      };
    case "overdue":
      return {
        attr: "overdue",
        tone: "warning",
        glyph: "clock",
        text: `${money(p.overdueMinor, c)} overdue`,
        extra: p.flags.isWarning && pct !== null ? `${pct}% of limit used` : undefined,
      };
    case "warning":
      return {
        attr: "warning",
        tone: "warning",
        glyph: "warning",
        text: pct === null ? "Listed debtor" : `Listed debtor: ${pct}% of limit used`,
      };
    case "no_limit": {
      const raw = p.limitProblem?.raw; // present for admins only
      return {
        attr: "no-limit",
        tone: "neutral",
        glyph: "minus",
        text: "No credit limit set",
        extra: overdue,
        sentence:
          raw === undefined
            ? undefined
            : `Credit limit in ${sys.limitField} isn't a number: '${raw}'. ${sys.limitFix}`,
      };
    }
    default:
      return {
        attr: "ok",
        tone: "success",
        glyph: "check",
        text: `${money(p.availableMinor ?? 0, c)} available`,
      };
  }
}

/** The pill for every other lookup state; `sys` is null when no system is connected at all. */
export function lookupHeadline(
  l: Exclude<CreditLookup, { state: "found" }>,
  sys: ProviderInfo | null,
): Headline {
  const name = sys?.name ?? "Accounts";
  const contacts = (n: number) => `${sys?.contact ?? "contact"}${n === 1 ? "" : "s"}`;
  switch (l.state) {
    case "not_connected":
      return {
        attr: "not-connected",
        tone: "neutral",
        glyph: "link",
        text: sys ? `${name} isn't connected` : "Accounts aren't connected",
        sentence: `Ask an admin to connect it in Admin → Accounts.${l.reason ? ` (${l.reason})` : ""}`,
      };
    case "not_synced":
      return {
        attr: "not-synced",
        tone: "info",
        glyph: "spinner",
        text: `Fetching accounts from ${name}…`,
        sentence: "Credit shows here when the first sync finishes.",
      };
    case "not_found":
      return {
        attr: "not-found",
        tone: "warning",
        glyph: "search",
        text: `Customer not found in ${name}`,
        sentence: `No ${name} ${contacts(1)} has the account reference or name '${l.ref}'.`,
      };
    default:
      return {
        attr: "ambiguous",
        tone: "warning",
        glyph: "users",
        text: `'${l.ref}' matches ${l.candidates.length} ${name} ${contacts(l.candidates.length)}`,
        sentence: `Give each its own account number in ${name} so credit can be checked.`,
      };
  }
}

/** A candidate's codes for the ambiguous list: "ACME01 · No. 1042", or null when it has none. */
export function candidateCodes(c: CreditCandidate): string | null {
  const codes = [
    c.accountNumber,
    c.contactNumber && c.contactNumber !== c.accountNumber ? `No. ${c.contactNumber}` : undefined,
  ];
  const shown = codes.filter(Boolean).join(" · ");
  return shown || null;
}

/** The pill before anything is found: no customer yet, or the request failed. */
export function phaseHeadline(
  phase: "empty" | "error",
  problem: { status: number; message: string } | null,
): Headline {
  if (phase === "empty") return { attr: "empty", tone: "neutral", glyph: "user", text: "Pick a customer" };
  const text = problem?.status === 401 ? "Not signed in" : "Couldn't check credit";
  return { attr: "error", tone: "danger", glyph: "alert", text, sentence: problem?.message };
}

/** Where the element is: nothing asked, waiting for an answer, answered, or failed. */
export type Phase = "empty" | "loading" | "ready" | "error";

/** Everything the badge shows, derived once per update. */
export interface Shown {
  state: BadgeState;
  /** Null while loading (the skeleton). */
  headline: Headline | null;
  job: JobLine | null;
  stale: boolean;
  /** The accounting system the answer came from; null when none is connected (or not known yet). */
  provider: ProviderInfo | null;
}

/**
 * The system a lookup came from. An answer without `provider` comes from meta cached before it
 * existed (always Xero) — except "not connected" without one: no system at all.
 */
export function lookupProvider(l: CreditLookup): ProviderInfo | null {
  return l.state === "not_connected" && !l.provider ? null : providerInfo(l.provider);
}

/** What to show for this phase, lookup, job value and clock. */
export function present(
  phase: Phase,
  lookup: CreditLookup | null,
  problem: { status: number; message: string } | null,
  jobValue: string | null,
  now: number,
): Shown {
  const none = { job: null, stale: false, provider: null };
  if (phase === "empty" || phase === "error")
    return { ...none, state: phase, headline: phaseHeadline(phase, problem) };
  if (phase === "loading" || !lookup) return { ...none, state: "loading", headline: null };
  const provider = lookupProvider(lookup);
  if (lookup.state !== "found")
    return { ...none, state: lookup.state, headline: lookupHeadline(lookup, provider), provider };
  const p = lookup.position;
  const sys = provider ?? providerInfo(null);
  const stale = lookup.stale || isStale(p.lastSyncedAt, new Date(now), lookup.syncIntervalMinutes * 60_000);
  return {
    state: "found",
    headline: positionHeadline(p, sys),
    job: jobLine(jobValue, p),
    stale,
    provider: sys,
  };
}

/** The event detail for what is shown now. */
export function changeDetail(
  customer: string | null,
  shown: Shown,
  lookup: CreditLookup | null,
): CreditChangeDetail {
  const { state, job } = shown;
  const detail: CreditChangeDetail = { customer, state, blocked: false };
  if (lookup?.state !== "found" || state !== "found") return detail;
  detail.position = lookup.position;
  detail.stale = shown.stale;
  if (job?.kind === "invalid") detail.jobValueError = job.reason;
  else if (job) detail.job = job.check;
  // On hold blocks whatever the numbers say.
  detail.blocked =
    lookup.position.status === "on_hold" ||
    lookup.position.flags.isOverLimit ||
    detail.job?.wouldExceed === true;
  return detail;
}
