// The Xero emulator's whole state, in memory. One EmulatorState per emulator instance, so tests
// can run many side by side. Only Web APIs here: the emulator runs in Node (npm start, Node
// tests) and inside workerd (worker tests call it in-process through a stubbed fetch).

import type { OrgData } from "./accounting/model.ts";
import { createIdentityState, DEMO_CLIENT, type IdentityState, type OAuthClient } from "./identity/model.ts";

/** The emulator's clock; every time-dependent rule (expiry, grace, If-Modified-Since, limits) reads it. */
export interface Clock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** A change Xero would announce by webhook (and that tests can watch). */
export interface ChangeEvent {
  tenantId: string;
  category: "INVOICE" | "CONTACT" | "CREDITNOTE" | "PREPAYMENT" | "OVERPAYMENT";
  type: "CREATE" | "UPDATE";
  resourceId: string;
  /** CREDITNOTE events carry the credit note's Type and Status (Xero's `data` block). */
  data?: { Type: string; Status: string };
  at: number;
}

/** One fault rule: matches requests by method and path prefix, fires `remaining` times. */
export interface FaultRule {
  id: string;
  method?: string;
  pathPrefix: string;
  kind: "status" | "rate_limit" | "slow" | "malformed" | "drop_response";
  status?: number;
  delayMs?: number;
  /** rate_limit only: Retry-After seconds (default 60) and X-Rate-Limit-Problem (default "minute"). */
  retryAfter?: number;
  problem?: string;
  remaining: number;
}

export interface EmulatorState {
  clock: Clock;
  /** Organisations by Xero tenantId. */
  orgs: Map<string, OrgData>;
  identity: IdentityState;
  faults: FaultRule[];
  /** Requests seen, keyed "METHOD /path" (path without query), e.g. "GET /api.xro/2.0/Contacts". */
  counters: Map<string, number>;
  /** Everything that changed, in order; webhooks are delivered from here. */
  changes: ChangeEvent[];
  listeners: Array<(e: ChangeEvent) => void>;
  /** Answers kept for Idempotency-Key replays, by app (OAuth client) and key; see accounting/idempotency.ts. */
  idempotency: Map<string, IdempotencyEntry>;
}

/** A stored answer to a PUT/POST sent with an Idempotency-Key. */
export interface IdempotencyEntry {
  /** Organisation, method, path and body of the first request, to spot a key reused for another request. */
  fingerprint: string;
  status: number;
  body: string;
  contentType: string;
  /** When the answer was stored (emulator clock): it is forgotten IDEMPOTENCY_WINDOW_MS later. */
  at: number;
}

/** A clock that starts at `start` (default: real now) and only moves when told. */
export function manualClock(start: number = Date.now()): Clock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

/**
 * A clock that follows real time, shifted by whatever `advance`/`set` asked for: what a running
 * emulator (npm start, the browser tests, benchmarks) needs, like Xero itself. Tests that want
 * time to stand still use manualClock().
 */
export function realClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
    set: (ms) => {
      offset = ms - Date.now();
    },
  };
}

/** Records a change and tells listeners (the webhook sender among them). */
export function recordChange(state: EmulatorState, e: Omit<ChangeEvent, "at">): void {
  const event = { ...e, at: state.clock.now() };
  state.changes.push(event);
  for (const l of state.listeners) l(event);
}

/** An empty state: no organisations, no grants; only the registered apps (default: the demo client). */
export function createState(
  clock: Clock = manualClock(),
  clients: OAuthClient[] = [DEMO_CLIENT],
): EmulatorState {
  return {
    clock,
    orgs: new Map(),
    identity: createIdentityState(clients),
    faults: [],
    counters: new Map(),
    changes: [],
    listeners: [],
    idempotency: new Map(),
  };
}
