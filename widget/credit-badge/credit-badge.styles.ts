import { css } from "lit";

/** Styles of `<agg-credit-badge>`: a calm pill with a tone, a line or two, and a detail panel. */
export const styles = css`
  :host {
    container-type: inline-size;
    max-width: var(--agg-credit-max-width, 32rem);
    --_tone: var(--_muted);
  }
  .badge {
    display: grid;
    gap: 6px;
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    min-width: 0;
  }
  .i {
    flex: none;
    width: 16px;
    height: 16px;
  }
  .pill {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    max-width: 100%;
    min-height: 30px;
    padding: 4px 12px 4px 9px;
    border: 1px solid color-mix(in srgb, var(--_tone) 32%, var(--_surface));
    border-radius: 999px;
    background: color-mix(in srgb, var(--_tone) 9%, var(--_surface));
    color: var(--_tone);
    font: inherit;
    font-weight: 600;
    line-height: 1.25;
    text-align: start;
  }
  .pill[data-tone="neutral"] {
    border-color: var(--_border);
    background: var(--_subtle);
    color: var(--_text);
  }
  .pill[data-tone="neutral"] > .i {
    color: var(--_muted);
  }
  [data-state="empty"] .pill {
    border-style: dashed;
    background: var(--_surface);
    color: var(--_muted);
    font-weight: 500;
  }
  button.pill {
    cursor: pointer;
    transition: background-color 120ms, border-color 120ms;
  }
  button.pill:hover {
    background: color-mix(in srgb, var(--_tone) 15%, var(--_surface));
  }
  button.pill:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .extra {
    font-weight: 500;
  }
  .chev {
    width: 14px;
    height: 14px;
    margin-inline-start: 2px;
    opacity: 0.75;
    transition: rotate 150ms;
  }
  [aria-expanded="true"] > .chev {
    rotate: 180deg;
  }
  .line {
    display: inline-flex;
    align-items: flex-start;
    gap: 6px;
    color: var(--_muted);
  }
  .line > .i {
    margin-top: 2px;
  }
  .line[data-tone="danger"] {
    color: var(--_danger);
    font-weight: 600;
  }
  .line[data-tone="warning"] {
    color: var(--_warning);
  }
  .reason {
    color: var(--_muted);
    font-weight: 400;
  }
  .candidates {
    flex-basis: 100%;
    display: grid;
    gap: 2px;
    margin: 2px 0 0;
    padding: 0 0 0 12px;
    border-inline-start: 2px solid var(--_border);
    list-style: none;
  }
  .code,
  .tag {
    margin-inline-start: 6px;
    padding: 0 6px;
    border-radius: 4px;
    background: var(--_subtle);
    color: var(--_muted);
    font-size: 0.9em;
    font-variant-numeric: tabular-nums;
  }
  .sync {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 6px;
    color: var(--_muted);
    font-size: 0.93em;
  }
  .sync[data-stale="true"] {
    color: var(--_warning);
  }
  .sync .btn-link {
    min-height: 26px;
    gap: 4px;
    font-weight: 600;
  }
  .sync-note:empty {
    display: none;
  }
  .sync-note {
    color: var(--_text);
  }
  .btn-sm {
    min-height: 30px;
    padding: 0 12px;
  }
  .detail {
    display: grid;
    gap: 12px;
    padding: 12px 14px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 1px 2px rgb(16 24 40 / 6%);
  }
  .detail[hidden] {
    display: none;
  }
  .who {
    margin: 0;
    font-weight: 600;
  }
  .figures {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 10px 16px;
    margin: 0;
  }
  dt {
    color: var(--_muted);
    font-size: 0.86em;
  }
  dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .row[data-tone] dd {
    color: var(--_tone);
  }
  @container (min-width: 26rem) {
    .figures {
      grid-template-columns: repeat(4, minmax(0, 1fr));
    }
  }
  .meter-row {
    display: flex;
    align-items: center;
    gap: 12px;
  }
  .meter {
    flex: 1;
    min-width: 0;
  }
  .meter svg {
    display: block;
    overflow: visible;
  }
  .track {
    fill: var(--_subtle);
    stroke: var(--_border);
    stroke-width: 1;
  }
  .fill {
    fill: var(--_tone);
  }
  .meter[data-tone="neutral"] .fill {
    fill: var(--_primary);
  }
  .mark {
    fill: var(--_text);
    opacity: 0.45;
    translate: -1px 0;
  }
  .meter-text {
    color: var(--_muted);
    font-size: 0.93em;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .skeleton {
    display: inline-block;
  }
  .pill-sk {
    width: 150px;
    height: 30px;
    border-radius: 999px;
  }
  .line-sk {
    width: 120px;
    height: 12px;
    border-radius: 6px;
  }
`;
