// RS256 JWTs, as Xero signs its id and access tokens (oauth4webapi insists on RS256 for id_tokens
// unless told otherwise). One RSA key per process, generated on first use with Web Crypto.

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JsonWebKey;
}

let keyPromise: Promise<SigningKey> | undefined;

function signingKey(): Promise<SigningKey> {
  keyPromise ??= (async () => {
    const pair = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const publicJwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
    const kid = b64url(new TextEncoder().encode(publicJwk.n ?? "")).slice(0, 27);
    return { kid, privateKey: pair.privateKey, publicJwk };
  })();
  return keyPromise;
}

/** Bytes (or a UTF-8 string) as base64url without padding. */
export function b64url(data: Uint8Array | string): string {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Signs claims as an RS256 JWT with the emulator's key. */
export async function signJwt(claims: Record<string, unknown>): Promise<string> {
  const key = await signingKey();
  const header = { alg: "RS256", kid: key.kid, typ: "JWT", x5t: key.kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
}

/** The JSON Web Key Set a client would fetch to verify the emulator's tokens. */
export async function jwks(): Promise<{ keys: JsonWebKey[] }> {
  const key = await signingKey();
  const { kty, n, e } = key.publicJwk;
  return { keys: [{ kty, n, e, kid: key.kid, use: "sig", alg: "RS256" } as JsonWebKey] };
}

/** Reads a JWT's payload without verifying it (tests and diagnostics only). */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  try {
    const part = token.split(".")[1] ?? "";
    const bin = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
    const json: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))),
    );
    return json && typeof json === "object" ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
