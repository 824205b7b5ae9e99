import { html, nothing, type TemplateResult } from "lit";
import { button } from "../connect-button/card.ts";
import { icon } from "../connect-button/icons.ts";

/** Where saving stands: nothing to say, in flight, done, refused (fields to fix) or failed (retry). */
export interface SaveState {
  phase: "idle" | "saving" | "saved" | "invalid" | "failed";
  message: string | null;
}

function said(s: SaveState): TemplateResult | string {
  switch (s.phase) {
    case "saving":
      return "Saving…";
    case "saved":
      return html`${icon("check")}Saved`;
    case "invalid":
      return html`${icon("error")}${s.message ?? "Check the highlighted fields."}`;
    case "failed":
      return html`${icon("error")}<span>Couldn't save. ${s.message ?? ""} Your changes are still here.</span>`;
    default:
      return "";
  }
}

/** The Save row: a live message, Discard, and Save (aria-disabled until something changed, so it keeps focus). */
export function footer(s: SaveState, dirty: boolean, discard: () => void): TemplateResult {
  const busy = s.phase === "saving";
  const tone =
    s.phase === "saved" ? "success" : s.phase === "invalid" || s.phase === "failed" ? "danger" : "neutral";
  return html`<div part="footer" class="footer">
    <span part="save-status" class="save-status" role="status" data-tone=${tone}>${said(s)}</span>
    <div class="footer-actions">
      ${dirty && !busy ? button("link", "Discard changes", discard) : nothing}
      <button type="submit" part="button button-primary save" class="btn btn-primary"
        aria-disabled=${!dirty || busy ? "true" : "false"}>${busy ? "Saving…" : s.phase === "failed" ? "Retry" : "Save changes"}</button>
    </div>
  </div>`;
}

/** Placeholder fields while the settings load. */
export function formSkeleton(): TemplateResult {
  const row = html`<span class="sk-label skeleton" part="skeleton"></span><span class="sk-input skeleton" part="skeleton"></span>`;
  return html`<div part="form" class="panel loading-panel" role="status">
    <span class="sr-only">Loading the accounts settings…</span>
    <div class="sections" aria-hidden="true">
      <div class="section">${row}${row}</div>
      <div class="section">${row}</div>
      <div class="section">${row}${row}</div>
    </div>
  </div>`;
}
