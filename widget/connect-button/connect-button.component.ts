// The element's I/O and wiring (~9 KB; the rest is its public contract in JSDoc). Pure state and
// transitions: connect-button.state.ts; consent popup: consent.ts; connector key: connector-flow.ts;
// views: connect-button.view.ts, connector.view.ts.
import { nothing, type PropertyValues, type TemplateResult } from "lit";
import type { ConnectionStatus, ConnectResultMessage } from "../../shared/connection.ts";
import { PROVIDERS, type ProviderId, type ProviderInfo } from "../../shared/providers.ts";
import { AggElement, states } from "../base/agg-element.ts";
import { asApiError } from "../base/api-client.ts";
import { tokenRole } from "../base/jwt-claims.ts";
import { nameOr, tenantProvider } from "../base/provider.ts";
import { baseStyles } from "../base/styles.ts";
import { disconnect, fetchStatus } from "./api.ts";
import { card, noTokenView } from "./card.ts";
import {
  type ButtonState,
  failed,
  INITIAL,
  isBusy,
  isMidAction,
  resultNote,
  stateAttr,
  viewState,
} from "./connect-button.state.ts";
import { styles } from "./connect-button.styles.ts";
import { type Actions, adminView, readOnlyView } from "./connect-button.view.ts";
import { ConnectorFlow } from "./connector-flow.ts";
import { ConsentSession } from "./consent.ts";

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
    ...states("s", "connection"),
  };

  declare providers: string | null;
  declare private s: ButtonState;
  declare private connection: ConnectionStatus | null;
  private loadSeq = 0;
  private focusNext = false;
  /** Leaving a confirmation: focus returns to the button that opened it (Disconnect, Show a new key). */
  private from: "confirm" | "rotate" | null = null;
  private readonly consent = new ConsentSession(this, {
    result: (m) => this.connectResult(m),
    closed: () => this.connectCancelled(),
    failed: (err, id) => {
      this.focusNext = true;
      this.fail(err, `Couldn't start connecting to ${PROVIDERS[id].name}`, () => this.connect(id));
    },
  });
  private readonly flow = new ConnectorFlow(this, {
    shown: () => {
      this.focusNext = true;
    },
    status: (s) => this.connectorStatus(s),
  });

  constructor() {
    super();
    this.providers = null;
    this.s = INITIAL;
    this.connection = null;
  }

  /** Moves to a new state; `focus` asks for focus on the new state's marked control. */
  private go(next: Partial<ButtonState>, focus = true): void {
    this.s = { ...this.s, ...next };
    this.focusNext ||= focus;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.consent.end()) this.go({ phase: "idle" }, false);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && !changed.has("token") && !changed.has("api")) return;
    this.go({ forbidden: false }, false);
    // A new token mid-action (the host answering agg-token-expired) must not reset the action.
    if (isMidAction(this.s.phase)) return;
    void this.refresh(this.connection !== null);
  }

  override updated(): void {
    const { connection, readOnly } = this;
    const facts = { token: !!this.token, readOnly, connection, keyIssued: !!this.flow.issued };
    this.setAttribute("state", stateAttr(this.s.phase, facts));
    this.flow.tick(this.connection?.status === "connected" && !!this.provider?.connector);
    if (!this.focusNext) return;
    const target = this.renderRoot.querySelector<HTMLElement>("[data-focus]");
    // While loading there is nothing to focus yet: keep the request for the next state.
    if (!target && this.s.phase === "loading") return;
    this.focusNext = false;
    this.from = null;
    target?.focus();
  }

  /** The tenant's accounting system, when known. */
  private get provider(): ProviderInfo | null {
    return tenantProvider(this.connection);
  }

  private get readOnly(): boolean {
    return this.s.forbidden || tokenRole(this.token) !== "admin";
  }

  private async refresh(quiet: boolean): Promise<void> {
    const seq = ++this.loadSeq;
    if (!this.token) return;
    if (!quiet) this.go({ phase: "loading", note: null }, false);
    try {
      const status = await fetchStatus(this);
      if (seq !== this.loadSeq) return;
      // The status moved on (e.g. the popup finished after all): an old note no longer applies.
      if (this.setConnection(status) && quiet) this.go({ note: null }, false);
      if (!isBusy(this.s.phase)) this.go({ phase: "idle" }, false);
    } catch (err) {
      if (seq !== this.loadSeq || isBusy(this.s.phase)) return;
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
    this.s = failed(this.s, asApiError(err), title, retry, this.provider);
  }

  // Runs synchronously inside the click so the popup counts as user-initiated.
  private connect(provider: ProviderId): void {
    if (PROVIDERS[provider].auth === "connector") {
      void this.issueKey(provider);
      return;
    }
    const opened = this.consent.open(provider);
    this.go({ note: null, chosen: provider, phase: opened ? "connecting" : "blocked" });
  }

  private connectResult(message: ConnectResultMessage): void {
    this.loadSeq++;
    this.go({ phase: "idle", note: resultNote(message, this.s.chosen) });
    // The popup's status has no `providers` list: keep the one the worker gave before.
    if (message.ok && message.connection)
      this.setConnection({ ...message.connection, providers: this.connection?.providers });
    else void this.refresh(true);
  }

  private connectCancelled(): void {
    this.go({ phase: "idle", note: { tone: "info", text: "Connection cancelled." } });
    // The user may have finished signing in before closing the window.
    void this.refresh(true);
  }

  /** A connector system: a new key (rotating the old one), then the wait for the first report. */
  private async issueKey(provider: ProviderId): Promise<void> {
    this.consent.end();
    this.go({ note: null, chosen: provider, phase: "key" });
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
    if (this.s.phase !== "key") return true;
    this.loadSeq++;
    this.setConnection(s);
    if (!this.flow.reported(s)) return false;
    this.go({
      phase: "idle",
      note: { tone: "success", text: "The connector reported: the connection is working." },
    });
    return true;
  }

  /** Show a new key: confirm first when a connector is already connected (its key stops working). */
  private askRotate(): void {
    const id = this.s.chosen ?? this.provider?.id;
    if (!id) return;
    if (this.connection && this.connection.status !== "not_connected")
      this.go({ note: null, phase: "rotate" });
    else void this.issueKey(id);
  }

  private cancelKey(): void {
    this.flow.end();
    this.go({ phase: "idle" });
    void this.refresh(true);
  }

  private back(): void {
    const { phase } = this.s;
    this.from = phase === "confirm" || phase === "rotate" ? phase : null;
    this.go({ phase: "idle" });
  }

  private async confirmDisconnect(): Promise<void> {
    const name = nameOr(this.provider, "your accounting system");
    this.go({ phase: "disconnecting", note: null });
    this.loadSeq++;
    try {
      const status = await disconnect(this);
      this.setConnection(status);
      this.go({ phase: "idle", note: { tone: "success", text: `Disconnected from ${name}.` } });
    } catch (err) {
      this.fail(err, `Couldn't disconnect from ${name}`, () => void this.confirmDisconnect());
    }
    this.focusNext = true;
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.token) return card(noTokenView);
    const f = this.flow;
    const s = viewState(this.s, {
      connection: this.connection,
      providersAttr: this.providers,
      from: this.from,
      key: { issued: f.issued, keyHidden: f.hidden, copied: f.copied },
    });
    const v = this.readOnly ? readOnlyView(s) : adminView(s, this.actions);
    return v ? card({ note: this.s.note, ...v }) : nothing;
  }

  private readonly actions: Actions = {
    connect: (id) => this.connect(id),
    toggleChoice: () => this.go({ note: null, phase: this.s.phase === "choose" ? "idle" : "choose" }),
    cancelConnect: () => this.consent.cancel(),
    back: () => this.back(),
    askDisconnect: () => this.go({ note: null, phase: "confirm" }),
    confirmDisconnect: () => void this.confirmDisconnect(),
    askRotate: () => this.askRotate(),
    confirmRotate: () => {
      const id = this.provider?.id;
      if (id) void this.issueKey(id);
    },
    copy: (text, what) => void this.flow.copy(text, what),
    hideKey: () => {
      this.focusNext = true;
      this.flow.hide();
    },
    cancelKey: () => this.cancelKey(),
  };
}
