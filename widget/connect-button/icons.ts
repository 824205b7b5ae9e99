import { html, svg, type TemplateResult } from "lit";

// Outline icons (24×24, currentColor). Decorative: every state is also said in text.
const paths = {
  link: svg`<path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5"/><path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5"/>`,
  check: svg`<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.7 2.7L16.2 9.6"/>`,
  warning: svg`<path d="M10.3 3.9 2.4 17.5a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z"/><path d="M12 9v4.2"/><path d="M12 17h.01"/>`,
  error: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.2"/><path d="M12 16.3h.01"/>`,
  lock: svg`<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>`,
  spinner: svg`<path d="M21 12a9 9 0 1 1-6.2-8.56"/>`,
};

/** Name of an icon in this set. */
export type IconName = keyof typeof paths;

/** An inline, aria-hidden outline icon. */
export function icon(name: IconName, cls = ""): TemplateResult {
  return html`<svg class=${`i ${cls}`} viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths[name]}</svg>`;
}
