import { html, nothing, type TemplateResult } from "lit";
import { type IconName, icon } from "./icons.ts";

/** Colour family of a card state; every state also has its own icon shape and text. */
export type Tone = "neutral" | "success" | "warning" | "danger" | "busy";

/** A short note under the status line. */
export interface Note {
  tone: "info" | "success" | "error";
  text: string;
}

type Content = string | TemplateResult | typeof nothing | null;

/** What one state of the card shows. `glyph: null` draws the loading skeleton. */
export interface CardView {
  tone: Tone;
  /** The heading: the accounting system's name, or "Accounts" while it isn't known. */
  title?: string;
  glyph: IconName | null;
  line: Content;
  detail?: Content;
  note?: Note | null;
  actions?: Content;
  extra?: Content;
  /** Move focus to the status text (no button to focus in this state). */
  focusStatus?: boolean;
  compact?: boolean;
}

/**
 * The card every state renders through: one template, so the `role="status"` region stays the
 * same DOM node between states and screen readers announce each change.
 */
export function card(v: CardView): TemplateResult {
  const n = v.note;
  return html`<div part="base" class=${v.compact ? "card compact" : "card"} data-tone=${v.tone}>
    <span part=${v.glyph ? "icon" : "icon skeleton"} class=${v.glyph ? "icon" : "icon skeleton"}
      >${v.glyph ? icon(v.glyph, v.glyph === "spinner" ? "spin" : "") : nothing}</span
    >
    <div class="body">
      ${v.compact ? nothing : html`<span part="title" class="title">${v.title ?? "Accounts"}</span>`}
      <div part="status" class="status" role="status" tabindex=${v.focusStatus ? "-1" : nothing} ?data-focus=${v.focusStatus}>
        <span class="line">${v.line}</span>
        ${v.detail ? html`<span class="detail">${v.detail}</span>` : nothing}
        ${n ? html`<span part="note" class="note" data-tone=${n.tone}>${n.text}</span>` : nothing}
      </div>
    </div>
    ${v.compact ? nothing : html`<div part="actions" class="actions">${v.actions ?? nothing}</div>`}
    ${v.extra ?? nothing}
  </div>`;
}

/** A real `<button>`; `focus` marks it as where focus goes after this state renders. */
export function button(
  kind: "primary" | "secondary" | "danger" | "link",
  label: string,
  onClick: () => void,
  focus = false,
): TemplateResult {
  return html`<button type="button" part=${`button button-${kind}`} class=${`btn btn-${kind}`}
    ?data-focus=${focus} @click=${onClick}>${label}</button>`;
}

/** The loading state: skeleton bars plus screen-reader text. */
export const loadingView: CardView = {
  tone: "neutral",
  glyph: null,
  line: html`<span class="sr-only">Checking the accounts connection…</span
    ><span part="skeleton" class="skeleton bar" aria-hidden="true"></span>`,
  actions: html`<span part="skeleton" class="skeleton pill" aria-hidden="true"></span>`,
};

/** The card an element shows without an embed token. */
export const noTokenView: CardView = {
  tone: "danger",
  glyph: "lock",
  line: "Sign-in token missing",
  detail: "Reload the page or sign in to AGG SMART again.",
};
