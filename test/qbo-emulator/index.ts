// createQboEmulator(): the whole QuickBooks Online emulator as one Hono app over in-memory state,
// plus an in-process `fetch` (drop-in for the global fetch) and helpers for tests. Web APIs only:
// it runs in Node and inside workerd. Paths as Intuit's hosts serve them (any host is accepted):
//   /connect/oauth2 (appcenter), /oauth2/v1/tokens/bearer (oauth.platform), /v2/oauth2/tokens/revoke
//   (developer.api), /v3/company/{realmId}/… (quickbooks.api), /_control/… (tests only).
// @see ../../../shared/QBO-FACTS.md, ../../../shared/ARCHITECTURE.md §4

import { Hono } from "hono";
import { type ApiVariables, apiAuth } from "./api/auth.ts";
import { negotiate } from "./api/negotiate.ts";
import { requestIdReplay } from "./api/requestid.ts";
import { apiRoutes } from "./api/routes.ts";
import { qboControlRoutes } from "./control.ts";
import { createQboCounters } from "./counters.ts";
import { DROP_HEADER, qboFaultMiddleware } from "./faults.ts";
import { createQboLimiter, DEFAULT_QBO_LIMITS, type QboLimitConfig, type QboLimiter } from "./limits.ts";
import { clearIdentity, DEMO_QBO_CLIENT, type QboClient } from "./oauth/model.ts";
import { oauthRoutes } from "./oauth/routes.ts";
import { type QboSeed, seedQbo } from "./seed/index.ts";
import { type Clock, createQboState, manualClock, type QboState } from "./state.ts";
import {
  createQboWebhookSender,
  DEFAULT_VERIFIER,
  type QboWebhookOptions,
  type QboWebhookSender,
} from "./webhooks.ts";

/** Options for createQboEmulator (all optional). */
export interface QboEmulatorOptions {
  /** Default: manualClock() starting at the real now. */
  clock?: Clock;
  /** Registered apps. Default: demo-qbo-client-id / demo-qbo-client-secret. */
  clients?: QboClient[];
  /** Webhook target and format. Default verifier DEFAULT_VERIFIER, CloudEvents, no url (nothing sent). */
  webhook?: Partial<QboWebhookOptions>;
  limits?: Partial<QboLimitConfig>;
  /** Default "none". */
  seed?: QboSeed;
  /** Public base URL (informational; redirects go to the app's redirect_uri). Default http://localhost:8790. */
  origin?: string;
}

/** A running emulator. */
export interface QboEmulator {
  state: QboState;
  app: Hono;
  clock: Clock;
  origin: string;
  limiter: QboLimiter;
  webhooks: QboWebhookSender;
  /** Drop-in for the global fetch (any host; routed by path). Throws TypeError when a drop_response fault fires. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  flushWebhooks(): Promise<void>;
  /** Back to the state at creation (re-seeds); the clock is not moved. */
  reset(): void;
  /** Counters snapshot (same as GET /_control/counters without `metered`). */
  counters(): ReturnType<ReturnType<typeof createQboCounters>["snapshot"]>;
}

/** Builds a QuickBooks Online emulator. */
export function createQboEmulator(opts: QboEmulatorOptions = {}): QboEmulator {
  const clock = opts.clock ?? manualClock();
  const origin = (opts.origin ?? "http://localhost:8790").replace(/\/$/, "");
  const state = createQboState(clock, opts.clients ?? [DEMO_QBO_CLIENT]);
  const limiter = createQboLimiter(clock, opts.limits);
  const counters = createQboCounters();
  const webhooks = createQboWebhookSender({ verifier: DEFAULT_VERIFIER, ...opts.webhook });
  const initialHooks = { ...webhooks.config };
  state.listeners.push((e) => webhooks.onChange(e));
  const seed = opts.seed ?? "none";

  const reset = () => {
    state.companies.clear();
    clearIdentity(state.identity);
    state.faults.length = 0;
    state.changes.length = 0;
    state.requestIds.clear();
    counters.reset();
    limiter.reset();
    Object.assign(limiter.config, DEFAULT_QBO_LIMITS, opts.limits);
    webhooks.reset();
    Object.assign(webhooks.config, initialHooks);
    seedQbo(state, seed);
  };

  const api = new Hono<{ Variables: ApiVariables }>();
  api.use("*", negotiate(clock));
  api.use("*", apiAuth(state));
  api.use("*", limiter.middleware());
  api.use("*", qboFaultMiddleware(state));
  api.use("*", requestIdReplay(state));
  api.route("/", apiRoutes(state));

  const isApi = (p: string) => /^\/v3\/company\//i.test(p);
  const app = new Hono();
  app.use("*", counters.middleware());
  // Faults for OAuth paths here; API faults run after auth and limits (above), as at Intuit.
  app.use(
    "*",
    qboFaultMiddleware(state, (p) => !isApi(p) && !p.startsWith("/_control")),
  );
  app.route("/", qboControlRoutes({ state, limiter, counters, webhooks, reset }));
  app.route("/", oauthRoutes(state));
  app.route("/v3/company/:realmId", api);

  seedQbo(state, seed);

  const emulatorFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request && init === undefined ? input : new Request(input, init);
    const res = await app.fetch(req);
    if (res.headers.has(DROP_HEADER)) {
      await res.body?.cancel();
      throw new TypeError("Network connection lost.");
    }
    return res;
  };

  return {
    state,
    app,
    clock,
    origin,
    limiter,
    webhooks,
    fetch: emulatorFetch,
    flushWebhooks: () => webhooks.flush(),
    reset,
    counters: () => counters.snapshot(),
  };
}

/** Alias matching the Xero emulator's entry point name. */
export const createEmulator = createQboEmulator;

export { DEMO_QBO_CLIENT } from "./oauth/model.ts";
export * from "./seed/index.ts";
export { DEFAULT_VERIFIER, sign, webhookPayload } from "./webhooks.ts";
