import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { WIDGET_ETAG, WIDGET_JS } from "../generated/widget.ts";
import { allowedOrigins } from "../middleware/cors.ts";

/**
 * `GET /widget.js` — the built widget as one ES module. Cached for 5 minutes then revalidated
 * by ETag, so a deploy reaches every host page quickly while repeat loads cost a 304.
 */
export const widgetAsset = new Hono<AppEnv>().get("/widget.js", (c) => {
  const origin = c.req.header("Origin");
  const headers: Record<string, string> = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=300, stale-while-revalidate=86400",
    ETag: WIDGET_ETAG,
    Vary: "Origin",
    "X-Content-Type-Options": "nosniff",
  };
  if (origin && allowedOrigins(c.env.ALLOWED_ORIGINS).has(origin))
    headers["Access-Control-Allow-Origin"] = origin;
  const inm = c.req.header("If-None-Match");
  if (inm && inm.split(",").some((t) => t.trim() === WIDGET_ETAG)) return c.body(null, 304, headers);
  return c.body(WIDGET_JS, 200, headers);
});
