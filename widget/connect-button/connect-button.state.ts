import type { ConnectionStatus, ConnectResultMessage } from "../../shared/connection.ts";
import { PROVIDERS, type ProviderId, type ProviderInfo } from "../../shared/providers.ts";
import type { ApiError } from "../base/api-client.ts";
import { nameOr, offeredBy, parseProvidersAttr, tenantProvider } from "../base/provider.ts";
import type { Note } from "./card.ts";
import type { Phase, Problem, ViewState } from "./connect-button.view.ts";
import type { ConnectorViewState } from "./connector.view.ts";

// Pure: <agg-connect-button>'s state and its transitions. No DOM, no fetch: the element runs the
// I/O (status, popup, connector key) and moves its state through these functions.

/** What the element shows from (focus bookkeeping aside). */
export interface ButtonState {
  phase: Phase;
  /** The system being connected (popup open or blocked, or its connector key on show). */
  chosen: ProviderId | null;
  note: Note | null;
  problem: Problem | null;
  /** The worker refused this token admin actions: the card turns read-only. */
  forbidden: boolean;
}

/** The state of a new element: loading its status. */
export const INITIAL: ButtonState = {
  phase: "loading",
  chosen: null,
  note: null,
  problem: null,
  forbidden: false,
};

/** Phases a status refresh must not end (the user is in the middle of something). */
const BUSY: readonly Phase[] = [
  "choose",
  "connecting",
  "confirm",
  "disconnecting",
  "blocked",
  "key",
  "rotate",
];
/** Phases a new token (the host answering agg-token-expired) must not reset. */
const MID_ACTION: readonly Phase[] = ["connecting", "confirm", "disconnecting", "key", "rotate"];

/** Whether a status refresh must leave the phase alone. */
export function isBusy(phase: Phase): boolean {
  return BUSY.includes(phase);
}

/** Whether a new token or API base must not restart the element (an action is under way). */
export function isMidAction(phase: Phase): boolean {
  return MID_ACTION.includes(phase);
}

/** What Connect Accounts offers: the worker's systems, limited by the `providers` attribute. */
export function offeredSystems(connection: ConnectionStatus | null, attr: string | null): ProviderInfo[] {
  const limit = parseProvidersAttr(attr);
  return offeredBy(connection)
    .filter((id) => !limit || limit.includes(id))
    .map((id) => PROVIDERS[id]);
}

/** What the `state` attribute says besides the phase. */
export interface AttrFacts {
  token: boolean;
  readOnly: boolean;
  connection: ConnectionStatus | null;
  /** A connector key is on show (else it is still being created). */
  keyIssued: boolean;
}

/** The visible state, reflected as the `state` attribute. */
export function stateAttr(phase: Phase, f: AttrFacts): string {
  if (!f.token) return "no-token";
  if (f.readOnly) return f.connection && f.connection.status !== "not_connected" ? "read-only" : "hidden";
  const byPhase: Record<Phase, string> = {
    loading: "loading",
    idle: f.connection?.status.replace("_", "-") ?? "loading",
    choose: "choose-provider",
    connecting: "connecting",
    key: f.keyIssued ? "waiting-for-connector" : "issuing-key",
    rotate: "confirm-new-key",
    confirm: "confirm-disconnect",
    disconnecting: "disconnecting",
    blocked: "popup-blocked",
    error: "error",
  };
  return byPhase[phase];
}

/**
 * A failed call: a refusal (403) turns the card read-only with a note saying why; anything else
 * is the error phase with `title` and Retry.
 */
export function failed(
  s: ButtonState,
  e: ApiError,
  title: string,
  retry: () => void,
  provider: ProviderInfo | null,
): ButtonState {
  if (e.status === 403 || e.code === "forbidden")
    return {
      ...s,
      forbidden: true,
      phase: "idle",
      note: {
        tone: "info",
        text: `Only an AGG SMART admin can connect or disconnect ${nameOr(provider, "accounts")}.`,
      },
    };
  return { ...s, problem: { title, message: e.message, retry }, phase: "error" };
}

/** The note after the consent popup answered: none on success, else the system's reason. */
export function resultNote(m: ConnectResultMessage, chosen: ProviderId | null): Note | null {
  if (m.ok) return null;
  const name = nameOr(chosen ? PROVIDERS[chosen] : null, "The accounting system");
  return { tone: "error", text: m.error?.message ?? `${name} didn't connect. Please try again.` };
}

/** What the view needs besides the state: the connection, the attribute, focus, the key on show. */
export interface ViewFacts {
  connection: ConnectionStatus | null;
  providersAttr: string | null;
  /** Leaving a confirmation: focus goes back to the button that opened it. */
  from: "confirm" | "rotate" | null;
  key: Pick<ConnectorViewState, "issued" | "keyHidden" | "copied">;
}

/** Everything the views draw from, derived from the state. */
export function viewState(s: ButtonState, f: ViewFacts): ViewState {
  const { connection } = f;
  const provider = tenantProvider(connection);
  // The connector in play: the one whose key is being issued, else the tenant's own.
  const c = s.phase === "key" && s.chosen ? PROVIDERS[s.chosen] : provider;
  return {
    phase: s.phase,
    connection,
    problem: s.problem,
    provider,
    offered: offeredSystems(connection, f.providersAttr),
    chosen: s.chosen ? PROVIDERS[s.chosen] : null,
    fromConfirm: f.from === "confirm",
    note: s.note,
    forbidden: s.forbidden,
    connector: c?.connector
      ? { provider: c, words: c.connector, connection, ...f.key, fromRotate: f.from === "rotate" }
      : null,
  };
}
