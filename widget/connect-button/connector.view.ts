import { html, nothing, type TemplateResult } from "lit";
import type { ConnectionStatus } from "../../shared/connection.ts";
import { type ConnectorWords, connectorCommand, type ProviderInfo } from "../../shared/providers.ts";
import type { IssuedKey } from "./api.ts";
import { button, type CardView, type Note } from "./card.ts";
import { icon } from "./icons.ts";

// What <agg-connect-button> shows for a connector system (Sage 50): the one-time key panel while
// waiting for the first report, the connected card with its last report, and a silent connector.

/** What the connector views need. */
export interface ConnectorViewState {
  provider: ProviderInfo;
  words: ConnectorWords;
  connection: ConnectionStatus | null;
  issued: IssuedKey | null;
  keyHidden: boolean;
  copied: Note | null;
  /** Leaving the new-key confirmation: focus goes back to its Show a new key button. */
  fromRotate: boolean;
}

/** What the connector views' buttons do. */
export interface ConnectorActions {
  askRotate(): void;
  confirmRotate(): void;
  back(): void;
  copy(text: string, what: string): void;
  hideKey(): void;
  cancelKey(): void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "just now", "1 min ago", "12 min ago", "3 h ago". */
export function ago(iso: string, now: number): string | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const min = Math.max(0, Math.floor((now - t) / 60_000));
  if (min < 1) return "just now";
  return min < 120 ? `${min} min ago` : `${Math.floor(min / 60)} h ago`;
}

const NEW_KEY = "Show a new key";

/** Creating the key, then the key panel (or, once hidden, just the wait). */
export function keyView(s: ConnectorViewState, a: ConnectorActions): CardView {
  const name = s.provider.name;
  if (!s.issued)
    return {
      title: name,
      tone: "busy",
      glyph: "spinner",
      line: "Creating a connector key…",
      focusStatus: true,
    };
  const waiting = {
    title: name,
    tone: "busy",
    glyph: "spinner",
    line: "Waiting for the connector's first report…",
  } as const;
  if (s.keyHidden)
    return {
      ...waiting,
      detail: `This card turns connected once the connector on ${s.words.pc} reports.`,
      actions: html`${button("link", "Cancel", a.cancelKey)}${button("secondary", NEW_KEY, a.askRotate, true)}`,
    };
  return {
    ...waiting,
    detail: `Set up the connector on ${s.words.pc} with the key below.`,
    actions: html`${button("link", "Cancel", a.cancelKey)}${button("secondary", "Hide key", a.hideKey)}`,
    extra: keyPanel(s, s.issued, a),
  };
}

function keyPanel(s: ConnectorViewState, k: IssuedKey, a: ConnectorActions): TemplateResult {
  const command = connectorCommand(s.words, k.workerUrl, k.connectorKey);
  const c = s.copied;
  return html`<section part="key" class="key" aria-labelledby="key-title">
    <p class="key-title" id="key-title">Your ${s.provider.name} connector key</p>
    <p class="key-warn">${icon("warning")}<span>This key is shown only once: copy it now. Showing a new
      key disconnects the connector that uses this one.</span></p>
    <label class="key-label" for="key">Connector key</label>
    <div class="key-row">
      <input id="key" class="key-value" readonly spellcheck="false" autocomplete="off" .value=${k.connectorKey}
        @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
      ${button("primary", "Copy key", () => a.copy(k.connectorKey, "Key"), true)}
    </div>
    <span class="copied" role="status" data-tone=${c?.tone ?? nothing}>${c?.text ?? ""}</span>
    <ol class="steps">
      <li>On ${s.words.pc}, install the connector: see ${s.words.installDoc}.</li>
      <li>Run this command there, with your Sage ODBC data source, user and password in <code>--odbc</code>
        (it sends to <code class="url">${k.workerUrl}</code> every 15 minutes):
        <pre class="command"><code id="command">${command}</code></pre>
        ${button("secondary", "Copy command", () => a.copy(command, "Command"))}</li>
      <li>Leave it running (or schedule it with <code>--once</code>, as that README section shows). This card
        turns connected, with your company name, after its first report.</li>
    </ol>
  </section>`;
}

/** Connected or silent: the card for a connector connection. */
export function connectorStatusView(
  s: ConnectorViewState,
  a: ConnectorActions,
  base: {
    title?: string;
    askDisconnect: () => void;
    fromConfirm: boolean;
    panel: TemplateResult | null;
  },
  rotating: boolean,
): CardView | null {
  const c = s.connection;
  if (!c || c.status === "not_connected") return null;
  const panel = rotating ? rotatePanel(a) : base.panel;
  // Silent, a new key is the remedy (primary); connected, it is a rare chore beside Disconnect.
  const rotateKind = c.status === "needs_reconnect" ? "primary" : "secondary";
  const actions =
    panel === null
      ? html`${button("secondary", "Disconnect", base.askDisconnect, base.fromConfirm)}${button(rotateKind, NEW_KEY, a.askRotate, s.fromRotate)}`
      : nothing;
  const org = c.organisation.name;
  if (c.status === "needs_reconnect") {
    const since = Date.parse(c.since);
    const when = Number.isNaN(since) ? c.since : timeFormat.format(since);
    return {
      title: base.title,
      tone: "warning",
      glyph: "warning",
      line: html`The connector has not reported since <time datetime=${c.since}>${when}</time>`,
      detail: `“${org}”. Credit shown in AGG SMART may be out of date.`,
      actions,
      extra:
        panel ??
        html`<div part="checks" class="checks"><p id="checks-title">On ${s.words.pc}, check that:</p>
          <ul aria-labelledby="checks-title">${s.words.checks.map((c) => html`<li>${c}</li>`)}</ul>
          <p>If the key was lost, show a new key and run the connector with it.</p></div>`,
    };
  }
  const last = c.lastReportAt ? ago(c.lastReportAt, Date.now()) : null;
  return {
    title: base.title,
    tone: "success",
    glyph: "check",
    line: `Connected to “${org}”`,
    detail: last
      ? html`Last report <time datetime=${c.lastReportAt ?? ""}>${last}</time>${c.organisation.currency ? ` · Base currency ${c.organisation.currency}` : ""}`
      : c.organisation.currency
        ? `Base currency ${c.organisation.currency}`
        : null,
    actions,
    extra: panel ?? nothing,
  };
}

function rotatePanel(a: ConnectorActions): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") a.back();
  };
  return html`<div part="confirm" class="confirm" role="group" aria-labelledby="rotate-text" @keydown=${onKey}>
    <p id="rotate-text">Show a new key? The connector using the current key stops at once, until you run it
      with the new key.</p>
    <div class="confirm-actions">
      ${button("secondary", "Cancel", a.back, true)}
      ${button("danger", NEW_KEY, a.confirmRotate)}
    </div>
  </div>`;
}
