import { css } from "lit";

/**
 * Tokens and primitives every AGG SMART element shares. Hosts theme them with `--agg-*` custom
 * properties; elements use the private `--_*` copies so a missing host value falls back cleanly.
 */
export const baseStyles = css`
  :host {
    --_font: var(--agg-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
    --_text: var(--agg-text, #1c2330);
    --_muted: var(--agg-muted, #586273);
    --_surface: var(--agg-surface, #ffffff);
    --_subtle: var(--agg-subtle, #f4f6f9);
    --_border: var(--agg-border, #d7dce4);
    --_primary: var(--agg-primary, #1a5db8);
    --_on-primary: var(--agg-on-primary, #ffffff);
    --_danger: var(--agg-danger, #b42318);
    --_success: var(--agg-success, #13773a);
    --_warning: var(--agg-warning, #8f5200);
    --_focus: var(--agg-focus, var(--_primary));
    --_radius: var(--agg-radius, 8px);
    display: block;
    font-family: var(--_font);
    font-size: var(--agg-font-size, 14px);
    line-height: 1.45;
    color: var(--_text);
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 36px;
    padding: 0 14px;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) * 0.75);
    font: inherit;
    font-weight: 600;
    white-space: nowrap;
    cursor: pointer;
    transition: background-color 120ms, border-color 120ms, box-shadow 120ms;
  }
  .btn:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .btn[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  .btn-primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .btn-primary:hover:not([disabled]) {
    background: color-mix(in srgb, var(--_primary) 86%, #000);
  }
  .btn-danger {
    background: var(--_danger);
    color: #fff;
  }
  .btn-danger:hover:not([disabled]) {
    background: color-mix(in srgb, var(--_danger) 86%, #000);
  }
  .btn-secondary {
    background: var(--_surface);
    color: var(--_text);
    border-color: var(--_border);
  }
  .btn-secondary:hover:not([disabled]) {
    background: var(--_subtle);
  }
  .btn-link {
    min-height: 28px;
    padding: 0 4px;
    background: none;
    color: var(--_primary);
    text-decoration: underline;
    text-underline-offset: 2px;
  }
  /* Status tones: an element's parts colour themselves with var(--_tone). */
  [data-tone="success"] {
    --_tone: var(--_success);
  }
  [data-tone="warning"] {
    --_tone: var(--_warning);
  }
  [data-tone="danger"] {
    --_tone: var(--_danger);
  }
  [data-tone="info"] {
    --_tone: var(--_primary);
  }
  .skeleton {
    --_sk: color-mix(in srgb, var(--_border) 55%, var(--_subtle));
    background: linear-gradient(90deg, var(--_sk) 30%, var(--_subtle) 50%, var(--_sk) 70%);
    background-size: 300% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  .spin {
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      rotate: 360deg;
    }
  }
  @keyframes shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: 0 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
