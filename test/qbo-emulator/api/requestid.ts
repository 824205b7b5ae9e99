// `?requestid=` on writes: the first answer is kept per company (Intuit: "unique per company") and
// a repeat gets exactly that answer back, whatever its body, without doing the write again. A
// lost response (drop_response) followed by a retry with the same id is the case this exists for.
// Longer than 50 characters → a Fault. Replies are kept 30 days (Intuit documents no window;
// UNVERIFIED). Server errors (5xx) are not kept, so a retry runs again.
// @see https://developer.intuit.com/app/developer/qbo/docs/learn/learn-basic-field-definitions

import type { MiddlewareHandler } from "hono";
import type { QboState } from "../state.ts";
import type { ApiVariables } from "./auth.ts";
import { validation } from "./errors.ts";

/** Longest requestid Intuit accepts. */
export const REQUEST_ID_MAX = 50;
const KEEP_MS = 30 * 86_400_000;

/** Replays or records answers to POSTs that carry a requestid. */
export function requestIdReplay(state: QboState): MiddlewareHandler<{ Variables: ApiVariables }> {
  return async (c, next) => {
    const id = c.req.query("requestid");
    if (c.req.method !== "POST" || id === undefined || /\/query$/i.test(c.req.path)) return next();
    const now = state.clock.now();
    if (id.length === 0 || id.length > REQUEST_ID_MAX)
      return validation(
        c,
        now,
        "2010",
        "Request has invalid or unsupported property",
        `requestid must be 1 to ${REQUEST_ID_MAX} characters`,
        "requestid",
      );
    const key = `${c.get("company").realmId} ${id}`;
    const kept = state.requestIds.get(key);
    if (kept && now - kept.at <= KEEP_MS) {
      return new Response(kept.body, {
        status: kept.status,
        headers: { "Content-Type": "application/json;charset=UTF-8", intuit_tid: crypto.randomUUID() },
      });
    }
    await next();
    if (c.res.status >= 500) return;
    const body = await c.res.clone().text();
    state.requestIds.set(key, { status: c.res.status, body, at: now });
  };
}
