import { html, nothing, type TemplateResult } from "lit";
import { icon } from "../connect-button/icons.ts";
import type { Field } from "./accounts-settings.model.ts";

// Small building blocks of the settings form: ids, descriptions and inline errors.

/** The control that gets focus for a field with an error. */
export const FIELD_FOCUS: Record<Field, string> = {
  bankAccountCode: "#bank",
  enabled: "#push",
  jobMatchField: "input[name=match]:checked",
  webhookUrl: "#webhook",
  threshold: "#threshold",
  syncInterval: "#interval",
};

/** `aria-describedby` for a field with an optional hint and an optional error. */
export function describedBy(id: string, hint: boolean, error: string | undefined): string | typeof nothing {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids || nothing;
}

/** A hint under a field. */
export function hint(id: string, text: string | TemplateResult): TemplateResult {
  return html`<p id=${`${id}-hint`} part="hint" class="hint">${text}</p>`;
}

/** An inline error under a field (an icon as well as colour); `live` announces it as it appears. */
export function fieldError(
  id: string,
  message: string | undefined,
  live = false,
): TemplateResult | typeof nothing {
  if (!message && !live) return nothing;
  return html`<p id=${`${id}-error`} part="error" class="error" aria-live=${live ? "polite" : nothing}
    >${message ? html`${icon("error")}<span>${message}</span>` : nothing}</p>`;
}

/** A section of the form with its heading. */
export function section(id: string, title: string, body: TemplateResult): TemplateResult {
  return html`<section part="section" class="section" aria-labelledby=${id}>
    <h2 id=${id} part="heading">${title}</h2>
    ${body}
  </section>`;
}
