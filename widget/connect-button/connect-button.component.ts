import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { ConnectionStatus, ConnectResultMessage } from "../../shared/connection.ts";
import { AggElement } from "../base/agg-element.ts";
import { ApiError } from "../base/api-client.ts";
import { tokenRole } from "../base/jwt-claims.ts";
import { baseStyles } from "../base/styles.ts";
import { asApiError, disconnect, fetchStatus, startConnect } from "./api.ts";
import { button, type CardView, card, loadingView, type Note } from "./card.ts";
import { styles } from "./connect-button.styles.ts";
import { openConnectPopup, popupTarget, watchPopup } from "./popup.ts";

declare global {
  interface GlobalEventHandlersEventMap {
    "agg-connection-change": CustomEvent<ConnectionStatus>;
  }
}

type Phase = "loading" | "idle" | "connecting" | "confirm" | "disconnecting" | "blocked" | "error";
interface Problem {
  title: string;
  message: string;
  retry: () => void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A date-time string as a short local date, or null when unreadable. */
function formatDate(iso: string): string | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : dateFormat.format(d);
}

/**
 * `<agg-connect-button>` — the admin's "Connect Xero" card: shows the tenant's connection and
 * connects (consent popup), reconnects and disconnects it. Staff tokens get a read-only line.
 *
 * @attr token - The host-signed embed token (JWT). Changing it re-fetches the status.
 * @attr api - API base URL; defaults to the origin widget.js was loaded from.
 * @attr state - Read-only, set by the element: no-token | loading | not-connected | connecting |
 *   connected | needs-reconnect | confirm-disconnect | disconnecting | popup-blocked | error | read-only | hidden.
 *
 * @event agg-connection-change - The known connection status changed (also on first load); `detail` is a ConnectionStatus.
 * @event agg-token-expired - The embed token expired; set a new `token` attribute.
 *
 * @csspart base - The card.
 * @csspart icon - The round state icon.
 * @csspart title - The "Xero" heading text.
 * @csspart status - The live status text (role="status").
 * @csspart note - A short note under the status (cancelled, disconnected, failure reason).
 * @csspart actions - The button group.
 * @csspart button - Every button; also `button-primary`, `button-secondary`, `button-danger`, `button-link`.
 * @csspart confirm - The disconnect confirmation panel.
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
    phase: { state: true },
    connection: { state: true },
    note: { state: true },
    problem: { state: true },
    forbidden: { state: true },
  };

  declare private phase: Phase;
  declare private connection: ConnectionStatus | null;
  declare private note: Note | null;
  declare private problem: Problem | null;
  declare private forbidden: boolean;
  private session: { popup: Window; stop: () => void } | null = null;
  private loadSeq = 0;
  private focusNext = false;
  /** Leaving the confirm panel: focus returns to the Disconnect button that opened it. */
  private fromConfirm = false;

  constructor() {
    super();
    this.phase = "loading";
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
    if (this.phase === "connecting" || this.phase === "confirm" || this.phase === "disconnecting") return;
    void this.refresh(this.connection !== null);
  }

  override updated(): void {
    this.setAttribute("state", this.view());
    if (!this.focusNext) return;
    const target = this.renderRoot.querySelector<HTMLElement>("[data-focus]");
    // While loading there is nothing to focus yet: keep the request for the next state.
    if (!target && this.phase === "loading") return;
    this.focusNext = false;
    this.fromConfirm = false;
    target?.focus();
  }

  private get busy(): boolean {
    return ["connecting", "confirm", "disconnecting", "blocked"].includes(this.phase);
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
      connecting: "connecting",
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
      this.fail(err, "Couldn't check the Xero connection", () => {
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
      this.note = { tone: "info", text: "Only an AGG SMART admin can connect or disconnect Xero." };
      return;
    }
    this.problem = { title, message: e.message, retry };
    this.phase = "error";
  }

  // Runs synchronously inside the click so the popup counts as user-initiated.
  private connect(): void {
    this.endSession();
    this.note = null;
    this.focusNext = true;
    const popup = openConnectPopup();
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
    void this.openConsent(session);
  }

  private async openConsent(session: { popup: Window }): Promise<void> {
    try {
      const { url } = await startConnect(this);
      if (this.session !== session) return;
      const target = popupTarget(url, this.apiBase);
      if (!target) throw new ApiError(502, "bad_response", "The Xero sign-in address was not valid.");
      session.popup.location.href = target;
    } catch (err) {
      if (this.session !== session) return;
      this.endSession();
      this.focusNext = true;
      this.fail(err, "Couldn't start connecting to Xero", () => this.connect());
    }
  }

  private connectResult(message: ConnectResultMessage): void {
    this.endSession();
    this.loadSeq++;
    this.phase = "idle";
    this.focusNext = true;
    if (message.ok) {
      if (message.connection) this.setConnection(message.connection);
      else void this.refresh(true);
      return;
    }
    this.note = { tone: "error", text: message.error?.message ?? "Xero didn't connect. Please try again." };
    void this.refresh(true);
  }

  private connectCancelled(): void {
    this.endSession();
    this.phase = "idle";
    this.focusNext = true;
    this.note = { tone: "info", text: "Connection cancelled." };
    // The user may have finished in Xero before closing the window.
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

  private back(): void {
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
    this.phase = "disconnecting";
    this.note = null;
    this.focusNext = true;
    this.loadSeq++;
    try {
      const status = await disconnect(this);
      this.setConnection(status);
      this.phase = "idle";
      this.note = { tone: "success", text: "Disconnected from Xero." };
    } catch (err) {
      this.fail(err, "Couldn't disconnect from Xero", () => void this.confirmDisconnect());
    }
    this.focusNext = true;
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.token)
      return card({
        tone: "danger",
        glyph: "lock",
        line: "Sign-in token missing",
        detail: "Reload the page or sign in to AGG SMART again.",
      });
    const v = this.readOnly ? this.readOnlyView() : this.adminView();
    return v ? card({ note: this.note, ...v }) : nothing;
  }

  private adminView(): CardView {
    const c = this.connection;
    const p = this.problem;
    switch (this.phase) {
      case "connecting":
        return {
          tone: "busy",
          glyph: "spinner",
          line: "Connecting…",
          detail: "Finish signing in to Xero in the pop-up window.",
          actions: button("link", "Cancel", () => this.cancelConnect(), true),
        };
      case "disconnecting":
        return {
          tone: "busy",
          glyph: "spinner",
          line: "Disconnecting…",
          detail: "Removing the connection and revoking AGG SMART's access in Xero.",
          focusStatus: true,
        };
      case "blocked":
        return {
          tone: "danger",
          glyph: "error",
          line: "Pop-up blocked",
          detail:
            "Your browser blocked the Xero sign-in window. Allow pop-ups for this site, then try again.",
          actions: html`${button("link", "Cancel", () => this.back())}${button("primary", "Try again", () => this.connect(), true)}`,
        };
      case "error":
        return {
          tone: "danger",
          glyph: "error",
          line: p?.title ?? "Something went wrong",
          detail: p?.message ?? null,
          actions: html`${c ? button("link", "Dismiss", () => this.back()) : nothing}${button("primary", "Retry", () => p?.retry(), true)}`,
        };
    }
    if (this.phase === "loading" || !c) return loadingView;
    if (c.status === "not_connected")
      return {
        tone: "neutral",
        glyph: "link",
        line: "Not connected",
        detail: "Connect Xero to show customer credit and sync invoice payments.",
        actions: button("primary", "Connect to Xero", () => this.connect(), true),
      };
    const confirm = this.phase === "confirm" ? this.confirmPanel(c.organisation.name) : nothing;
    if (c.status === "needs_reconnect") {
      const since = formatDate(c.since);
      return {
        tone: "warning",
        glyph: "warning",
        line: html`Needs reconnecting <span class="reason">— ${c.reason}</span>`,
        detail: html`Organisation “${c.organisation.name}”${since ? html` · since <time datetime=${c.since}>${since}</time>` : nothing}.
          Reconnect to resume syncing.`,
        actions:
          confirm === nothing
            ? html`${button("secondary", "Disconnect", () => this.askDisconnect(), this.fromConfirm)}${button("primary", "Reconnect", () => this.connect(), !this.fromConfirm)}`
            : nothing,
        extra: confirm,
      };
    }
    const since = formatDate(c.connectedAt);
    return {
      tone: "success",
      glyph: "check",
      line: html`Connected to “${c.organisation.name}”${since ? html` <span class="since">since <time datetime=${c.connectedAt}>${since}</time></span>` : nothing}`,
      detail: c.organisation.currency ? `Base currency ${c.organisation.currency}` : null,
      actions:
        confirm === nothing ? button("secondary", "Disconnect", () => this.askDisconnect(), true) : nothing,
      extra: confirm,
    };
  }

  private confirmPanel(org: string): TemplateResult {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") this.back();
    };
    return html`<div part="confirm" class="confirm" role="group" aria-labelledby="confirm-text" @keydown=${onKey}>
      <p id="confirm-text">Disconnect from “${org}”? Credit checks and payment sync stop until you connect again.</p>
      <div class="confirm-actions">
        ${button("secondary", "Cancel", () => this.back(), true)}
        ${button("danger", "Disconnect", () => void this.confirmDisconnect())}
      </div>
    </div>`;
  }

  /** Staff (or a refused admin): a status line without controls, or nothing when there is nothing to say. */
  private readOnlyView(): CardView | null {
    const c = this.connection;
    const refused = this.forbidden ? this.note : null;
    if (!c || c.status === "not_connected")
      return refused
        ? { tone: "neutral", glyph: "lock", line: refused.text, note: null, compact: true }
        : null;
    const base = { note: refused, compact: true };
    if (c.status === "connected")
      return {
        ...base,
        tone: "success",
        glyph: "check",
        line: `Xero: connected to “${c.organisation.name}”`,
      };
    return {
      ...base,
      tone: "warning",
      glyph: "warning",
      line: html`Xero needs reconnecting <span class="reason">— ${c.reason}</span>`,
      detail: "Ask an AGG SMART admin to reconnect it.",
    };
  }
}
