import * as z from "zod";

/** Longest AGG SMART tenant id accepted anywhere (path, embed token, tenant ref). */
export const TENANT_ID_MAX = 128;

/**
 * AGG SMART's tenant (account) id, one schema for the server API path, the embed token's `tenant`
 * claim and the OAuth tenant ref: 1–128 ASCII letters, digits, `_`, `-`, `.`, `:`. ASCII only so
 * no tenant can carry a lone surrogate or grow a KV key past 512 bytes once percent-encoded
 * (worst case `:` → `%3A`, 3 bytes a character: 384 bytes).
 */
export const TenantId = z
  .string()
  .min(1, "the tenant id is empty")
  .max(TENANT_ID_MAX, `the tenant id is longer than ${TENANT_ID_MAX} characters`)
  .regex(/^[\w.:-]+$/, "tenant ids are ASCII letters, digits, '_', '-', '.', ':'");
