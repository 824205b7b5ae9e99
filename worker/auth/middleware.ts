import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { type EmbedClaims, verifyEmbedToken } from "./embed-token.ts";

declare module "hono" {
  interface ContextVariableMap {
    auth: EmbedClaims;
  }
}

/** Reads `Authorization: Bearer <jwt>`. */
export function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return m?.[1] ?? null;
}

/** Requires a valid embed token; sets `c.var.auth` (tenant, user, role). */
export function requireEmbedToken(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearer(c.req.header("Authorization"));
    if (!token) throw new AppError(401, "unauthorized", "Sign-in token missing.", { reason: "missing" });
    c.set("auth", await verifyEmbedToken(token, c.env.EMBED_SIGNING_SECRET, Date.now()));
    await next();
  };
}

/** Requires the embed token's role to be admin (connect, disconnect, settings). */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get("auth")?.role !== "admin") {
      throw new AppError(403, "forbidden", "Only an AGG SMART admin can do this.");
    }
    await next();
  };
}

/** Constant-time string comparison: HMAC `a` under a random key, then `crypto.subtle.verify` it against `b`. */
export async function safeEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(a));
  return crypto.subtle.verify("HMAC", key, mac, enc.encode(b));
}

/** Requires `Authorization: Bearer <SERVER_API_KEY>` (AGG SMART's server → worker). */
export function requireServerKey(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearer(c.req.header("Authorization"));
    if (!key || !c.env.SERVER_API_KEY || !(await safeEqual(key, c.env.SERVER_API_KEY))) {
      throw new AppError(401, "unauthorized", "A valid server API key is required.");
    }
    await next();
  };
}
