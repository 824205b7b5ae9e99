import { base64url, fromBase64url } from "../encoding.ts";
import { TenantId } from "./tenant-id.ts";

// A single-use nonce travels with its tenant ("nonce.base64url(tenant)") in the OAuth state, the
// start ticket and the organisation pick, so the callback can find the tenant's object; the
// object itself then checks that it issued the nonce.

/** "nonce.base64url(tenant)". */
export function tenantRef(nonce: string, tenant: string): string {
  return `${nonce}.${base64url(tenant)}`;
}

/** Splits a tenant ref; null when malformed or when the tenant is not a valid {@link TenantId}. */
export function splitTenantRef(ref: string | undefined | null): { nonce: string; tenant: string } | null {
  const m = /^([\w-]{16,64})\.([\w-]{1,200})$/.exec(ref ?? "");
  if (!m?.[1] || !m[2]) return null;
  try {
    const tenant = new TextDecoder("utf-8", { fatal: true }).decode(fromBase64url(m[2]));
    return TenantId.safeParse(tenant).success ? { nonce: m[1], tenant } : null;
  } catch {
    return null;
  }
}
