// createEmulator(): the whole Xero emulator as one Hono app over in-memory state, plus an
// in-process `fetch` (drop-in for the global fetch) and helpers for tests. Web APIs only: it runs
// in Node and inside workerd.

import { Hono } from "hono";
import { accountingRoutes } from "./accounting/routes.ts";
import { type ApiVariables, apiAuth } from "./api-auth.ts";
import { controlRoutes } from "./control.ts";
import { createCounters } from "./counters.ts";
import { DROP_HEADER, faultMiddleware } from "./faults.ts";
import { authorizeRoutes } from "./identity/authorize.ts";
import { connectionRoutes } from "./identity/connections.ts";
import { discoveryRoutes } from "./identity/discovery.ts";
import { type ConnectResult, type ConsentOptions, connectFlow, consentFlow } from "./identity/flows.ts";
import { clearIdentityState, DEMO_CLIENT, type OAuthClient } from "./identity/model.ts";
import { tokenRoutes } from "./identity/token.ts";
import { createLimiter, DEFAULT_LIMITS, type LimitConfig, type Limiter } from "./limits.ts";
import { seed } from "./seed/index.ts";
import { type Clock, createState, type EmulatorState, manualClock } from "./state.ts";
import {
  createWebhookSender,
  DEFAULT_WEBHOOK_KEY,
  type WebhookOptions,
  type WebhookSender,
} from "./webhooks.ts";

/** Options for createEmulator (all optional). */
export interface EmulatorOptions {
  /** Default: manualClock() starting at the real now. */
  clock?: Clock;
  /** Registered apps. Default: demo-client-id / demo-client-secret (localhost:8787 and worker.test callbacks). */
  clients?: { clientId: string; clientSecret: string; redirectUris: string[]; name?: string }[];
  /** Webhook target. Default key "demo-webhook-key-0123456789", no url (nothing sent). */
  webhook?: Partial<WebhookOptions>;
  /** Default 5 / 60 / 5000 (per organisation per UTC day; `perDayByOrg` overrides, e.g. Starter 1,000) / 10000. */
  limits?: Partial<LimitConfig>;
  /** Default "none". */
  seed?: "demo" | "none";
  /** Public base URL used in webhook resourceUrls. Default "http://localhost:8789". */
  origin?: string;
}

/** A running emulator. */
export interface Emulator {
  state: EmulatorState;
  app: Hono;
  clock: Clock;
  origin: string;
  limiter: Limiter;
  webhooks: WebhookSender;
  /** Drop-in for the global fetch (any host; routed by path). Throws TypeError when a drop_response fault fires. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Waits for every queued webhook delivery (retries included). */
  flushWebhooks(): Promise<void>;
  /** Back to the state at creation: data, grants, faults, counters, limits and webhook settings (re-seeds "demo"). The clock is not moved. */
  reset(): void;
  /** Runs the consent page for an authorize URL (as a browser would) and returns the redirect Location. */
  consent(authorizeUrl: string | URL, opts?: ConsentOptions): Promise<string>;
  /** Full code + PKCE flow through HTTP; returns the token response and the connections. */
  connect(
    opts?: ConsentOptions & { scope?: string; clientId?: string; redirectUri?: string },
  ): Promise<ConnectResult>;
}

/** Builds an emulator. @see ../../../shared/ARCHITECTURE.md §4 */
export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const clock = opts.clock ?? manualClock();
  const origin = (opts.origin ?? "http://localhost:8789").replace(/\/$/, "");
  const clients: OAuthClient[] = (opts.clients ?? [DEMO_CLIENT]).map((c) => ({
    name: DEMO_CLIENT.name,
    ...c,
  }));
  const state = createState(clock, clients);
  const limiter = createLimiter(clock, opts.limits);
  const counters = createCounters(state);
  const webhooks = createWebhookSender(origin, { key: DEFAULT_WEBHOOK_KEY, ...opts.webhook });
  const initialWebhookConfig = { ...webhooks.config };
  state.listeners.push((e) => webhooks.onChange(e));

  const reset = () => {
    state.orgs.clear();
    clearIdentityState(state.identity);
    state.faults.length = 0;
    state.changes.length = 0;
    counters.reset();
    limiter.reset();
    Object.assign(limiter.config, DEFAULT_LIMITS, opts.limits, {
      perDayByOrg: { ...opts.limits?.perDayByOrg },
    });
    webhooks.reset();
    Object.assign(webhooks.config, initialWebhookConfig);
    if (opts.seed === "demo") seed(state, "demo");
  };

  const api = new Hono<{ Variables: ApiVariables }>();
  api.use("*", apiAuth(state));
  api.use("*", limiter.middleware());
  api.use("*", faultMiddleware(state));
  api.route("/", accountingRoutes(state));

  const isApi = (path: string) => /^\/api\.xro\//i.test(path);
  const app = new Hono();
  app.use("*", counters.middleware());
  app.use(
    "*",
    faultMiddleware(state, (p) => isApi(p) || p.startsWith("/_control")),
  );
  app.route("/", controlRoutes({ state, limiter, counters, webhooks, reset }));
  app.route("/", authorizeRoutes(state));
  app.route("/", tokenRoutes(state));
  app.route("/", connectionRoutes(state));
  app.route("/", discoveryRoutes());
  app.route("/api.xro/2.0", api);

  if (opts.seed === "demo") seed(state, "demo");

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
    consent: (url, o) => consentFlow(emulatorFetch, url, o),
    connect: (o) => connectFlow(emulatorFetch, origin, clients, o),
  };
}

export type { ConnectResult, ConsentOptions } from "./identity/flows.ts";
export { sign } from "./webhooks.ts";
