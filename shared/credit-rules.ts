import { parseAmount } from "./money.ts";

// Pure credit rules shared by the worker and the widget. No zod import: widget.js bundles this.

/** A typed job value: an amount in minor units, absent (blank), or invalid with a reason. */
export type MoneyInput =
  | { kind: "amount"; minor: number }
  | { kind: "absent" }
  | { kind: "invalid"; reason: string };

/** Reads the `job-value` attribute / `jobValue` query param ("450.00", "1,250.5", "£450"); blank is absent. */
export function parseMoneyInput(value: string | null | undefined, currency: string): MoneyInput {
  if (value == null) return { kind: "absent" };
  const parsed = parseAmount(value, currency);
  return parsed.kind === "empty" ? { kind: "absent" } : parsed;
}

/** Whether data synced at `lastSyncedAt` is stale at `now`: older than twice the sync interval. */
export function isStale(lastSyncedAt: string, now: Date, syncIntervalMs: number): boolean {
  const synced = Date.parse(lastSyncedAt);
  if (Number.isNaN(synced)) return true;
  return now.getTime() - synced > 2 * syncIntervalMs;
}
