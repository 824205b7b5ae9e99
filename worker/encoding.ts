/** base64url (no padding) of bytes or UTF-8 text. */
export function base64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Bytes of a base64url (or base64) string; throws on bad input. */
export function fromBase64url(s: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
}

/** A random single-use token: 24 bytes, base64url. */
export const randomToken = (): string => base64url(crypto.getRandomValues(new Uint8Array(24)));

/** Lower-case hex of bytes. */
export const toHex = (bytes: Uint8Array): string =>
  [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Bytes of a hex string (pairs of digits; check the form first: nothing here rejects bad input). */
export const fromHex = (hex: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
