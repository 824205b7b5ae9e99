// HMAC-SHA256 over WebCrypto for every signature the worker makes or checks: AGG SMART's outgoing
// `Agg-Signature` (hex) and the providers' webhook signatures (base64 over the raw body bytes).
// Checks go through `crypto.subtle.verify`, which compares in constant time; never compare
// signatures as strings.

const utf8 = new TextEncoder();

/** Bytes as given, or text as UTF-8. */
const bytesOf = (data: Uint8Array<ArrayBuffer> | string) =>
  typeof data === "string" ? utf8.encode(data) : data;

/** An HMAC-SHA256 key from a UTF-8 secret, for one use. */
const hmacKey = (secret: string, use: "sign" | "verify") =>
  crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [use]);

/** HMAC-SHA256 of `data` (bytes, or text as UTF-8) under `secret`. */
export async function hmacSha256(
  secret: string,
  data: Uint8Array<ArrayBuffer> | string,
): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret, "sign"), bytesOf(data)));
}

/** Whether `mac` is the HMAC-SHA256 of `data` under `secret` (constant-time). */
export async function verifyHmacSha256(
  secret: string,
  mac: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer> | string,
): Promise<boolean> {
  return crypto.subtle.verify("HMAC", await hmacKey(secret, "verify"), mac, bytesOf(data));
}

/**
 * Checks a webhook signature header: base64(HMAC-SHA256(raw body bytes, secret)), the scheme of
 * every cloud provider's webhooks here. No secret, no header or a header that is not base64 fails.
 */
export async function verifyBase64Signature(
  secret: string,
  body: Uint8Array<ArrayBuffer>,
  signature: string | undefined,
): Promise<boolean> {
  if (!secret || !signature) return false;
  let mac: Uint8Array<ArrayBuffer>;
  try {
    mac = Uint8Array.from(atob(signature), (ch) => ch.charCodeAt(0));
  } catch {
    return false;
  }
  return verifyHmacSha256(secret, mac, body);
}
