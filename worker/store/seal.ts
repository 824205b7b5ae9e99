import * as z from "zod";
import { parseKeyring } from "../keyring.ts";

// AES-256-GCM envelope for secrets at rest. TOKEN_ENCRYPTION_KEY = "kid:base64key[,kid:base64key…]":
// the first key encrypts; any listed key decrypts, so a key can be rotated without losing data
// (records sealed under an old key are re-sealed under the current one on their next write).

const Sealed = z.object({ v: z.literal(1), kid: z.string(), iv: z.string(), ct: z.string() });
export type Sealed = z.infer<typeof Sealed>;

const b64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const unb64 = (s: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

async function importKey(secret: string): Promise<CryptoKey> {
  const raw = unb64(secret);
  if (raw.length !== 32) throw new Error("TOKEN_ENCRYPTION_KEY entries must be 32 bytes, base64-encoded.");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Encrypts a JSON value under the current key; `aad` binds it to its owner (e.g. the tenant id). */
export async function seal(keys: string, aad: string, value: unknown): Promise<Sealed> {
  const current = parseKeyring(keys)[0];
  if (!current) throw new Error("TOKEN_ENCRYPTION_KEY is not configured.");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(aad) },
    await importKey(current.secret),
    new TextEncoder().encode(JSON.stringify(value)),
  );
  return { v: 1, kid: current.kid, iv: b64(iv), ct: b64(new Uint8Array(ct)) };
}

/** Decrypts a sealed record (any configured key id); throws if the key is gone or the data was altered. */
export async function unseal(
  keys: string,
  aad: string,
  sealed: unknown,
): Promise<{ value: unknown; stale: boolean }> {
  const rec = Sealed.parse(sealed);
  const ring = parseKeyring(keys);
  const entry = ring.find((k) => k.kid === rec.kid);
  if (!entry) throw new Error(`No TOKEN_ENCRYPTION_KEY with id "${rec.kid}" is configured.`);
  const pt = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: unb64(rec.iv), additionalData: new TextEncoder().encode(aad) },
    await importKey(entry.secret),
    unb64(rec.ct),
  );
  return { value: JSON.parse(new TextDecoder().decode(pt)), stale: entry.kid !== ring[0]?.kid };
}
