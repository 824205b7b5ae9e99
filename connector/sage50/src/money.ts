// Sage stores money as DOUBLE. Converting to pence through `Math.round(x * 100)` is wrong twice:
// 1.005 * 100 = 100.49999999999999 (rounds down), and Math.round(-0.5) = -0 (rounds up).
// So: take the value to 15 significant digits (a double's guaranteed decimal precision, which drops
// the binary noise) and round that decimal string half away from zero, as Sage's reports do.
import { ConnectorError, EXIT } from "./errors.ts";

/** The largest amount in pence accepted (10 billion pounds; anything bigger is corrupt data). */
export const MAX_PENCE = 1_000_000_000_000;

/** A Sage DOUBLE (pounds) as integer pence, rounded half away from zero; null/empty → 0. */
export function toPence(value: unknown, column = "amount"): number {
  if (value === null || value === undefined || value === "") return 0;
  const x = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(x))
    throw new ConnectorError(EXIT.schema, `${column} is not a number: ${String(value)}`);
  const abs = Math.abs(x);
  if (abs * 100 > MAX_PENCE) throw new ConnectorError(EXIT.schema, `${column} is out of range: ${x}`);
  const text = abs.toPrecision(15);
  // Exponent form only appears below 1e-6 here: far less than half a penny.
  if (text.includes("e")) return 0;
  const [whole = "0", frac = ""] = text.split(".");
  const digits = `${frac}000`;
  let pence = Number(whole) * 100 + Number(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) pence += 1;
  return x < 0 && pence !== 0 ? -pence : pence;
}
