// Fault injection: rules match by method + path prefix (case-insensitive) and fire `remaining` times.
//   status        → that status (default 503) with a Xero-like body; the request is NOT processed
//   rate_limit    → 429 with Retry-After + X-Rate-Limit-Problem; NOT processed
//   slow          → waits delayMs of real time, then processes normally
//   malformed     → 200 with truncated JSON; NOT processed
//   drop_response → processed (state changes) but the caller gets no answer: the response is marked
//                   with DROP_HEADER, which Emulator.fetch turns into a TypeError and server.ts into a
//                   destroyed socket.

import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { problem } from "./api-auth.ts";
import { tooManyRequests } from "./limits.ts";
import type { EmulatorState, FaultRule } from "./state.ts";

/** Marks a response the caller must never receive. */
export const DROP_HEADER = "x-emulator-drop-response";

/** A fault rule as the control API receives it. */
export interface FaultInput {
  method?: string;
  pathPrefix: string;
  kind: FaultRule["kind"];
  status?: number;
  delayMs?: number;
  count?: number;
  retryAfter?: number;
  problem?: string;
}

/** What every emulator's fault rule has (Xero's and QuickBooks' add their own fields). */
export interface FaultRuleBase {
  id: string;
  method?: string;
  pathPrefix: string;
  /** Only requests whose decoded query string contains this (case-insensitive). */
  queryIncludes?: string;
  remaining: number;
}

/** The matching fields of a rule as a control API receives them, and how often it fires. */
export interface FaultMatch {
  method?: string;
  pathPrefix: string;
  queryIncludes?: string;
  count?: number;
}

/** Adds a rule to `rules` (fires `count` times, default 1) and returns it; `rest` is the emulator's own fields. */
export function pushFaultRule<R extends FaultRuleBase>(
  rules: R[],
  match: FaultMatch,
  rest: Omit<R, keyof FaultRuleBase>,
): R {
  const rule = {
    ...rest,
    id: crypto.randomUUID(),
    method: match.method?.toUpperCase(),
    pathPrefix: match.pathPrefix,
    ...(match.queryIncludes ? { queryIncludes: match.queryIncludes } : {}),
    remaining: match.count ?? 1,
  } as R;
  rules.push(rule);
  return rule;
}

/** Finds the first live rule in `rules` matching this request and uses up one firing. */
export function takeFaultRule<R extends FaultRuleBase>(rules: R[], method: string, url: URL): R | undefined {
  const lower = url.pathname.toLowerCase();
  const search = () => [...url.searchParams.values()].join("&").toLowerCase();
  const i = rules.findIndex(
    (r) =>
      r.remaining > 0 &&
      (!r.method || r.method === method) &&
      lower.startsWith(r.pathPrefix.toLowerCase()) &&
      (!r.queryIncludes || search().includes(r.queryIncludes.toLowerCase())),
  );
  const rule = rules[i];
  if (!rule) return undefined;
  if (--rule.remaining <= 0) rules.splice(i, 1);
  return rule;
}

/** Adds a rule (fires `count` times, default 1) and returns it. */
export function addFault(state: EmulatorState, input: FaultInput): FaultRule {
  const { kind, status, delayMs, retryAfter, problem } = input;
  return pushFaultRule(state.faults, input, { kind, status, delayMs, retryAfter, problem });
}

/** Real-time delay (the emulator clock does not move while a request is slow). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const STATUS_TITLES: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function statusFault(c: Context, status: number): Response {
  const s = status as ContentfulStatusCode;
  if (c.req.path.startsWith("/connect/")) {
    return c.json({ error: status === 503 ? "temporarily_unavailable" : "server_error" }, s);
  }
  if (status === 500) {
    return c.json(
      {
        ErrorNumber: 500,
        Type: "UnknownErrorException",
        Message:
          "An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status. Contact the API support team at api@xero.com for more assistance.",
      },
      500,
    );
  }
  return problem(c, s, STATUS_TITLES[status] ?? "Error", "The Xero API is temporarily unavailable");
}

function malformed(c: Context, now: number): Response {
  const body = c.req.path.startsWith("/connect/")
    ? '{"id_token":"eyJhbGciOiJSUzI1NiIsImtpZCI6IjFDQUY4RTY2NzcyRDZEQzAyOEQ2NzI2RkQwMjYxNTgx'
    : `{"Id":"${crypto.randomUUID()}","Status":"OK","ProviderName":"AGG SMART","DateTimeUTC":"\\/Date(${now})\\/","Items":[{"ID":"`;
  return new Response(body, { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" } });
}

/** Applies the first matching fault rule; `skip` leaves some paths to a middleware mounted elsewhere. */
export function faultMiddleware(state: EmulatorState, skip?: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (skip?.(c.req.path)) return next();
    const rule = takeFaultRule(state.faults, c.req.method, new URL(c.req.url));
    if (!rule) return next();
    switch (rule.kind) {
      case "status":
        return statusFault(c, rule.status ?? 503);
      case "rate_limit":
        return tooManyRequests(c, rule.problem ?? "minute", rule.retryAfter ?? 60);
      case "malformed":
        return malformed(c, state.clock.now());
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
