import type { AccountsSettings, BankAccount, SettingsUpdate } from "../../shared/settings.ts";

// Pure: the form's draft, its checks, the update it sends and the server's field errors. No DOM.

/** What the form holds, as the user typed it (numbers stay text, so nothing typed is lost). */
export interface Draft {
  enabled: boolean;
  /** "" = no account chosen. */
  bankAccountCode: string;
  jobMatchField: "Reference" | "InvoiceNumber";
  webhookUrl: string;
  /** Percent, 1–100. */
  threshold: string;
  /** Minutes. */
  syncInterval: string;
}

/** A field of the form. */
export type Field = keyof Draft;

/** A message per field. */
export type FieldErrors = Partial<Record<Field, string>>;

/** The order fields appear in (the first invalid one gets focus). */
export const FIELD_ORDER: readonly Field[] = [
  "bankAccountCode",
  "enabled",
  "jobMatchField",
  "webhookUrl",
  "threshold",
  "syncInterval",
];

/** Sync interval bounds the form accepts (the server has the last word). */
export const SYNC_MINUTES = { min: 1, max: 1440 } as const;

/** The saved settings as a draft. */
export function draftOf(s: AccountsSettings): Draft {
  return {
    enabled: s.pushPayments.enabled,
    bankAccountCode: s.pushPayments.bankAccountCode ?? "",
    jobMatchField: s.jobMatchField,
    webhookUrl: s.webhook.url ?? "",
    threshold: String(Math.round(s.warningThreshold * 10_000) / 100),
    syncInterval: String(s.syncIntervalMinutes),
  };
}

/** True when the draft differs from what is saved. */
export function isDirty(saved: AccountsSettings, d: Draft): boolean {
  return JSON.stringify(d) !== JSON.stringify(draftOf(saved));
}

const NUMBER = /^\d+(\.\d+)?$/;
const LOCAL = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//;

/** The message for enabling payments without a bank account. */
export const NEEDS_ACCOUNT = "Choose a bank account above first: payments are recorded into it.";

/** Checks the draft before it is sent; the server validates again. */
export function check(d: Draft): FieldErrors {
  const e: FieldErrors = {};
  if (d.enabled && !d.bankAccountCode) e.enabled = NEEDS_ACCOUNT;
  const url = d.webhookUrl.trim();
  if (url) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      // reported below
    }
    if (!parsed) e.webhookUrl = "Enter a full address, starting with https://";
    // Plain http only for a receiver on this machine (local testing), as the server allows.
    else if (parsed.protocol !== "https:" && !LOCAL.test(parsed.href))
      e.webhookUrl = "Use an https:// address: events are signed, not encrypted.";
  }
  const pct = Number(d.threshold.trim());
  if (!NUMBER.test(d.threshold.trim()) || pct < 1 || pct > 100)
    e.threshold = "Enter a percentage from 1 to 100.";
  const mins = Number(d.syncInterval.trim());
  if (!/^\d+$/.test(d.syncInterval.trim()) || mins < SYNC_MINUTES.min || mins > SYNC_MINUTES.max)
    e.syncInterval = `Enter whole minutes from ${SYNC_MINUTES.min} to ${SYNC_MINUTES.max}.`;
  return e;
}

/** Only what changed, in the API's shape (threshold percent → 0.01–1.0). Call on a draft that passed `check`. */
export function toUpdate(saved: AccountsSettings, d: Draft): SettingsUpdate {
  const was = draftOf(saved);
  const u: SettingsUpdate = {};
  if (d.enabled !== was.enabled || d.bankAccountCode !== was.bankAccountCode) {
    u.pushPayments = {};
    if (d.enabled !== was.enabled) u.pushPayments.enabled = d.enabled;
    if (d.bankAccountCode !== was.bankAccountCode) u.pushPayments.bankAccountCode = d.bankAccountCode || null;
  }
  if (d.jobMatchField !== was.jobMatchField) u.jobMatchField = d.jobMatchField;
  if (d.webhookUrl.trim() !== was.webhookUrl) u.webhookUrl = d.webhookUrl.trim() || null;
  if (Number(d.threshold) !== Number(was.threshold))
    u.warningThreshold = Math.round(Number(d.threshold) * 100) / 10_000;
  if (Number(d.syncInterval) !== Number(was.syncInterval)) u.syncIntervalMinutes = Number(d.syncInterval);
  return u;
}

// The API's field paths → the form's fields.
const PATHS: Record<string, Field> = {
  "pushPayments.enabled": "enabled",
  pushPayments: "enabled",
  "pushPayments.bankAccountCode": "bankAccountCode",
  jobMatchField: "jobMatchField",
  webhookUrl: "webhookUrl",
  "webhook.url": "webhookUrl",
  warningThreshold: "threshold",
  syncIntervalMinutes: "syncInterval",
};

/** A 400's `details` ([{path, message}], path dotted or an array) as messages per field, plus any that fit none. */
export function serverErrors(details: unknown): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  if (!Array.isArray(details)) return { fields, other };
  for (const item of details) {
    if (typeof item !== "object" || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof message !== "string") continue;
    const key = Array.isArray(path) ? path.join(".") : typeof path === "string" ? path : "";
    const field = PATHS[key];
    if (field && !fields[field]) fields[field] = message;
    else if (!field) other.push(message);
  }
  return { fields, other };
}

/** How a bank account reads in the picker: "090 — Business Account (GBP)". */
export function bankLabel(a: BankAccount): string {
  return `${a.code} — ${a.name}${a.currency ? ` (${a.currency})` : ""}`;
}
