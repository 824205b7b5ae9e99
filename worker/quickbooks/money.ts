import { minorUnitDigits } from "../../shared/money.ts";

/** A QuickBooks amount (JSON number, at most the currency's decimals) → integer minor units. */
export function toMinor(amount: number | null | undefined, currency: string): number {
  if (amount == null || !Number.isFinite(amount)) return 0;
  return Math.round(amount * 10 ** minorUnitDigits(currency));
}

/** Integer minor units → the decimal JSON number QuickBooks takes (exact for ≤ 2 decimals). */
export function fromMinor(minor: number, currency: string): number {
  const digits = minorUnitDigits(currency);
  return Number((minor / 10 ** digits).toFixed(digits));
}
