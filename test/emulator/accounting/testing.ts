// Test harness for the Accounting routes alone: fresh state, the routes mounted at /api.xro/2.0 behind
// a stand-in for the emulator's auth middleware (it only resolves the organisation from xero-tenant-id,
// and the calling app from an `x-harness-app` header when a test sends one).

import { Hono } from "hono";
import { seed } from "../seed/index.ts";
import { createState, type EmulatorState, manualClock } from "../state.ts";
import type { AccountingEnv } from "./env.ts";
import { accountingRoutes } from "./routes.ts";

/** A fixed instant tests start from: Wed 25 Nov 2026 10:00 UTC. */
export const TEST_NOW = Date.UTC(2026, 10, 25, 10, 0, 0);

/** A harness: state, and a fetch for Accounting paths ("/Contacts?page=1") against one tenant. */
export interface AccountingHarness {
  state: EmulatorState;
  fetch(path: string, init?: RequestInit & { tenantId?: string }): Promise<Response>;
  /** fetch + JSON body (throws when the body is not JSON). */
  json<T = Record<string, unknown>>(
    path: string,
    init?: RequestInit & { tenantId?: string },
  ): Promise<{ status: number; body: T }>;
}

/** Builds a harness with the demo seed (or an empty state) and a default tenant. */
export function accountingHarness(
  opts: { seed?: "demo" | "none"; tenantId?: string; now?: number } = {},
): AccountingHarness {
  const state = createState(manualClock(opts.now ?? TEST_NOW));
  if ((opts.seed ?? "demo") === "demo") seed(state, "demo");
  const app = new Hono<AccountingEnv>();
  app.use("/api.xro/2.0/*", async (c, next) => {
    const org = state.orgs.get(c.req.header("xero-tenant-id") ?? "");
    if (!org) return c.json({ Title: "Forbidden", Status: 403, Detail: "AuthenticationUnsuccessful" }, 403);
    c.set("org", org);
    // Which app (OAuth client) is calling; the real emulator takes it from the access token.
    const app = c.req.header("x-harness-app");
    if (app) c.set("auth", { clientId: app });
    await next();
  });
  app.route("/api.xro/2.0", accountingRoutes(state));
  const defaultTenant = opts.tenantId ?? [...state.orgs.keys()][0] ?? "";
  const doFetch = async (path: string, init: RequestInit & { tenantId?: string } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set("xero-tenant-id", init.tenantId ?? defaultTenant);
    headers.set("Accept", "application/json");
    return app.fetch(new Request(`https://api.xero.com/api.xro/2.0${path}`, { ...init, headers }));
  };
  return {
    state,
    fetch: doFetch,
    json: async (path, init) => {
      const res = await doFetch(path, init);
      return { status: res.status, body: await res.json() };
    },
  };
}
