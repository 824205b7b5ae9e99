import { css } from "lit";

/** Styles of `<agg-accounts-settings>`: the connect button's card, then a panel of labelled fields. */
export const styles = css`
  :host {
    max-width: var(--agg-max-width, 46rem);
    --_field-border: color-mix(in srgb, var(--_muted) 62%, var(--_border));
  }
  .settings {
    display: grid;
    gap: 16px;
  }
  .panel {
    padding: 0 20px;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 1px 2px rgb(16 24 40 / 6%);
  }
  .section {
    display: grid;
    gap: 16px;
    padding: 18px 0 20px;
    border-bottom: 1px solid var(--_border);
  }
  h2 {
    margin: 0;
    font-size: 1.07em;
    font-weight: 600;
  }
  .field {
    display: grid;
    gap: 6px;
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  label,
  legend,
  .label {
    font-weight: 600;
  }
  legend {
    padding: 0;
    margin-bottom: 8px;
  }
  .i {
    flex: none;
    width: 16px;
    height: 16px;
  }
  input[type="text"],
  input[type="url"],
  input[readonly],
  select {
    width: 100%;
    max-width: 32rem;
    min-height: 38px;
    padding: 6px 10px;
    border: 1px solid var(--_field-border);
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
  input::placeholder {
    color: var(--_muted);
  }
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
    border-color: var(--_focus);
  }
  [aria-invalid="true"] {
    border-color: var(--_danger);
  }
  select[disabled] {
    background: var(--_subtle);
    color: var(--_muted);
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.93em;
    font-weight: 400;
  }
  .loading {
    display: inline-flex;
    align-items: center;
    gap: 6px;
  }
  .error,
  .once {
    display: flex;
    align-items: flex-start;
    gap: 6px;
    margin: 0;
  }
  .error {
    color: var(--_danger);
    font-size: 0.93em;
    font-weight: 600;
  }
  .error .i {
    margin-top: 2px;
  }
  .error:empty {
    display: none;
  }
  .inline-error,
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 12px;
  }
  .between {
    justify-content: space-between;
  }
  /* A box tinted in its tone: the stopped-payments banner (danger), the shown-once secret (warning). */
  .problem,
  .fresh {
    border: 1px solid color-mix(in srgb, var(--_tone) var(--_edge, 45%), var(--_border));
    border-radius: calc(var(--_radius) * 0.75);
    background: color-mix(in srgb, var(--_tone) var(--_tint, 5%), var(--_surface));
  }
  .problem {
    --_tone: var(--_danger);
    --_edge: 40%;
    --_tint: 6%;
    display: flex;
    gap: 10px;
    padding: 10px 12px;
    box-shadow: inset 4px 0 0 var(--_danger);
  }
  .problem > .i {
    width: 20px;
    height: 20px;
    color: var(--_danger);
  }
  .problem strong {
    color: var(--_danger);
  }
  .muted {
    color: var(--_muted);
  }
  .switch-field {
    grid-template-columns: auto minmax(0, 1fr);
    align-items: center;
    column-gap: 12px;
  }
  .switch-field > :not(input) {
    grid-column: 2;
  }
  .switch-field > label {
    grid-row: 1;
  }
  .switch {
    position: relative;
    width: 42px;
    height: 24px;
    margin: 0;
    border-radius: 12px;
    background: var(--_field-border);
    appearance: none;
    cursor: pointer;
    transition: background-color 120ms;
  }
  .switch::before {
    content: "";
    position: absolute;
    top: 3px;
    left: 3px;
    width: 18px;
    height: 18px;
    border-radius: 50%;
    background: #fff;
    box-shadow: 0 1px 2px rgb(0 0 0 / 30%);
    transition: translate 120ms;
  }
  .switch:checked {
    background: var(--_primary);
  }
  .switch:checked::before {
    translate: 18px 0;
  }
  .switch:focus-visible,
  .choice input:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .switch[aria-invalid="true"] {
    box-shadow: 0 0 0 2px var(--_danger);
  }
  .choices {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
    gap: 8px 12px;
  }
  .choice {
    display: flex;
    align-items: flex-start;
    gap: 10px;
    padding: 10px 12px;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.75);
    font-weight: 400;
    cursor: pointer;
  }
  .choice:has(:checked) {
    border-color: var(--_primary);
    background: color-mix(in srgb, var(--_primary) 5%, var(--_surface));
  }
  .choice input {
    flex: none;
    width: 16px;
    height: 16px;
    margin: 2px 0 0;
    accent-color: var(--_primary);
  }
  .choice-label {
    display: block;
    font-weight: 600;
  }
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
    gap: 16px 24px;
  }
  .affix {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  input.short {
    width: 6.5rem;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .unit {
    color: var(--_muted);
  }
  .mono {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.95em;
  }
  .secret-state {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 36px;
    font-weight: 600;
  }
  .secret-state[data-set="true"] {
    color: var(--_success);
  }
  .secret-state[data-set="false"] {
    color: var(--_muted);
  }
  .secret-state .mono {
    color: var(--_text);
    font-weight: 400;
  }
  .fresh {
    --_tone: var(--_warning);
    display: grid;
    gap: 8px;
    padding: 12px 14px;
  }
  .fresh input {
    flex: 1 1 18rem;
    max-width: none;
  }
  .once {
    color: var(--_warning);
    font-weight: 600;
  }
  .once .i {
    margin-top: 2px;
  }
  .copy-status {
    color: var(--_muted);
  }
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    padding: 16px 0 18px;
  }
  .save-status {
    display: inline-flex;
    align-items: flex-start;
    gap: 6px;
    min-height: 1.45em;
    color: var(--_muted);
  }
  .save-status .i {
    margin-top: 2px;
  }
  .save-status[data-tone="success"] {
    color: var(--_success);
    font-weight: 600;
  }
  .save-status[data-tone="danger"] {
    color: var(--_danger);
    font-weight: 600;
  }
  .footer-actions {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-inline-start: auto;
  }
  .btn[aria-disabled="true"] {
    opacity: 0.55;
    cursor: default;
  }
  .btn[aria-disabled="true"]:hover {
    background: var(--_primary);
  }
  .loading-panel .section:last-child {
    border-bottom: 0;
  }
  .sk-label,
  .sk-input {
    display: block;
    border-radius: 6px;
  }
  .sk-label {
    width: 11rem;
    height: 12px;
  }
  .sk-input {
    width: min(24rem, 100%);
    height: 36px;
    margin-bottom: 6px;
  }
`;
