// The QuickBooks Online emulator's whole state, in memory; one per emulator instance. Web APIs only
// (runs in Node and inside workerd). The clock is the Xero emulator's (same interface).

import type { Clock } from "../emulator/state.ts";
import { manualClock } from "../emulator/state.ts";
import type { Company } from "./model.ts";
import { createIdentity, type IdentityState, type QboClient } from "./oauth/model.ts";

export type { Clock } from "../emulator/state.ts";
export { manualClock, realClock } from "../emulator/state.ts";

/** A change Intuit would announce by webhook. */
export interface ChangeEvent {
  realmId: string;
  entity: "Customer" | "Invoice" | "Payment";
  operation: "Create" | "Update" | "Delete" | "Void" | "Merge";
  id: string;
  /** Merge only: the customer merged away (now inactive). */
  deletedId?: string;
  at: number;
}

/** One fault rule: matches by method and path prefix, fires `remaining` times. */
export interface FaultRule {
  id: string;
  method?: string;
  pathPrefix: string;
  queryIncludes?: string;
  kind: "status" | "rate_limit" | "slow" | "malformed" | "drop_response";
  status?: number;
  delayMs?: number;
  remaining: number;
}

/** A stored answer to a write sent with `?requestid=`. */
export interface RequestIdEntry {
  status: number;
  body: string;
  at: number;
}

export interface QboState {
  clock: Clock;
  /** Companies by realmId. */
  companies: Map<string, Company>;
  identity: IdentityState;
  faults: FaultRule[];
  /** Every change, in order; webhooks are delivered from here. */
  changes: ChangeEvent[];
  listeners: Array<(e: ChangeEvent) => void>;
  /** Replies kept for `requestid` replay, keyed "realmId requestid" (unique per company). */
  requestIds: Map<string, RequestIdEntry>;
}

/** An empty state: no companies, no grants, only the registered apps. */
export function createQboState(clock: Clock = manualClock(), clients: QboClient[] = []): QboState {
  return {
    clock,
    companies: new Map(),
    identity: createIdentity(clients),
    faults: [],
    changes: [],
    listeners: [],
    requestIds: new Map(),
  };
}

/** Records a change and tells listeners (the webhook sender among them). */
export function recordChange(state: QboState, e: Omit<ChangeEvent, "at">): void {
  const event = { ...e, at: state.clock.now() };
  state.changes.push(event);
  for (const l of state.listeners) l(event);
}
