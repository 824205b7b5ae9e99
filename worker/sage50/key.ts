// The Sage 50 connector key: a bearer secret the connector on the customer's PC sends with every
// push. It carries its tenant (the same "nonce.base64url(tenant)" ref OAuth tickets use, after a
// fixed prefix) so a push is routed to the tenant's object without any global lookup; the object
// keeps only the key's SHA-256 and compares in constant time. Issuing a new key replaces the hash,
// so the old key stops working at once.

import * as z from "zod";
import { safeEqual } from "../auth/middleware.ts";
import { base64url } from "../encoding.ts";
import { splitTenantRef, tenantRef } from "../tenant/tenant-ref.ts";

/** Every key starts with this (recognisable in a support call; never a secret). */
export const KEY_PREFIX = "agg_s50_";

/** Storage key of the current key's record in the tenant object. */
export const KEY_RECORD = "sage50-key";

/** What the tenant object keeps of the key: its hash, never the key. */
export const KeyRecord = z.object({ hash: z.string(), issuedAt: z.number(), issuedBy: z.string() });
export type KeyRecord = z.infer<typeof KeyRecord>;

/** A new key for `tenant` (32 random bytes) and the record to store for it. */
export async function newConnectorKey(
  tenant: string,
  sub: string,
  now: number,
): Promise<{ key: string; record: KeyRecord }> {
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const key = `${KEY_PREFIX}${tenantRef(nonce, tenant)}`;
  return { key, record: { hash: await hashKey(key), issuedAt: now, issuedBy: sub } };
}

/** The tenant a presented key claims (null: not a connector key). Says nothing about validity. */
export function tenantOfKey(key: string | null | undefined): string | null {
  if (!key?.startsWith(KEY_PREFIX)) return null;
  return splitTenantRef(key.slice(KEY_PREFIX.length))?.tenant ?? null;
}

/** Whether `key` is the one whose record is stored (constant-time over the hashes). */
export async function keyMatches(key: string, stored: unknown): Promise<boolean> {
  const rec = KeyRecord.safeParse(stored);
  if (!rec.success) return false;
  return safeEqual(await hashKey(key), rec.data.hash);
}

/** The bearer token of an `Authorization` header (null when absent or not Bearer). */
export function bearerOf(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
