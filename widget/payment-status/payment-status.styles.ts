import { css } from "lit";

/** Styles of `<agg-payment-status>`: a compact Payment Column cell — a line and an optional card box. */
export const styles = css`
  :host {
    --_paid-bg: var(--agg-payment-paid-bg, color-mix(in srgb, var(--_success) 13%, var(--_surface)));
    --_yellow: var(--agg-payment-preauth, #e3b000);
    --_tone: var(--_text);
  }
  [data-tone="muted"] {
    --_tone: var(--_muted);
  }
  .cell {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 2px 8px;
    min-height: 30px;
    padding: 3px 8px;
    border-radius: calc(var(--_radius) * 0.75);
  }
  .cell[data-paid] {
    background: var(--_paid-bg);
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    min-width: 0;
  }
  .i {
    flex: none;
    width: 16px;
    height: 16px;
  }
  .line {
    display: inline-flex;
    align-items: center;
    gap: 5px;
    color: var(--_tone);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .line[data-tone="neutral"],
  .line[data-tone="muted"] {
    font-weight: 500;
  }
  .line[data-tone="neutral"] > .i {
    color: var(--_muted);
  }
  .box {
    display: inline-flex;
    align-items: center;
    gap: 5px;
    padding: 1px 7px 1px 5px;
    border: 1.5px solid var(--_edge);
    border-radius: 5px;
    background: var(--_fill);
    color: var(--_ink);
    font-size: 0.93em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .box[data-colour="yellow"] {
    --_edge: var(--_yellow);
    --_fill: color-mix(in srgb, var(--_yellow) 22%, var(--_surface));
    --_ink: var(--_text);
  }
  .box[data-colour="green"] {
    --_edge: var(--_success);
    --_fill: color-mix(in srgb, var(--_success) 10%, var(--_surface));
    --_ink: var(--_success);
  }
  .box[data-colour="red"] {
    --_edge: var(--_danger);
    --_fill: color-mix(in srgb, var(--_danger) 8%, var(--_surface));
    --_ink: var(--_danger);
  }
  .box .i {
    width: 15px;
    height: 15px;
  }
  .btn-link {
    min-height: 24px;
    padding: 0 2px;
    font-size: 0.93em;
  }
  .hint {
    flex-basis: 100%;
    display: inline-flex;
    align-items: flex-start;
    gap: 4px;
    color: var(--_muted);
    font-size: 0.82em;
    line-height: 1.35;
  }
  .hint > .i {
    width: 13px;
    height: 13px;
    margin-top: 1px;
  }
  .skeleton {
    display: inline-block;
    width: 9rem;
    height: 12px;
    border-radius: 6px;
  }
`;
