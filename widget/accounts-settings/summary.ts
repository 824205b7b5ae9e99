import { html, nothing } from "lit";
import type { ConnectionStatus } from "../../shared/connection.ts";
import { nameOr, tenantProvider } from "../base/provider.ts";
import { button, type CardView, loadingView } from "../connect-button/card.ts";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium" });

function date(iso: string) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? nothing
    : html` <span class="since">since <time datetime=${iso}>${dateFormat.format(d)}</time></span>`;
}

/** The connection summary at the top of the settings, drawn with the connect button's card. */
export function summaryView(c: ConnectionStatus | null, problem: string | null): CardView {
  const sys = tenantProvider(c);
  const title = sys?.name;
  if (problem)
    return {
      title,
      tone: "danger",
      glyph: "error",
      line: `Couldn't check the ${nameOr(sys)} connection`,
      detail: problem,
    };
  // The summary has no buttons, so its skeleton has none either.
  if (!c) return { ...loadingView, actions: nothing };
  if (c.status === "not_connected")
    return {
      title,
      tone: "neutral",
      glyph: "link",
      line: "Not connected",
      detail: `Connect ${nameOr(sys, "your accounts")} with the Connect Accounts button first: bank accounts and payments need a connection.`,
    };
  if (c.status === "needs_reconnect")
    return {
      title,
      tone: "warning",
      glyph: "warning",
      line: html`Needs reconnecting <span class="reason">— ${c.reason}</span>`,
      detail: html`Organisation “${c.organisation.name}”. Reconnect with the Connect button to resume syncing.`,
    };
  return {
    title,
    tone: "success",
    glyph: "check",
    line: html`Connected to “${c.organisation.name}”${date(c.connectedAt)}`,
    detail: c.organisation.currency ? `Base currency ${c.organisation.currency}` : null,
  };
}

/** Staff (or a refused admin): the settings are not theirs to change. */
export const readOnlyCard: CardView = {
  tone: "neutral",
  glyph: "lock",
  line: "Accounts settings are for admins",
  detail: "Only an AGG SMART admin can change how AGG SMART works with your accounting system.",
};

/** The settings did not load: why, and Retry (focused). */
export function loadFailedCard(message: string | null, retry: () => void): CardView {
  return {
    tone: "danger",
    glyph: "error",
    line: "Couldn't load the accounts settings",
    detail: message,
    actions: button("primary", "Retry", retry, true),
  };
}
