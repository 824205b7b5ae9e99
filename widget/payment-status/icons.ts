import { html, svg, type TemplateResult } from "lit";

// Outline icons (24×24, currentColor). Decorative: every state is also said in words.
const paths = {
  check: svg`<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.7 2.7L16.2 9.6"/>`,
  half: svg`<circle cx="12" cy="12" r="9"/><path d="M12 3a9 9 0 0 1 0 18Z" fill="currentColor"/>`,
  clock: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`,
  alert: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.2M12 16.3h.01"/>`,
  ban: svg`<circle cx="12" cy="12" r="9"/><path d="m5.7 5.7 12.6 12.6"/>`,
  doc: svg`<path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8Z"/><path d="M14 3v5h5M9 13h6M9 17h4"/>`,
  link: svg`<path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5"/><path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5"/>`,
  sync: svg`<path d="M20 11a8 8 0 0 0-14.6-4.5M4 4v3.5h3.5M4 13a8 8 0 0 0 14.6 4.5M20 20v-3.5h-3.5"/>`,
  card: svg`<rect x="2.5" y="5" width="19" height="14" rx="2"/><path d="M2.5 10h19M6 15h4"/>`,
  hourglass: svg`<path d="M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9s10 4 10 9"/>`,
  x: svg`<circle cx="12" cy="12" r="9"/><path d="m9 9 6 6M15 9l-6 6"/>`,
  lock: svg`<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>`,
  info: svg`<circle cx="12" cy="12" r="9"/><path d="M12 11v5M12 7.8h.01"/>`,
};

/** Name of an icon in this set. */
export type IconName = keyof typeof paths;

/** An inline, aria-hidden outline icon. */
export function icon(name: IconName): TemplateResult {
  return html`<svg class="i" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths[name]}</svg>`;
}
