// Request counters: every request except /_control/* counts once under "METHOD /path" (GUIDs
// in the path replaced by {id}, no query), overall (state.counters) and per xero-tenant-id.

import type { MiddlewareHandler } from "hono";
import type { EmulatorState } from "./state.ts";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** "GET /api.xro/2.0/Contacts/{id}" for GET /api.xro/2.0/Contacts/<guid>?page=2. */
export function requestKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(GUID, "{id}")}`;
}

/** What GET /_control/counters answers. */
export interface CounterSnapshot {
  total: Record<string, number>;
  byTenant: Record<string, Record<string, number>>;
}

/** Counts requests; `snapshot()` for the control API, `reset()` to start again. */
export interface Counters {
  middleware(): MiddlewareHandler;
  snapshot(): CounterSnapshot;
  reset(): void;
}

/** Creates the counters for one emulator (totals live in state.counters). */
export function createCounters(state: EmulatorState): Counters {
  const byTenant = new Map<string, Map<string, number>>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  return {
    middleware() {
      return async (c, next) => {
        if (!c.req.path.startsWith("/_control")) {
          const key = requestKey(c.req.method, c.req.path);
          bump(state.counters, key);
          const tenant = c.req.header("xero-tenant-id")?.trim().toLowerCase();
          if (tenant) {
            const m = byTenant.get(tenant) ?? new Map<string, number>();
            byTenant.set(tenant, m);
            bump(m, key);
          }
        }
        await next();
      };
    },
    snapshot() {
      const tenants: Record<string, Record<string, number>> = {};
      for (const [t, m] of byTenant) tenants[t] = Object.fromEntries(m);
      return { total: Object.fromEntries(state.counters), byTenant: tenants };
    },
    reset() {
      state.counters.clear();
      byTenant.clear();
    },
  };
}
