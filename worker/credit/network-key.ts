import { parseAmount } from "../../shared/money.ts";

/** A credit limit as read from the contact: a limit, none set (blank), or a value that is not a limit. */
export type ParsedLimit =
  | { kind: "limit"; minor: number }
  | { kind: "none" }
  | { kind: "invalid"; raw: string; reason: string };

/**
 * Reads AGG SMART's credit-limit convention — a plain number typed into the contact field the
 * provider keeps limits in (`10000`, `10,000`, `£10,000.00`) — into minor units of `currency`.
 * Blank or absent is `none`; anything that cannot be read without guessing (`abc`, `5k`, `-5`,
 * `1,00,000`, `1e3`, a phone number such as `01234 567890`) is `invalid`, keeping the raw value
 * and a reason for admins. Zero is a limit.
 * @see ../provider/provider.ts Provider.limitFields
 */
export function parseCreditLimit(raw: string | null | undefined, currency: string): ParsedLimit {
  if (raw == null) return { kind: "none" };
  // A phone or fax number (QuickBooks keeps the limit in Fax): a leading 0 or + before more digits
  // is never how a limit is written, and read as one `01234567890` would be a £12bn limit.
  if (/^\s*(\+|0\d)[\d\s()-]{4,}$/.test(raw))
    return { kind: "invalid", raw, reason: "This looks like a phone number, not a credit limit." };
  const parsed = parseAmount(raw, currency);
  if (parsed.kind === "empty") return { kind: "none" };
  if (parsed.kind === "invalid") return { kind: "invalid", raw, reason: parsed.reason };
  return { kind: "limit", minor: parsed.minor };
}
