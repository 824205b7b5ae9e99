import { fromHex, toHex } from "../encoding.ts";
import { hmacSha256, verifyHmacSha256 } from "../hmac.ts";

/** Hex HMAC-SHA256 of `t.body` under `secret`: AGG SMART's `Agg-Signature: t=…,v1=…` (Stripe's scheme). */
export async function signPayload(secret: string, t: number, body: string): Promise<string> {
  return toHex(await hmacSha256(secret, `${t}.${body}`));
}

/** The `Agg-Signature` header for a body sent at unix time `t`. */
export async function signatureHeader(secret: string, t: number, body: string): Promise<string> {
  return `t=${t},v1=${await signPayload(secret, t, body)}`;
}

/**
 * Verifies an `Agg-Signature` header (for receivers, and our tests): constant-time comparison via
 * `crypto.subtle.verify`, and the timestamp must be within `toleranceS` of `nowS`.
 */
export async function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowS: number,
  toleranceS = 300,
): Promise<boolean> {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1 ?? "";
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS || !/^[0-9a-f]{64}$/.test(v1)) return false;
  return verifyHmacSha256(secret, fromHex(v1), `${t}.${body}`);
}
