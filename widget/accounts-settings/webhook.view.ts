import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { button } from "../connect-button/card.ts";
import { icon } from "../connect-button/icons.ts";
import { describedBy, fieldError, hint, section } from "./fields.ts";

// Render helpers of <agg-accounts-settings>: AGG SMART's webhook URL and its signing secret.

/** The signing secret's part of the form. */
export interface SecretCtx {
  isSet: boolean;
  hint: string | undefined;
  phase: "idle" | "confirm" | "working" | "error";
  error: string | null;
  /** The secret just created: shown once, until Done. */
  fresh: string | null;
  copied: "idle" | "copied" | "failed";
  generate: () => void;
  askRotate: () => void;
  cancel: () => void;
  copy: () => void;
  done: () => void;
}

/** What the webhook section needs. */
export interface WebhookCtx {
  url: string;
  error: string | undefined;
  setUrl: (value: string) => void;
  secret: SecretCtx;
}

function secretControls(s: SecretCtx): TemplateResult | typeof nothing {
  if (s.fresh || s.phase === "confirm") return nothing;
  if (s.phase === "working")
    return html`<button type="button" part="button button-secondary" class="btn btn-secondary" disabled>
      ${icon("spinner", "spin")}${s.isSet ? "Rotating…" : "Generating…"}</button>`;
  return s.isSet
    ? button("secondary", "Rotate secret…", s.askRotate, s.phase === "idle")
    : button("secondary", "Generate secret", s.generate, s.phase === "idle");
}

function confirmRotate(s: SecretCtx): TemplateResult {
  const onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") s.cancel();
  };
  return html`<div part="confirm" class="confirm" role="group" aria-labelledby="rotate-text" @keydown=${onKey}>
    <p id="rotate-text">Rotate the signing secret? The current secret stops working at once: paste the new one into AGG SMART straight away.</p>
    <div class="confirm-actions">
      ${button("secondary", "Cancel", s.cancel, true)} ${button("danger", "Rotate secret", s.generate)}
    </div>
  </div>`;
}

function freshSecret(s: SecretCtx, secret: string): TemplateResult {
  const said =
    s.copied === "copied"
      ? "Copied to the clipboard."
      : s.copied === "failed"
        ? "Couldn't copy: the secret is selected, press Ctrl+C (⌘C on a Mac)."
        : "";
  return html`<div part="secret" class="fresh">
    <label id="fresh-label" for="fresh">New signing secret</label>
    <div class="row">
      <input id="fresh" part="input secret-value" class="mono" readonly .value=${secret} aria-describedby="fresh-hint"
        @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
      ${button("primary", s.copied === "copied" ? "Copied" : "Copy", s.copy, true)}
    </div>
    <p id="fresh-hint" class="once">${icon("warning")}<span>Copy it now and paste it into AGG SMART — you won't see it again.</span></p>
    <div class="row between">
      <span class="copy-status" role="status">${said}</span>
      ${button("link", "Done", s.done)}
    </div>
  </div>`;
}

/** AGG SMART's webhook URL (https only) and the signing secret: "Not set" / "Set (…abcd)", Generate or Rotate. */
export function webhookSection(c: WebhookCtx): TemplateResult {
  const s = c.secret;
  return section(
    "h-webhook",
    "Telling AGG SMART",
    html`<div class="field">
      <label for="webhook">AGG SMART webhook URL</label>
      <input id="webhook" part="input" type="url" inputmode="url" autocomplete="off" spellcheck="false"
        .value=${live(c.url)} aria-invalid=${c.error ? "true" : nothing}
        aria-describedby=${describedBy("webhook", true, c.error)} @input=${(e: Event) => c.setUrl((e.target as HTMLInputElement).value)} />
      ${hint("webhook", "Where job.paid, job.part_paid and job.unpaid events are sent, signed with the secret below. Leave empty to stop sending.")}
      ${fieldError("webhook", c.error)}
    </div>
    <div id="secret" class="field" role="group" aria-labelledby="secret-label" aria-describedby="secret-hint">
      <span id="secret-label" class="label">Signing secret</span>
      <div class="row">
        <span part="secret-state" class="secret-state" data-set=${s.isSet ? "true" : "false"}>
          ${s.isSet ? html`${icon("check")}Set${s.hint ? html` <span class="mono">(…${s.hint})</span>` : nothing}` : html`${icon("lock")}Not set`}
        </span>
        ${secretControls(s)}
      </div>
      ${hint("secret", "AGG SMART checks each event's Agg-Signature header with this secret.")}
      ${
        s.phase === "error"
          ? html`<div class="inline-error">${fieldError("secret", s.error ?? "Couldn't create a secret.")}
        ${button("secondary", "Retry", s.isSet ? s.askRotate : s.generate, true)}</div>`
          : nothing
      }
      ${s.phase === "confirm" ? confirmRotate(s) : nothing}
      ${s.fresh ? freshSecret(s, s.fresh) : nothing}
    </div>`,
  );
}
