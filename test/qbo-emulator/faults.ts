// Fault injection, as in the Xero emulator: rules match by method + path prefix (case-insensitive),
// optionally by text in the decoded query string (every read is GET /query, so "FROM Customer"
// tells customer reads from invoice reads), and fire `count` times.
//   status        → that status (default 503) with an Intuit-like body; NOT processed
//   rate_limit    → 429 ThrottleExceeded (3001); NOT processed
//   slow          → waits delayMs of real time, then processes normally
//   malformed     → 200 with truncated JSON; NOT processed
//   drop_response → processed (the write happens) but the caller never hears back: marked with
//                   DROP_HEADER, which the in-process fetch turns into a TypeError and server.ts
//                   into a destroyed socket.

import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DROP_HEADER, pushFaultRule, sleep, takeFaultRule } from "../emulator/faults.ts";
import { fault, throttled } from "./api/errors.ts";
import type { FaultRule, QboState } from "./state.ts";

export { DROP_HEADER } from "../emulator/faults.ts";

/** A fault rule as the control API receives it. */
export interface FaultInput {
  method?: string;
  pathPrefix: string;
  /** Only requests whose decoded query string contains this (case-insensitive). */
  queryIncludes?: string;
  kind: FaultRule["kind"];
  status?: number;
  delayMs?: number;
  count?: number;
}

/** Adds a rule (fires `count` times, default 1). */
export function addFault(state: QboState, input: FaultInput): FaultRule {
  const { kind, status, delayMs } = input;
  return pushFaultRule(state.faults, input, { kind, status, delayMs });
}

function statusFault(c: Context, status: number, now: number): Response {
  if (c.req.path.startsWith("/oauth2/"))
    return c.json({ error: "server_error" }, status as ContentfulStatusCode);
  return fault(
    c,
    status as ContentfulStatusCode,
    "SystemFault",
    [
      {
        Message: "An application error has occurred while processing your request",
        Detail: "System Failure Error: Service unavailable",
        code: "10000",
      },
    ],
    now,
  );
}

/** Applies the first matching rule; `only` limits which paths this instance handles. */
export function qboFaultMiddleware(state: QboState, only?: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (only && !only(c.req.path)) return next();
    const rule = takeFaultRule(state.faults, c.req.method, new URL(c.req.url));
    if (!rule) return next();
    const now = state.clock.now();
    switch (rule.kind) {
      case "status":
        return statusFault(c, rule.status ?? 503, now);
      case "rate_limit":
        return throttled(c, now);
      case "malformed":
        return new Response('{"QueryResponse":{"Customer":[{"Id":"', {
          status: 200,
          headers: { "Content-Type": "application/json;charset=UTF-8" },
        });
      case "slow":
        await sleep(rule.delayMs ?? 1000);
        return next();
      case "drop_response":
        await next();
        c.header(DROP_HEADER, "1");
        return;
    }
  };
}
