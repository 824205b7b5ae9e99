import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../env.ts";

/** Parses ALLOWED_ORIGINS (comma-separated exact origins) into a set. */
export function allowedOrigins(raw: string | undefined): Set<string> {
  return new Set(
    (raw ?? "")
      .split(",")
      .map((s) => s.trim().replace(/\/+$/, ""))
      .filter(Boolean),
  );
}

/** CORS for the widget API: only exact ALLOWED_ORIGINS get CORS headers; everyone else gets none. */
export function widgetCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const allowed = allowedOrigins(c.env.ALLOWED_ORIGINS);
    const mw = cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "If-None-Match"],
      allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      exposeHeaders: ["ETag", "Retry-After"],
      maxAge: 600,
    });
    return mw(c, next);
  };
}
