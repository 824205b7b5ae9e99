import { parseAmount } from "../../shared/money.ts";
import type { JobPayment, JobPaymentLookup, JobPaymentState } from "../../shared/payments.ts";
import { PROVIDERS } from "../../shared/providers.ts";
import { money, shortDate } from "./format.ts";
import type { IconName } from "./icons.ts";

// Pure: what the Payment Column says, from the lookup, the host's card attributes and the clock.

/** What the element shows for the invoice side: a JobPaymentState, or why there is none. */
export type PaymentShown = JobPaymentState | "not_synced" | "not_connected";

/** Detail of `agg-payment-change`. */
export interface PaymentChangeDetail {
  job: string;
  state: PaymentShown;
  /** The job's summed invoices when the state is a JobPaymentState. */
  payment: JobPayment | null;
}

/** Colour family of a line; every line also has its own icon and words. */
export type Tone = "success" | "info" | "warning" | "danger" | "neutral" | "muted";

/** The invoice line: words, icon, tone, and the `state` attribute it stands for. */
export interface Line {
  attr: string;
  tone: Tone;
  glyph: IconName;
  text: string;
  /** Extra words for a tooltip (invoice numbers, reason). */
  title?: string;
}

/** The shown state of a lookup. */
export function shownState(l: JobPaymentLookup): PaymentShown {
  return l.state === "found" ? l.payment.state : l.state;
}

/** The comparable content of a lookup (its timestamp left out): equal keys mean nothing changed. */
export function lookupKey(l: JobPaymentLookup | null): string {
  if (!l) return "";
  if (l.state !== "found") return JSON.stringify(l);
  const { updatedAt: _, ...rest } = l.payment;
  return JSON.stringify(rest);
}

/** The invoice side of AGG SMART's Payment Column. */
export function invoiceLine(l: JobPaymentLookup, now: Date): Line {
  if (l.state === "not_connected")
    return {
      attr: "not-connected",
      tone: "neutral",
      glyph: "link",
      text: l.provider ? `${PROVIDERS[l.provider].name} not connected` : "Accounts not connected",
      title: l.reason,
    };
  if (l.state === "not_synced")
    return { attr: "not-synced", tone: "neutral", glyph: "sync", text: "Not synced yet" };
  const p = l.payment;
  const m = (minor: number) => money(minor, p.currency);
  const due = p.dueDate ? shortDate(p.dueDate, now) : null;
  const when = due ? ` (due ${due})` : "";
  const numbers = p.invoices.map((i) => i.invoiceNumber).filter(Boolean);
  const title = numbers.length
    ? `${numbers.length > 1 ? "Invoices" : "Invoice"} ${numbers.join(", ")}`
    : undefined;
  const attr = p.state.replace("_", "-");
  switch (p.state) {
    case "paid":
      return { attr, tone: "success", glyph: "check", text: "Paid", title };
    case "part_paid":
      return {
        attr,
        tone: "info",
        glyph: "half",
        text: `Part paid ${m(p.totalMinor - p.dueMinor)} of ${m(p.totalMinor)}`,
        title,
      };
    case "awaiting_payment":
      return {
        attr,
        tone: "neutral",
        glyph: "clock",
        text: `Awaiting payment ${m(p.dueMinor)}${when}`,
        title,
      };
    case "overdue":
      return { attr, tone: "danger", glyph: "alert", text: `Overdue ${m(p.dueMinor)}${when}`, title };
    case "voided":
      return { attr, tone: "muted", glyph: "ban", text: "Invoice voided", title };
    default:
      return { attr: "no-invoice", tone: "muted", glyph: "doc", text: "Not invoiced" };
  }
}

/** The card statuses AGG SMART passes in. */
export const CARD_STATUSES = ["authorised", "captured", "failed", "expired"] as const;

/** A pre-authorisation older than this many days is shown red ("may expire"). */
export const PREAUTH_OLD_DAYS = 20;
/** From this many days old a pre-authorisation is near expiry. */
export const PREAUTH_NEAR_EXPIRY_DAYS = 27;
const DAY_MS = 86_400_000;

/** The host's card attributes, as written. */
export interface CardAttrs {
  status: string | null;
  amount: string | null;
  authorisedAt: string | null;
}

/** A card box: yellow (pre-authorised), green (captured) or red (old, expiring, expired, failed). */
export interface CardBox {
  attr: string;
  colour: "yellow" | "green" | "red";
  glyph: IconName;
  text: string;
  title?: string;
}

/** The card box, and hints for attributes that were ignored because they aren't readable. */
export interface CardView {
  box: CardBox | null;
  hints: string[];
  /** When the box's words next change by themselves (the pre-auth's age ticks over), as epoch ms. */
  changesAt: number | null;
}

const blank = (v: string | null): v is null => v === null || v.trim() === "";

/** The card side of the Payment Column, from the host's attributes (never throws: bad parts are hinted). */
export function cardView(a: CardAttrs, currency: string, now: number): CardView {
  const hints: string[] = [];
  if (blank(a.status)) return { box: null, hints, changesAt: null };
  const status = a.status.trim().toLowerCase();
  if (!(CARD_STATUSES as readonly string[]).includes(status)) {
    hints.push(`card-status “${a.status}” isn't one of ${CARD_STATUSES.join(", ")}.`);
    return { box: null, hints, changesAt: null };
  }
  let amount = "";
  if (!blank(a.amount)) {
    const parsed = parseAmount(a.amount, currency);
    if (parsed.kind === "amount") amount = ` ${money(parsed.minor, currency)}`;
    else hints.push(`card-amount “${a.amount}” isn't an amount, so it isn't shown.`);
  }
  let ageMs: number | null = null;
  if (!blank(a.authorisedAt)) {
    const at = Date.parse(a.authorisedAt);
    if (Number.isNaN(at))
      hints.push(`card-authorised-at “${a.authorisedAt}” isn't a date, so the age isn't checked.`);
    else ageMs = Math.max(0, now - at);
  }
  if (status === "captured")
    return {
      box: { attr: "captured", colour: "green", glyph: "check", text: `Card captured${amount}` },
      hints,
      changesAt: null,
    };
  if (status === "failed")
    return {
      box: { attr: "failed", colour: "red", glyph: "x", text: `Card payment failed${amount}` },
      hints,
      changesAt: null,
    };
  if (status === "expired")
    return {
      box: { attr: "expired", colour: "red", glyph: "x", text: `Card pre-auth expired${amount}` },
      hints,
      changesAt: null,
    };
  // +1 ms: the age is past the boundary ("over 20 days"), not on it.
  const changesAt = ageMs === null ? null : now + (DAY_MS - (ageMs % DAY_MS)) + 1;
  const days = ageMs === null ? 0 : Math.floor(ageMs / DAY_MS);
  const when = days === 0 ? "today" : days === 1 ? "1 day ago" : `${days} days ago`;
  if (ageMs !== null && ageMs > PREAUTH_OLD_DAYS * DAY_MS) {
    const near = days >= PREAUTH_NEAR_EXPIRY_DAYS;
    return {
      box: {
        attr: near ? "pre-auth-expiring" : "pre-auth-old",
        colour: "red",
        glyph: "hourglass",
        text: `Pre-auth ${days} days old — ${near ? "near expiry" : "may expire"}`,
        title: `Card pre-authorised${amount} ${when}`,
      },
      hints,
      changesAt,
    };
  }
  return {
    box: {
      attr: "pre-auth",
      colour: "yellow",
      glyph: "card",
      text: `Card pre-auth${amount}`,
      title: ageMs === null ? undefined : `Pre-authorised ${when}`,
    },
    hints,
    changesAt,
  };
}
