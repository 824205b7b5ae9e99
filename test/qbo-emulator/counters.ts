// Request counters: every request except /_control/* counts once under "METHOD /path" (realm id →
// {realmId}, numeric entity ids → {id}, no query), overall and per realm. For API calls the
// `minorversion` sent is recorded too ("none" when absent), so a test can assert the product sends
// ≥ 75 on every call; values below 75 are counted as sent but the API behaves as 75.

import type { MiddlewareHandler } from "hono";

/** What GET /_control/counters answers. */
export interface QboCounterSnapshot {
  total: Record<string, number>;
  byRealm: Record<string, Record<string, number>>;
  /** request key → minorversion value sent → count. */
  minorVersions: Record<string, Record<string, number>>;
}

/** Counts requests. */
export interface QboCounters {
  middleware(): MiddlewareHandler;
  snapshot(): QboCounterSnapshot;
  reset(): void;
}

/** "GET /v3/company/{realmId}/invoice/{id}" for GET /v3/company/9130…/invoice/42?minorversion=75. */
export function qboRequestKey(method: string, path: string): string {
  const m = /^\/v3\/company\/([^/]+)(\/.*)?$/i.exec(path);
  if (!m) return `${method.toUpperCase()} ${path}`;
  const realm = m[1] ?? "";
  const rest = (m[2] ?? "")
    .split("/")
    .map((seg) => (seg === realm ? "{realmId}" : /^\d+$/.test(seg) ? "{id}" : seg));
  return `${method.toUpperCase()} /v3/company/{realmId}${rest.join("/")}`;
}

/** Creates the counters for one emulator. */
export function createQboCounters(): QboCounters {
  const total = new Map<string, number>();
  const byRealm = new Map<string, Map<string, number>>();
  const minor = new Map<string, Map<string, number>>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const sub = (m: Map<string, Map<string, number>>, k: string) => {
    const x = m.get(k) ?? new Map<string, number>();
    m.set(k, x);
    return x;
  };
  return {
    middleware() {
      return async (c, next) => {
        const path = c.req.path;
        if (!path.startsWith("/_control")) {
          const key = qboRequestKey(c.req.method, path);
          bump(total, key);
          const realm = /^\/v3\/company\/([^/]+)/i.exec(path)?.[1];
          if (realm) {
            bump(sub(byRealm, realm), key);
            bump(sub(minor, key), c.req.query("minorversion") ?? "none");
          }
        }
        await next();
      };
    },
    snapshot() {
      const nest = (m: Map<string, Map<string, number>>) =>
        Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));
      return { total: Object.fromEntries(total), byRealm: nest(byRealm), minorVersions: nest(minor) };
    },
    reset() {
      total.clear();
      byRealm.clear();
      minor.clear();
    },
  };
}
