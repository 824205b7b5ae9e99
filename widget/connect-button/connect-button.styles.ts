import { css } from "lit";

/** Styles of `<agg-connect-button>`: a card with a state icon, live status text and actions. */
export const styles = css`
  :host {
    container-type: inline-size;
    max-width: var(--agg-max-width, none);
  }
  .card {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    align-items: center;
    gap: 12px 16px;
    padding: 16px 18px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 1px 2px rgb(16 24 40 / 6%);
  }
  .card[data-tone="busy"] {
    --_tone: var(--_primary);
    --_tint: 10%;
  }
  .card[data-tone="warning"] {
    --_tint: 13%;
    border-color: color-mix(in srgb, var(--_warning) 45%, var(--_border));
    box-shadow: inset 4px 0 0 var(--_warning), 0 1px 2px rgb(16 24 40 / 6%);
  }
  .card[data-tone="danger"] {
    --_tint: 11%;
    border-color: color-mix(in srgb, var(--_danger) 40%, var(--_border));
    box-shadow: inset 4px 0 0 var(--_danger), 0 1px 2px rgb(16 24 40 / 6%);
  }
  .card.compact {
    grid-template-columns: auto minmax(0, 1fr);
    gap: 10px;
    padding: 8px 12px;
    box-shadow: none;
  }
  .icon {
    align-self: start;
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border-radius: 50%;
    color: var(--_muted);
    background: var(--_subtle);
  }
  .compact .icon {
    align-self: center;
    width: 28px;
    height: 28px;
  }
  .compact .i {
    width: 16px;
    height: 16px;
  }
  /* The state icon in the card's tone (base styles set --_tone), tinted --_tint; neutral stays muted. */
  .card:not([data-tone="neutral"]) > .icon {
    color: var(--_tone);
    background: color-mix(in srgb, var(--_tone) var(--_tint, 12%), var(--_surface));
  }
  .body {
    min-width: 0;
  }
  .title {
    display: block;
    margin-bottom: 2px;
    font-size: 0.8em;
    font-weight: 600;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--_muted);
  }
  .status {
    outline: none;
  }
  .line {
    display: block;
    font-size: 1.07em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .compact .line {
    font-size: 1em;
  }
  [data-tone="warning"] .line {
    color: var(--_warning);
  }
  [data-tone="danger"] .line {
    color: var(--_danger);
  }
  .reason,
  .since {
    font-weight: 400;
    color: var(--_text);
  }
  time {
    white-space: nowrap;
  }
  .detail {
    display: block;
    margin-top: 2px;
    color: var(--_muted);
  }
  .note {
    display: block;
    width: fit-content;
    margin-top: 8px;
    padding: 3px 10px;
    border-radius: 999px;
    font-size: 0.93em;
    background: var(--_subtle);
    color: var(--_text);
  }
  .note[data-tone="success"] {
    color: var(--_success);
    background: color-mix(in srgb, var(--_success) 10%, var(--_surface));
  }
  .note[data-tone="error"] {
    color: var(--_danger);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_surface));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    align-items: center;
    gap: 8px;
  }
  .actions:empty {
    display: none;
  }
  .confirm {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 12px 16px;
    padding: 12px 14px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_subtle);
  }
  .confirm p {
    flex: 1 1 16rem;
    margin: 0;
  }
  .confirm-actions {
    display: flex;
    gap: 8px;
  }
  .providers {
    grid-column: 1 / -1;
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
    gap: 8px;
  }
  .provider {
    display: grid;
    gap: 2px;
    padding: 10px 14px;
    text-align: start;
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    cursor: pointer;
  }
  .provider:hover {
    background: var(--_subtle);
  }
  .provider:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .provider-name {
    font-weight: 600;
  }
  .provider-how {
    font-size: 0.93em;
    color: var(--_muted);
  }
  .key {
    grid-column: 1 / -1;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 10px;
    padding: 14px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_subtle);
  }
  .key p,
  .steps {
    margin: 0;
  }
  .key-title {
    font-weight: 600;
  }
  .key-warn {
    display: flex;
    gap: 8px;
    align-items: flex-start;
    color: var(--_warning);
  }
  .key-warn .i {
    flex: none;
    width: 18px;
    height: 18px;
  }
  .key-label {
    font-weight: 600;
    font-size: 0.93em;
  }
  .key-row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .key-value {
    flex: 1 1 16rem;
    min-width: 0;
    padding: 8px 10px;
    font: 0.93em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
  }
  .key-value:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .copied:empty {
    display: none;
  }
  .copied[data-tone="success"] {
    color: var(--_success);
  }
  .copied[data-tone="error"] {
    color: var(--_danger);
  }
  .steps {
    display: grid;
    gap: 8px;
    padding-inline-start: 1.3em;
  }
  .command {
    margin: 6px 0;
    padding: 8px 10px;
    overflow-x: auto;
    white-space: pre-wrap;
    word-break: break-all;
    font: 0.88em/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
  }
  code.url {
    word-break: break-all;
  }
  .steps li > code:not(.url) {
    white-space: nowrap;
  }
  .checks {
    grid-column: 2 / -1;
    color: var(--_muted);
  }
  .checks p,
  .checks ul {
    margin: 0;
  }
  .checks ul {
    margin: 4px 0;
    padding-inline-start: 1.3em;
  }
  .skeleton {
    display: block;
    /* Again here, after .icon's own background, for the icon's skeleton (base/styles.ts has the rest). */
    background: linear-gradient(90deg, var(--_sk) 30%, var(--_subtle) 50%, var(--_sk) 70%);
    background-size: 300% 100%;
  }
  .bar {
    width: min(18rem, 90%);
    height: 14px;
    margin: 4px 0;
    border-radius: 7px;
  }
  .pill {
    width: 132px;
    height: 36px;
    border-radius: calc(var(--_radius) * 0.75);
  }
  @container (max-width: 30rem) {
    .actions {
      grid-column: 2 / -1;
      justify-content: flex-start;
    }
  }
`;
