// Xero's API rate limits per tenant (5 concurrent, 60 per rolling minute, a daily budget per
// organisation) and per app (10,000 per minute), on the emulator clock. The day is a fixed window
// that resets at a fixed UTC time (midnight by default), not a rolling 24 h; its size depends on the
// organisation's plan (5,000 by default; Starter about 1,000: set `perDayByOrg`). Every Accounting response carries the
// X-*Limit-Remaining headers; a breach answers 429 with Retry-After (whole seconds) and
// X-Rate-Limit-Problem ("day" | "appminute" | "minute" | "concurrent"; clients compare
// case-insensitively). @see https://developer.xero.com/documentation/guides/oauth2/limits/

import type { Context, MiddlewareHandler } from "hono";
import type { ApiVariables } from "./api-auth.ts";
import { problem } from "./api-auth.ts";
import type { Clock } from "./state.ts";

/** The configurable ceilings. */
export interface LimitConfig {
  concurrent: number;
  perMinute: number;
  /** The daily budget of an organisation without its own entry in `perDayByOrg`. */
  perDay: number;
  /** Per-organisation daily budgets (by Xero tenantId), e.g. 1,000 for a Starter-plan organisation. */
  perDayByOrg: Record<string, number>;
  /** When the day window resets, in minutes after 00:00 UTC. */
  dayResetUtcMinute: number;
  appPerMinute: number;
}

/** The Starter plan's daily budget per organisation (since March 2026). */
export const STARTER_PER_DAY = 1000;

/** Xero's published limits. */
export const DEFAULT_LIMITS: LimitConfig = {
  concurrent: 5,
  perMinute: 60,
  perDay: 5000,
  perDayByOrg: {},
  dayResetUtcMinute: 0,
  appPerMinute: 10_000,
};

/** Which limit a 429 reports in X-Rate-Limit-Problem. */
export type RateLimitProblem = "day" | "appminute" | "minute" | "concurrent";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface TenantUsage {
  minute: number[];
  /** Calls counted in the day window that started at `dayStart`. */
  day: number;
  dayStart: number;
  inFlight: number;
}

/** Start of the fixed day window holding `now`, for a reset `offsetMs` after 00:00 UTC. */
export function dayWindowStart(now: number, offsetMs: number): number {
  return Math.floor((now - offsetMs) / DAY) * DAY + offsetMs;
}

/** Per-tenant and app-wide usage plus the middleware that enforces it. */
export interface Limiter {
  config: LimitConfig;
  /** For /api.xro/2.0/* after api-auth (needs `org`). */
  middleware(): MiddlewareHandler<{ Variables: ApiVariables }>;
  /** Current counts for a tenant (tests, control API). */
  usage(tenantId: string): { minute: number; day: number; inFlight: number; appMinute: number };
  reset(): void;
}

/** Seconds until the window drops below `limit`, given ascending timestamps `ts` (at least `limit` of them). */
function retryAfter(ts: number[], limit: number, window: number, now: number): number {
  const exits = ts[ts.length - limit] ?? now;
  return Math.max(1, Math.ceil((exits + window - now) / 1000));
}

/** Builds a 429 exactly as Xero sends it (plus the remaining-count headers). */
export function tooManyRequests(
  c: Context,
  problemKind: RateLimitProblem | string,
  retryAfterSec: number,
): Response {
  const res = problem(c, 429, "Too Many Requests", `Rate limit exceeded (${problemKind})`);
  res.headers.set("Retry-After", String(retryAfterSec));
  res.headers.set("X-Rate-Limit-Problem", problemKind);
  return res;
}

/** Creates a limiter reading time from `clock`. */
export function createLimiter(clock: Clock, initial: Partial<LimitConfig> = {}): Limiter {
  const config: LimitConfig = {
    ...DEFAULT_LIMITS,
    ...initial,
    perDayByOrg: { ...initial.perDayByOrg },
  };
  const tenants = new Map<string, TenantUsage>();
  let app: number[] = [];

  const rollDay = (u: TenantUsage, now: number) => {
    const start = dayWindowStart(now, config.dayResetUtcMinute * MINUTE);
    if (u.dayStart !== start) Object.assign(u, { day: 0, dayStart: start });
    return start;
  };
  const prune = (ts: number[], window: number, now: number) => ts.filter((t) => t > now - window && t <= now);
  const usageOf = (tenantId: string): TenantUsage => {
    let u = tenants.get(tenantId);
    if (!u) {
      u = { minute: [], day: 0, dayStart: 0, inFlight: 0 };
      tenants.set(tenantId, u);
    }
    return u;
  };

  return {
    config,
    usage(tenantId) {
      const now = clock.now();
      const u = usageOf(tenantId);
      rollDay(u, now);
      return {
        minute: prune(u.minute, MINUTE, now).length,
        day: u.day,
        inFlight: u.inFlight,
        appMinute: prune(app, MINUTE, now).length,
      };
    },
    reset() {
      tenants.clear();
      app = [];
    },
    middleware() {
      return async (c, next) => {
        const now = clock.now();
        const tenantId = c.get("org").tenantId;
        const u = usageOf(tenantId);
        const perDay = config.perDayByOrg[tenantId] ?? config.perDay;
        const dayStart = rollDay(u, now);
        u.minute = prune(u.minute, MINUTE, now);
        app = prune(app, MINUTE, now);
        const headers = () => ({
          "X-DayLimit-Remaining": String(Math.max(0, perDay - u.day)),
          "X-MinLimit-Remaining": String(Math.max(0, config.perMinute - u.minute.length)),
          "X-AppMinLimit-Remaining": String(Math.max(0, config.appPerMinute - app.length)),
        });
        let breach: [RateLimitProblem, number] | undefined;
        // Until the window resets (Xero's day is fixed, not rolling).
        if (u.day >= perDay) breach = ["day", Math.max(1, Math.ceil((dayStart + DAY - now) / 1000))];
        else if (app.length >= config.appPerMinute)
          breach = ["appminute", retryAfter(app, config.appPerMinute, MINUTE, now)];
        else if (u.minute.length >= config.perMinute)
          breach = ["minute", retryAfter(u.minute, config.perMinute, MINUTE, now)];
        else if (u.inFlight >= config.concurrent) breach = ["concurrent", 1];
        if (breach) {
          const res = tooManyRequests(c, breach[0], breach[1]);
          for (const [k, v] of Object.entries(headers())) res.headers.set(k, v);
          return res;
        }
        u.minute.push(now);
        u.day++;
        app.push(now);
        const remaining = headers();
        u.inFlight++;
        try {
          await next();
        } finally {
          u.inFlight--;
        }
        for (const [k, v] of Object.entries(remaining)) c.header(k, v);
      };
    },
  };
}
