import { html, nothing, type TemplateResult } from "lit";
import { icon } from "./icons.ts";
import type { CardBox, Line } from "./payment-status.model.ts";

// Pure render helpers of <agg-payment-status>: data in, template out; events go to callbacks.

/** The invoice line: icon and words (plus a tooltip, also read out, for invoice numbers). */
export function line(l: Line): TemplateResult {
  return html`<span part="invoice" class="line" data-tone=${l.tone} title=${l.title ?? nothing}
    >${icon(l.glyph)}<span>${l.text}${l.title ? html`<span class="sr-only">, ${l.title}</span>` : nothing}</span></span
  >`;
}

/** A card box: bordered, tinted, with its own icon and words. */
export function box(b: CardBox): TemplateResult {
  return html`<span part=${`card card-${b.colour}`} class="box" data-colour=${b.colour} title=${b.title ?? nothing}
    >${icon(b.glyph)}<span>${b.text}${b.title ? html`<span class="sr-only"> (${b.title})</span>` : nothing}</span></span
  >`;
}

/** The loading placeholder, with words for screen readers. */
export function skeleton(job: string): TemplateResult {
  return html`<span class="sr-only">Checking payment for ${job}…</span
    ><span part="skeleton" class="skeleton" aria-hidden="true"></span>`;
}

/** The compact Retry button after a failed load. */
export function retry(onClick: () => void, job: string): TemplateResult {
  return html`<button type="button" part="button retry" class="btn btn-link" aria-label=${`Retry payment check for ${job}`}
    @click=${onClick}>Retry</button>`;
}

/** Hints for attributes the element ignored (shown, never logged or thrown). */
export function hints(list: string[]): TemplateResult | typeof nothing {
  if (!list.length) return nothing;
  return html`<span part="hint" class="hint">${icon("info")}<span>${list.join(" ")}</span></span>`;
}
