import { SignJWT } from "jose";

/** Signs an embed token the way AGG SMART's server does (HS256, kid "main" by default). */
export async function embedToken(
  claims: Record<string, unknown> = {},
  opts: { secret?: string; kid?: unknown; alg?: string; iat?: number; exp?: number; omit?: string[] } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    tenant: "tenant-a",
    sub: "user-1",
    role: "admin",
    aud: "agg-smart-widget",
    iat: opts.iat ?? now,
    exp: opts.exp ?? now + 900,
    ...claims,
  };
  for (const k of opts.omit ?? []) delete payload[k];
  const secret = opts.secret ?? "test-embed-secret-0123456789abcdef";
  return (
    new SignJWT(payload)
      // kid is `unknown` so tests can sign what a broken signer would (a number, an array).
      .setProtectedHeader({
        alg: opts.alg ?? "HS256",
        kid: ("kid" in opts ? opts.kid : "main") as string,
        typ: "JWT",
      })
      .sign(new TextEncoder().encode(secret))
  );
}

/** A token with `alg: none` (no signature) — must always be rejected. */
export function unsignedToken(claims: Record<string, unknown> = {}): string {
  const enc = (o: unknown) =>
    btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    tenant: "tenant-a",
    sub: "u",
    role: "admin",
    aud: "agg-smart-widget",
    iat: now,
    exp: now + 600,
    ...claims,
  };
  return `${enc({ alg: "none", typ: "JWT" })}.${enc(payload)}.`;
}

/** Authorization header helper. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
