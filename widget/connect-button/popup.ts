import type { ConnectResultMessage } from "../../shared/connection.ts";
import { fields } from "../base/api-client.ts";
import { isStatus } from "./api.ts";

/** The consent popup's window name: a second click reuses the same window instead of opening another. */
export const POPUP_NAME = "agg-xero-connect";

/**
 * Opens the consent popup synchronously (inside the click, so blockers allow it) with a
 * "Preparing…" page until the start URL arrives. Null when the browser blocked it.
 */
export function openConnectPopup(providerName: string): Window | null {
  const popup = window.open("", POPUP_NAME, "popup,width=600,height=720");
  if (!popup) return null;
  try {
    const doc = popup.document;
    doc.title = `Connecting to ${providerName}…`;
    const p = doc.createElement("p");
    p.textContent = `Preparing ${providerName} sign-in…`;
    p.style.cssText = "font:16px system-ui,sans-serif;color:#444;text-align:center;margin-top:40vh";
    doc.body.replaceChildren(p);
  } catch {
    // A reused popup already showing another origin: nothing to draw, it is navigated next.
  }
  popup.focus();
  return popup;
}

/** The start URL resolved against the API base; only http(s), so a bad answer cannot run script. */
export function popupTarget(url: string, apiBase: string): string | null {
  try {
    const target = new URL(url, apiBase);
    return target.protocol === "https:" || target.protocol === "http:" ? target.href : null;
  } catch {
    return null;
  }
}

/** The popup's message when it has the shape of a ConnectResultMessage, else null (ignored). */
export function connectResult(data: unknown): ConnectResultMessage | null {
  const m = fields(data);
  if (m?.source !== "agg-smart-accounts-connect" || m.type !== "connect-result" || typeof m.ok !== "boolean")
    return null;
  const connection = m.connection === undefined ? {} : fields(m.connection);
  const error = m.error === undefined ? { message: "" } : fields(m.error);
  if (!connection || (m.connection !== undefined && !isStatus(connection))) return null;
  if (typeof error?.message !== "string") return null;
  return m as unknown as ConnectResultMessage;
}

/** What the watcher reports: the popup's validated result, or that it closed without one. */
export interface PopupHandlers {
  result(message: ConnectResultMessage): void;
  closed(): void;
}

/**
 * Waits for the popup's result: a valid `ConnectResultMessage` posted by THIS popup from the
 * API origin (anything else is ignored), or the popup closing. Returns a function that stops watching.
 */
export function watchPopup(popup: Window, apiOrigin: string, on: PopupHandlers): () => void {
  let closedOnce = false;
  const onMessage = (event: MessageEvent): void => {
    if (event.origin !== apiOrigin || event.source !== popup) return;
    const message = connectResult(event.data);
    if (!message) return;
    stop();
    on.result(message);
  };
  // Closed is confirmed on a second tick: a popup that posts its result and closes itself
  // gets its message delivered first instead of being mistaken for a cancel.
  const timer = setInterval(() => {
    if (!popup.closed) return;
    if (!closedOnce) {
      closedOnce = true;
      return;
    }
    stop();
    on.closed();
  }, 500);
  window.addEventListener("message", onMessage);
  function stop(): void {
    clearInterval(timer);
    window.removeEventListener("message", onMessage);
  }
  return stop;
}
