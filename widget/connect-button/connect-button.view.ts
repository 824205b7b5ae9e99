import { html, nothing, type TemplateResult } from "lit";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { ProviderId, ProviderInfo } from "../../shared/providers.ts";
import { nameOr } from "../base/provider.ts";
import { button, type CardView, loadingView, type Note } from "./card.ts";
import {
  type ConnectorActions,
  type ConnectorViewState,
  connectorStatusView,
  keyView,
} from "./connector.view.ts";

// What <agg-connect-button> shows in each phase: data in, CardView out; clicks go to `Actions`.

/** Where the element is in its flow. */
export type Phase =
  | "loading"
  | "idle"
  | "choose"
  | "connecting"
  | "confirm"
  | "disconnecting"
  | "blocked"
  | "error"
  /** A connector system: creating or showing its key, waiting for the first report. */
  | "key"
  /** A connector system: confirming a new key (the old one stops). */
  | "rotate";

/** A failure with its heading and what Retry does. */
export interface Problem {
  title: string;
  message: string;
  retry: () => void;
}

/** Everything a view needs to know. */
export interface ViewState {
  phase: Phase;
  connection: ConnectionStatus | null;
  problem: Problem | null;
  /** The tenant's system (connected, or the only one offered); null while unknown. */
  provider: ProviderInfo | null;
  /** The systems Connect Accounts offers (worker's list ∩ the `providers` attribute). */
  offered: readonly ProviderInfo[];
  /** The system being connected right now (popup open, or blocked). */
  chosen: ProviderInfo | null;
  /** Leaving the confirm panel: focus goes back to its Disconnect button. */
  fromConfirm: boolean;
  note: Note | null;
  forbidden: boolean;
  /** The connector system in play (chosen, or the tenant's), with its key flow; null for OAuth ones. */
  connector: ConnectorViewState | null;
}

/** What the views' buttons do. */
export interface Actions extends ConnectorActions {
  connect(id: ProviderId): void;
  toggleChoice(): void;
  cancelConnect(): void;
  back(): void;
  askDisconnect(): void;
  confirmDisconnect(): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A date-time string as a short local date, or null when unreadable. */
function formatDate(iso: string): string | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : dateFormat.format(d);
}

/** The admin's card for the current phase. */
export function adminView(s: ViewState, a: Actions): CardView {
  const c = s.connection;
  const p = s.problem;
  // While a sign-in is under way the heading names the system being connected.
  const during = s.phase === "connecting" || s.phase === "blocked";
  const title = (during ? (s.chosen ?? s.provider) : (s.provider ?? s.chosen))?.name;
  const chosen = nameOr(s.chosen, "your accounting system");
  switch (s.phase) {
    case "connecting":
      return {
        title,
        tone: "busy",
        glyph: "spinner",
        line: "Connecting…",
        detail: `Finish signing in to ${chosen} in the pop-up window.`,
        actions: button("link", "Cancel", a.cancelConnect, true),
      };
    case "disconnecting":
      return {
        title,
        tone: "busy",
        glyph: "spinner",
        line: "Disconnecting…",
        detail: `Removing the connection and revoking AGG SMART's access in ${nameOr(s.provider, "your accounting system")}.`,
        focusStatus: true,
      };
    case "blocked": {
      const again = s.chosen?.id;
      return {
        title,
        tone: "danger",
        glyph: "error",
        line: "Pop-up blocked",
        detail: `Your browser blocked the ${chosen} sign-in window. Allow pop-ups for this site, then try again.`,
        actions: html`${button("link", "Cancel", a.back)}${again ? button("primary", "Try again", () => a.connect(again), true) : nothing}`,
      };
    }
    case "error":
      return {
        title,
        tone: "danger",
        glyph: "error",
        line: p?.title ?? "Something went wrong",
        detail: p?.message ?? null,
        actions: html`${c ? button("link", "Dismiss", a.back) : nothing}${button("primary", "Retry", () => p?.retry(), true)}`,
      };
    case "key":
      if (s.connector) return keyView(s.connector, a);
  }
  if (s.phase === "loading" || !c) return loadingView;
  if (c.status === "not_connected") return notConnectedView(s, a);
  const confirm = s.phase === "confirm" ? confirmPanel(c.organisation.name, a) : nothing;
  if (s.connector) {
    const panel = confirm === nothing ? null : confirm;
    const base = { title, askDisconnect: a.askDisconnect, fromConfirm: s.fromConfirm, panel };
    const v = connectorStatusView(s.connector, a, base, s.phase === "rotate");
    if (v) return v;
  }
  if (c.status === "needs_reconnect") {
    const since = formatDate(c.since);
    return {
      title,
      tone: "warning",
      glyph: "warning",
      line: html`Needs reconnecting <span class="reason">— ${c.reason}</span>`,
      detail: html`Organisation “${c.organisation.name}”${since ? html` · since <time datetime=${c.since}>${since}</time>` : nothing}.
        Reconnect to resume syncing.`,
      actions:
        confirm === nothing
          ? html`${button("secondary", "Disconnect", a.askDisconnect, s.fromConfirm)}${button("primary", "Reconnect", () => a.connect(c.provider), !s.fromConfirm)}`
          : nothing,
      extra: confirm,
    };
  }
  const since = formatDate(c.connectedAt);
  return {
    title,
    tone: "success",
    glyph: "check",
    line: html`Connected to “${c.organisation.name}”${since ? html` <span class="since">since <time datetime=${c.connectedAt}>${since}</time></span>` : nothing}`,
    detail: c.organisation.currency ? `Base currency ${c.organisation.currency}` : null,
    actions: confirm === nothing ? button("secondary", "Disconnect", a.askDisconnect, true) : nothing,
    extra: confirm,
  };
}

/** Not connected: Connect Accounts, straight to the one system on offer, or a choice of several. */
function notConnectedView(s: ViewState, a: Actions): CardView {
  const only = s.offered.length === 1 ? s.offered[0] : undefined;
  const base = { tone: "neutral", glyph: "link", line: "Not connected" } as const;
  if (!s.offered.length)
    return {
      ...base,
      detail: "No accounting system is set up for this page yet. Ask AGG SMART support to set one up.",
    };
  if (only)
    return {
      ...base,
      title: only.name,
      detail: `Connect ${only.name} to show customer credit and sync invoice payments.`,
      actions: button("primary", "Connect Accounts", () => a.connect(only.id), true),
    };
  const open = s.phase === "choose";
  return {
    ...base,
    detail: `Connect your accounting system (${s.offered.map((p) => p.name).join(", ")}) to show customer credit and sync invoice payments.`,
    actions: html`<button type="button" part="button button-primary" class="btn btn-primary" id="choose"
      aria-haspopup="menu" aria-expanded=${open ? "true" : "false"} aria-controls="providers"
      ?data-focus=${!open} @click=${a.toggleChoice}>Connect Accounts</button>`,
    extra: open ? providerMenu(s.offered, a) : nothing,
  };
}

/** The choice of systems: a menu of real buttons (arrow keys, Home/End, Escape back to the trigger). */
function providerMenu(offered: readonly ProviderInfo[], a: Actions): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    const items = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>("[role=menuitem]")];
    const at = items.indexOf(e.target as HTMLElement);
    const to: Record<string, number> = {
      ArrowDown: (at + 1) % items.length,
      ArrowUp: (at - 1 + items.length) % items.length,
      Home: 0,
      End: items.length - 1,
    };
    if (e.key === "Escape") {
      e.preventDefault();
      a.toggleChoice();
      return;
    }
    const next = to[e.key];
    if (next === undefined) return;
    e.preventDefault();
    items[next]?.focus();
  };
  return html`<div part="providers" class="providers" id="providers" role="menu"
      aria-label="Choose your accounting system" @keydown=${onKey}>
    ${offered.map(
      (p, i) => html`<button type="button" role="menuitem" part="button provider" class="provider"
        tabindex=${i === 0 ? "0" : "-1"} ?data-focus=${i === 0} data-provider=${p.id}
        @click=${() => a.connect(p.id)}><span class="provider-name">${p.name}</span>
        <span class="provider-how" aria-hidden="true">${p.auth === "oauth" ? `Sign in to ${p.name}` : "Install the connector"}</span></button>`,
    )}
  </div>`;
}

function confirmPanel(org: string, a: Actions): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") a.back();
  };
  return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-text" @keydown=${onKey}>
    <p id="confirm-text">Disconnect from “${org}”? Credit checks and payment sync stop until you connect again.</p>
    <div class="confirm-actions">
      ${button("secondary", "Cancel", a.back, true)}
      ${button("danger", "Disconnect", a.confirmDisconnect)}
    </div>
  </div>`;
}

/** Staff (or a refused admin): a status line without controls, or nothing when there is nothing to say. */
export function readOnlyView(s: ViewState): CardView | null {
  const c = s.connection;
  const refused = s.forbidden ? s.note : null;
  if (!c || c.status === "not_connected")
    return refused ? { tone: "neutral", glyph: "lock", line: refused.text, note: null, compact: true } : null;
  const name = nameOr(s.provider, "Accounts");
  const base = { note: refused, compact: true };
  if (c.status === "connected")
    return {
      ...base,
      tone: "success",
      glyph: "check",
      line: `${name}: connected to “${c.organisation.name}”`,
    };
  if (s.provider?.connector)
    return {
      ...base,
      tone: "warning",
      glyph: "warning",
      line: html`${name}: the connector has not reported since <time datetime=${c.since}>${formatDate(c.since) ?? c.since}</time>`,
      detail: `Ask an AGG SMART admin to check the connector on ${s.provider.connector.pc}.`,
    };
  return {
    ...base,
    tone: "warning",
    glyph: "warning",
    line: html`${name} needs reconnecting <span class="reason">— ${c.reason}</span>`,
    detail: "Ask an AGG SMART admin to reconnect it.",
  };
}
