// Response negotiation at /v3/company/…: Intuit answers XML unless the request says
// `Accept: application/json`, so a client that forgets the header gets XML here too (a stub
// IntuitResponse carrying the same status), and every answer has an `intuit_tid` header, the id
// Intuit support asks for.

import type { MiddlewareHandler } from "hono";
import { intuitDateTime } from "../format.ts";
import type { Clock } from "../state.ts";

/** True when the Accept header asks for JSON. */
export function acceptsJson(accept: string | undefined): boolean {
  return /\bapplication\/json\b/i.test(accept ?? "");
}

/** The negotiation middleware (outermost on the API). */
export function negotiate(clock: Clock): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const tid = c.res.headers.get("intuit_tid") ?? crypto.randomUUID();
    if (acceptsJson(c.req.header("accept"))) {
      c.res.headers.set("intuit_tid", tid);
      return;
    }
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${intuitDateTime(clock.now(), true)}"><!-- the emulator serves JSON only: send Accept: application/json --></IntuitResponse>`;
    const headers = new Headers(c.res.headers);
    headers.set("Content-Type", "application/xml");
    headers.set("intuit_tid", tid);
    await c.res.body?.cancel();
    c.res = new Response(xml, { status: c.res.status, headers });
  };
}
