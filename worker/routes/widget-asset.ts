import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { WIDGET_ADMIN_ETAG, WIDGET_ADMIN_JS, WIDGET_ETAG, WIDGET_JS } from "../generated/widget.ts";
import { allowedOrigins } from "../middleware/cors.ts";

/**
 * One built widget file as an ES module. Cached for 5 minutes then revalidated by ETag, so a
 * deploy reaches every host page quickly while repeat loads cost a 304. CORS for allowed origins:
 * module scripts load cross-origin in CORS mode.
 */
function serveModule(c: Context<AppEnv>, js: string, etag: string): Response {
  const origin = c.req.header("Origin");
  const headers: Record<string, string> = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=300, stale-while-revalidate=86400",
    ETag: etag,
    Vary: "Origin",
    "X-Content-Type-Options": "nosniff",
  };
  if (origin && allowedOrigins(c.env.ALLOWED_ORIGINS).has(origin))
    headers["Access-Control-Allow-Origin"] = origin;
  const inm = c.req.header("If-None-Match");
  if (inm && inm.split(",").some((t) => t.trim() === etag)) return c.body(null, 304, headers);
  return c.body(js, 200, headers);
}

/**
 * `GET /widget.js` — what host pages load: the staff elements and the admin loader — and
 * `GET /widget-admin.js`, the admin elements widget.js imports when a page has one.
 */
export const widgetAsset = new Hono<AppEnv>()
  .get("/widget.js", (c) => serveModule(c, WIDGET_JS, WIDGET_ETAG))
  .get("/widget-admin.js", (c) => serveModule(c, WIDGET_ADMIN_JS, WIDGET_ADMIN_ETAG));
