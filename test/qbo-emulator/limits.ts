// Intuit's throttles on the emulator clock: 500 requests per minute per company, 10 per second per
// company and app, 10 concurrent per company and app; a breach is a 429 ThrottleExceeded (3001)
// without Retry-After (clients wait 60 s). Reads and queries are metered ("CorePlus"; writes are
// "Core", unmetered): with a monthly cap set (the free Builder tier's 500,000), reads past it are
// refused as the app having gone "Offline".
// @see https://developer.intuit.com/app/developer/qbo/docs/learn/rest-api-features#limits-and-throttles

import type { MiddlewareHandler } from "hono";
import type { ApiVariables } from "./api/auth.ts";
import { authorizationFailed, throttled } from "./api/errors.ts";
import type { Clock } from "./state.ts";

/** Configurable ceilings. */
export interface QboLimitConfig {
  perMinutePerRealm: number;
  perSecondPerRealmApp: number;
  concurrentPerRealmApp: number;
  /** Metered (CorePlus) calls per app per calendar month (UTC); null = no cap. Builder tier: 500,000. */
  meteredMonthlyCap: number | null;
}

/** Intuit's published limits; no metered cap unless asked for. */
export const DEFAULT_QBO_LIMITS: QboLimitConfig = {
  perMinutePerRealm: 500,
  perSecondPerRealmApp: 10,
  concurrentPerRealmApp: 10,
  meteredMonthlyCap: null,
};

/** The free Builder tier's monthly CorePlus allowance. */
export const BUILDER_TIER_CAP = 500_000;

/** True for a metered read: any GET, and POST /query. */
export function isMeteredRead(method: string, path: string): boolean {
  return method === "GET" || (method === "POST" && /\/query$/i.test(path));
}

/** Usage plus the enforcing middleware. */
export interface QboLimiter {
  config: QboLimitConfig;
  middleware(): MiddlewareHandler<{ Variables: ApiVariables }>;
  /** Metered calls this month, by client id. */
  metered(clientId: string): number;
  usage(realmId: string, clientId: string): { minute: number; second: number; inFlight: number };
  reset(): void;
}

const monthKey = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** Creates a limiter reading time from `clock`. */
export function createQboLimiter(clock: Clock, initial: Partial<QboLimitConfig> = {}): QboLimiter {
  const config: QboLimitConfig = { ...DEFAULT_QBO_LIMITS, ...initial };
  const minute = new Map<string, number[]>();
  const second = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  const metered = new Map<string, number>();
  const recent = (m: Map<string, number[]>, k: string, window: number, now: number) => {
    const ts = (m.get(k) ?? []).filter((t) => t > now - window && t <= now);
    m.set(k, ts);
    return ts;
  };
  return {
    config,
    metered: (clientId) => metered.get(`${clientId} ${monthKey(clock.now())}`) ?? 0,
    usage(realmId, clientId) {
      const now = clock.now();
      const ra = `${realmId} ${clientId}`;
      return {
        minute: recent(minute, realmId, 60_000, now).length,
        second: recent(second, ra, 1000, now).length,
        inFlight: inFlight.get(ra) ?? 0,
      };
    },
    reset() {
      minute.clear();
      second.clear();
      inFlight.clear();
      metered.clear();
    },
    middleware() {
      return async (c, next) => {
        const now = clock.now();
        const realmId = c.get("company").realmId;
        const clientId = c.get("grant").clientId;
        const ra = `${realmId} ${clientId}`;
        const perMin = recent(minute, realmId, 60_000, now);
        const perSec = recent(second, ra, 1000, now);
        const running = inFlight.get(ra) ?? 0;
        if (perMin.length >= config.perMinutePerRealm) return throttled(c, now);
        if (perSec.length >= config.perSecondPerRealmApp) return throttled(c, now);
        if (running >= config.concurrentPerRealmApp) return throttled(c, now);
        const read = isMeteredRead(c.req.method, c.req.path);
        const mk = `${clientId} ${monthKey(now)}`;
        if (read && config.meteredMonthlyCap !== null && (metered.get(mk) ?? 0) >= config.meteredMonthlyCap) {
          // UNVERIFIED shape: Intuit documents the app being shown "Offline" once the Builder tier's
          // CorePlus allowance is used up, not the wire answer; modelled as a 403 with code 3100.
          return authorizationFailed(
            c,
            now,
            "App is Offline: the monthly CorePlus (metered read) allowance for this app's tier is used up",
          );
        }
        perMin.push(now);
        perSec.push(now);
        if (read) metered.set(mk, (metered.get(mk) ?? 0) + 1);
        inFlight.set(ra, running + 1);
        try {
          await next();
        } finally {
          inFlight.set(ra, (inFlight.get(ra) ?? 1) - 1);
        }
      };
    },
  };
}
