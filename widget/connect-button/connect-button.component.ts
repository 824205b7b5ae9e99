// Over ~12 KB on purpose: about 3 KB is the element's public contract (JSDoc attributes, events,
// parts and custom properties), and the rest is one state machine (load, choose, popup session,
// connector key, disconnect) that reads best in one place. What each state shows is in
// connect-button.view.ts and connector.view.ts; the key's poll is in connector-flow.ts.
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { ConnectionStatus, ConnectResultMessage } from "../../shared/connection.ts";
import { PROVIDERS, type ProviderId, type ProviderInfo } from "../../shared/providers.ts";
import { AggElement, states } from "../base/agg-element.ts";
import { ApiError, asApiError } from "../base/api-client.ts";
import { tokenRole } from "../base/jwt-claims.ts";
import { nameOr, offeredBy, parseProvidersAttr, tenantProvider } from "../base/provider.ts";
import { baseStyles } from "../base/styles.ts";
import { disconnect, fetchStatus, startConnect } from "./api.ts";
import { card, type Note, noTokenView } from "./card.ts";
import { styles } from "./connect-button.styles.ts";
import {
  type Actions,
  adminView,
  type Phase,
  type Problem,
  readOnlyView,
  type ViewState,
} from "./connect-button.view.ts";
import { ConnectorFlow } from "./connector-flow.ts";
import { openConnectPopup, popupTarget, watchPopup } from "./popup.ts";

declare global {
  interface GlobalEventHandlersEventMap {
    "agg-connection-change": CustomEvent<ConnectionStatus>;
  }
}

/**
 * `<agg-connect-button>` — the admin's "Connect Accounts" card: shows the tenant's connection and
 * connects (a choice of the accounting systems the worker offers, then the consent popup),
 * reconnects and disconnects it. Every word names the tenant's system. Staff tokens get a read-only line.
 *
 * @attr token - The host-signed embed token (JWT). Changing it re-fetches the status.
 * @attr api - API base URL; defaults to the origin widget.js was loaded from.
 * @attr providers - Limits the systems offered ("xero quickbooks sage50"); one = a direct button.
 * @attr state - Read-only, set by the element: no-token | loading | not-connected | choose-provider | connecting |
 *   connected | needs-reconnect | confirm-disconnect | disconnecting | popup-blocked | error | read-only | hidden;
 *   for a connector system (Sage 50) also issuing-key | waiting-for-connector | confirm-new-key.
 *
 * @event agg-connection-change - The known connection status changed (also on first load); `detail` is a ConnectionStatus.
 * @event agg-token-expired - The embed token expired; set a new `token` attribute.
 *
 * @csspart base - The card.
 * @csspart icon - The round state icon.
 * @csspart title - The heading: the accounting system's name ("Accounts" while not known).
 * @csspart status - The live status text (role="status").
 * @csspart note - A short note under the status (cancelled, disconnected, failure reason).
 * @csspart actions - The button group.
 * @csspart button - Every button; also `button-primary`, `button-secondary`, `button-danger`, `button-link`.
 * @csspart confirm - The disconnect (or new connector key) confirmation panel.
 * @csspart key - The one-time connector key panel with its setup steps.
 * @csspart checks - What to check on the connector's PC when it has stopped reporting.
 * @csspart providers - The menu of accounting systems; each item is `button provider`.
 * @csspart skeleton - Loading placeholders.
 *
 * @cssproperty --agg-font - Font family.
 * @cssproperty --agg-font-size - Base font size (14px).
 * @cssproperty --agg-text - Text colour.
 * @cssproperty --agg-muted - Secondary text colour.
 * @cssproperty --agg-surface - Card background.
 * @cssproperty --agg-subtle - Subtle background (icons, confirm panel, skeleton).
 * @cssproperty --agg-border - Border colour.
 * @cssproperty --agg-primary - Primary button and link colour.
 * @cssproperty --agg-on-primary - Text on the primary colour.
 * @cssproperty --agg-danger - Errors and the Disconnect confirmation.
 * @cssproperty --agg-success - The connected state.
 * @cssproperty --agg-warning - The needs-reconnecting state.
 * @cssproperty --agg-focus - Focus ring colour.
 * @cssproperty --agg-radius - Corner radius (8px).
 * @cssproperty --agg-max-width - The card's maximum width (none: it fills its container).
 */
export class AggConnectButton extends AggElement {
  static override styles = [baseStyles, styles];
  static override properties = {
    ...AggElement.properties,
    providers: { type: String },
    ...states("phase", "chosen", "connection", "note", "problem", "forbidden"),
  };

  declare providers: string | null;
  declare private phase: Phase;
  /** The system being connected (popup open or blocked). */
  declare private chosen: ProviderId | null;
  declare private connection: ConnectionStatus | null;
  declare private note: Note | null;
  declare private problem: Problem | null;
  declare private forbidden: boolean;
  private session: { popup: Window; stop: () => void } | null = null;
  private loadSeq = 0;
  private focusNext = false;
  /** Leaving the confirm panel: focus returns to the Disconnect button that opened it. */
  private fromConfirm = false;
  /** Leaving the new-key confirmation: focus returns to Show a new key. */
  private fromRotate = false;
  private readonly flow = new ConnectorFlow(this, {
    shown: () => {
      this.focusNext = true;
    },
    status: (s) => this.connectorStatus(s),
  });

  constructor() {
    super();
    this.providers = null;
    this.phase = "loading";
    this.chosen = null;
    this.connection = null;
    this.note = null;
    this.problem = null;
    this.forbidden = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (!this.session) return;
    this.endSession();
    this.phase = "idle";
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && !changed.has("token") && !changed.has("api")) return;
    this.forbidden = false;
    // A new token mid-action (the host answering agg-token-expired) must not reset the action.
    if (["connecting", "confirm", "disconnecting", "key", "rotate"].includes(this.phase)) return;
    void this.refresh(this.connection !== null);
  }

  override updated(): void {
    this.setAttribute("state", this.view());
    this.flow.tick(this.connection?.status === "connected" && !!this.provider?.connector);
    if (!this.focusNext) return;
    const target = this.renderRoot.querySelector<HTMLElement>("[data-focus]");
    // While loading there is nothing to focus yet: keep the request for the next state.
    if (!target && this.phase === "loading") return;
    this.focusNext = false;
    this.fromConfirm = false;
    this.fromRotate = false;
    target?.focus();
  }

  private get busy(): boolean {
    return ["choose", "connecting", "confirm", "disconnecting", "blocked", "key", "rotate"].includes(
      this.phase,
    );
  }

  /** The tenant's accounting system, when known. */
  private get provider(): ProviderInfo | null {
    return tenantProvider(this.connection);
  }

  /** What Connect Accounts offers: the worker's systems, limited by the `providers` attribute. */
  private get offered(): ProviderInfo[] {
    const limit = parseProvidersAttr(this.providers);
    return offeredBy(this.connection)
      .filter((id) => !limit || limit.includes(id))
      .map((id) => PROVIDERS[id]);
  }

  private get readOnly(): boolean {
    return this.forbidden || tokenRole(this.token) !== "admin";
  }

  /** The visible state, reflected as the `state` attribute. */
  private view(): string {
    if (!this.token) return "no-token";
    if (this.readOnly)
      return this.connection && this.connection.status !== "not_connected" ? "read-only" : "hidden";
    const byPhase: Record<Phase, string> = {
      loading: "loading",
      idle: this.connection?.status.replace("_", "-") ?? "loading",
      choose: "choose-provider",
      connecting: "connecting",
      key: this.flow.issued ? "waiting-for-connector" : "issuing-key",
      rotate: "confirm-new-key",
      confirm: "confirm-disconnect",
      disconnecting: "disconnecting",
      blocked: "popup-blocked",
      error: "error",
    };
    return byPhase[this.phase];
  }

  private async refresh(quiet: boolean): Promise<void> {
    const seq = ++this.loadSeq;
    if (!this.token) return;
    if (!quiet) {
      this.phase = "loading";
      this.note = null;
    }
    try {
      const status = await fetchStatus(this);
      if (seq !== this.loadSeq) return;
      // The status moved on (e.g. the popup finished after all): an old note no longer applies.
      if (this.setConnection(status) && quiet) this.note = null;
      if (!this.busy) this.phase = "idle";
    } catch (err) {
      if (seq !== this.loadSeq || this.busy) return;
      this.fail(err, `Couldn't check the ${nameOr(this.provider)} connection`, () => {
        this.focusNext = true;
        void this.refresh(false);
      });
    }
  }

  private setConnection(next: ConnectionStatus): boolean {
    const changed = JSON.stringify(next) !== JSON.stringify(this.connection);
    this.connection = next;
    if (changed) this.emit("agg-connection-change", next);
    return changed;
  }

  private fail(err: unknown, title: string, retry: () => void): void {
    const e = asApiError(err);
    if (e.status === 403 || e.code === "forbidden") {
      this.forbidden = true;
      this.phase = "idle";
      this.note = {
        tone: "info",
        text: `Only an AGG SMART admin can connect or disconnect ${nameOr(this.provider, "accounts")}.`,
      };
      return;
    }
    this.problem = { title, message: e.message, retry };
    this.phase = "error";
  }

  /** Opens or closes the menu of systems; closing puts focus back on Connect Accounts. */
  private toggleChoice(): void {
    this.note = null;
    this.phase = this.phase === "choose" ? "idle" : "choose";
    this.focusNext = true;
  }

  // Runs synchronously inside the click so the popup counts as user-initiated.
  private connect(provider: ProviderId): void {
    if (PROVIDERS[provider].auth === "connector") {
      void this.issueKey(provider);
      return;
    }
    this.endSession();
    this.note = null;
    this.focusNext = true;
    this.chosen = provider;
    const popup = openConnectPopup(PROVIDERS[provider].name);
    if (!popup) {
      this.phase = "blocked";
      return;
    }
    const session = {
      popup,
      stop: watchPopup(popup, new URL(this.apiBase, location.href).origin, {
        result: (m) => this.connectResult(m),
        closed: () => this.connectCancelled(),
      }),
    };
    this.session = session;
    this.phase = "connecting";
    void this.openConsent(session, provider);
  }

  private async openConsent(session: { popup: Window }, provider: ProviderId): Promise<void> {
    const name = PROVIDERS[provider].name;
    try {
      const { url } = await startConnect(this, provider);
      if (this.session !== session) return;
      const target = popupTarget(url, this.apiBase);
      if (!target) throw new ApiError(502, "bad_response", `The ${name} sign-in address was not valid.`);
      session.popup.location.href = target;
    } catch (err) {
      if (this.session !== session) return;
      this.endSession();
      this.focusNext = true;
      this.fail(err, `Couldn't start connecting to ${name}`, () => this.connect(provider));
    }
  }

  private connectResult(message: ConnectResultMessage): void {
    this.endSession();
    this.loadSeq++;
    this.phase = "idle";
    this.focusNext = true;
    if (message.ok) {
      // The popup's status has no `providers` list: keep the one the worker gave before.
      if (message.connection)
        this.setConnection({ ...message.connection, providers: this.connection?.providers });
      else void this.refresh(true);
      return;
    }
    const name = nameOr(this.chosen ? PROVIDERS[this.chosen] : null, "The accounting system");
    this.note = {
      tone: "error",
      text: message.error?.message ?? `${name} didn't connect. Please try again.`,
    };
    void this.refresh(true);
  }

  private connectCancelled(): void {
    this.endSession();
    this.phase = "idle";
    this.focusNext = true;
    this.note = { tone: "info", text: "Connection cancelled." };
    // The user may have finished signing in before closing the window.
    void this.refresh(true);
  }

  private cancelConnect(): void {
    this.session?.popup.close();
    this.connectCancelled();
  }

  private endSession(): void {
    if (!this.session) return;
    this.session.stop();
    if (!this.session.popup.closed) this.session.popup.close();
    this.session = null;
  }

  /** A connector system: a new key (rotating the old one), then the wait for the first report. */
  private async issueKey(provider: ProviderId): Promise<void> {
    this.endSession();
    this.note = null;
    this.chosen = provider;
    this.phase = "key";
    this.focusNext = true;
    try {
      await this.flow.issue(provider);
    } catch (err) {
      this.flow.end();
      this.focusNext = true;
      this.fail(err, `Couldn't create a ${PROVIDERS[provider].name} connector key`, () =>
        this.connect(provider),
      );
    }
  }

  /** A poll's status while the key is on show: the first report of the new key ends the wait. */
  private connectorStatus(s: ConnectionStatus): boolean {
    if (this.phase !== "key") return true;
    this.loadSeq++;
    this.setConnection(s);
    if (!this.flow.reported(s)) return false;
    this.phase = "idle";
    this.focusNext = true;
    this.note = { tone: "success", text: "The connector reported: the connection is working." };
    return true;
  }

  /** Show a new key: confirm first when a connector is already connected (its key stops working). */
  private askRotate(): void {
    const id = this.chosen ?? this.provider?.id;
    if (!id) return;
    if (this.connection && this.connection.status !== "not_connected") {
      this.note = null;
      this.phase = "rotate";
      this.focusNext = true;
      return;
    }
    void this.issueKey(id);
  }

  private cancelKey(): void {
    this.flow.end();
    this.phase = "idle";
    this.focusNext = true;
    void this.refresh(true);
  }

  private hideKey(): void {
    this.flow.hidden = true;
    this.flow.copied = null;
    this.focusNext = true;
    this.requestUpdate();
  }

  private back(): void {
    this.fromRotate = this.phase === "rotate";
    this.fromConfirm = this.phase === "confirm";
    this.phase = "idle";
    this.focusNext = true;
  }

  private askDisconnect(): void {
    this.note = null;
    this.phase = "confirm";
    this.focusNext = true;
  }

  private async confirmDisconnect(): Promise<void> {
    const name = nameOr(this.provider, "your accounting system");
    this.phase = "disconnecting";
    this.note = null;
    this.focusNext = true;
    this.loadSeq++;
    try {
      const status = await disconnect(this);
      this.setConnection(status);
      this.phase = "idle";
      this.note = { tone: "success", text: `Disconnected from ${name}.` };
    } catch (err) {
      this.fail(err, `Couldn't disconnect from ${name}`, () => void this.confirmDisconnect());
    }
    this.focusNext = true;
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.token) return card(noTokenView);
    const s = this.viewState();
    const v = this.readOnly ? readOnlyView(s) : adminView(s, this.actions);
    return v ? card({ note: this.note, ...v }) : nothing;
  }

  private viewState(): ViewState {
    return {
      phase: this.phase,
      connection: this.connection,
      problem: this.problem,
      provider: this.provider,
      offered: this.offered,
      chosen: this.chosen ? PROVIDERS[this.chosen] : null,
      fromConfirm: this.fromConfirm,
      note: this.note,
      forbidden: this.forbidden,
      connector: this.connectorState(),
    };
  }

  private connectorState(): ViewState["connector"] {
    const p = this.phase === "key" && this.chosen ? PROVIDERS[this.chosen] : this.provider;
    if (!p?.connector) return null;
    const f = this.flow;
    const { connection, fromRotate } = this;
    return {
      provider: p,
      words: p.connector,
      connection,
      issued: f.issued,
      keyHidden: f.hidden,
      copied: f.copied,
      fromRotate,
    };
  }

  private readonly actions: Actions = {
    connect: (id) => this.connect(id),
    toggleChoice: () => this.toggleChoice(),
    cancelConnect: () => this.cancelConnect(),
    back: () => this.back(),
    askDisconnect: () => this.askDisconnect(),
    confirmDisconnect: () => void this.confirmDisconnect(),
    askRotate: () => this.askRotate(),
    confirmRotate: () => {
      const id = this.provider?.id;
      if (id) void this.issueKey(id);
    },
    copy: (text, what) => void this.flow.copy(text, what),
    hideKey: () => this.hideKey(),
    cancelKey: () => this.cancelKey(),
  };
}
