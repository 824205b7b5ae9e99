import { html, svg, type TemplateResult } from "lit";

// Outline icons (24×24, currentColor). Decorative: every state is also said in words.
const paths = {
  check: svg`<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.7 2.7L16.2 9.6"/>`,
  warning: svg`<path d="M10.3 3.9 2.4 17.5a2 2 0 0 0 1.7 3h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z"/><path d="M12 9v4.2M12 17h.01"/>`,
  alert: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.2M12 16.3h.01"/>`,
  stop: svg`<circle cx="12" cy="12" r="9"/><path d="m5.7 5.7 12.6 12.6"/>`,
  clock: svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`,
  link: svg`<path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5"/><path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5"/>`,
  search: svg`<circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/>`,
  users: svg`<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.6a3.5 3.5 0 0 1 0 6.8M18.5 14a6.5 6.5 0 0 1 3 6"/>`,
  user: svg`<circle cx="12" cy="8" r="4"/><path d="M4.5 20.5a7.5 7.5 0 0 1 15 0"/>`,
  minus: svg`<circle cx="12" cy="12" r="9"/><path d="M8 12h8"/>`,
  spinner: svg`<path d="M21 12a9 9 0 1 1-6.2-8.56"/>`,
  refresh: svg`<path d="M20 11a8 8 0 0 0-14.6-4.5M4 4v3.5h3.5M4 13a8 8 0 0 0 14.6 4.5M20 20v-3.5h-3.5"/>`,
  chevron: svg`<path d="m6 9 6 6 6-6"/>`,
};

/** Name of an icon in this set. */
export type IconName = keyof typeof paths;

/** An inline, aria-hidden outline icon. */
export function icon(name: IconName, cls = ""): TemplateResult {
  return html`<svg class=${`i ${cls}`} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths[name]}</svg>`;
}
