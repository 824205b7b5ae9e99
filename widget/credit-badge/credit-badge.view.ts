import { html, nothing, svg, type TemplateResult } from "lit";
import type { CreditPosition } from "../../shared/credit.ts";
import type { CreditCandidate } from "../../shared/credit-api.ts";
import { candidateCodes, type Headline, type JobLine, type Tone } from "./credit-badge.model.ts";
import { ago, moneyFull, percent, when } from "./format.ts";
import { icon } from "./icons.ts";

// Pure render helpers of <agg-credit-badge>: data in, template out; events go to callbacks.

/** The expand/collapse wiring of the pill. */
export interface Toggle {
  expanded: boolean;
  onToggle: () => void;
}

/** The pill: a real button (aria-expanded) when there is detail to show, else plain text. */
export function pill(h: Headline, toggle: Toggle | null): TemplateResult {
  const body = html`${icon(h.glyph, h.glyph === "spinner" ? "spin" : "")}<span class="text">${h.text}</span
    >${h.extra ? html`<span class="extra"><span class="sr-only">, </span><span aria-hidden="true">·</span> ${h.extra}</span>` : nothing}`;
  if (!toggle) return html`<span part="pill" class="pill" data-tone=${h.tone}>${body}</span>`;
  return html`<button type="button" part="pill toggle" class="pill" data-tone=${h.tone} data-toggle
    aria-expanded=${toggle.expanded ? "true" : "false"} aria-controls="detail" @click=${toggle.onToggle}>
    <span class="sr-only">Credit: </span>${body}${icon("chevron", "chev")}
  </button>`;
}

/** The loading skeleton, with words for screen readers. */
export function skeleton(customer: string): TemplateResult {
  return html`<span class="sr-only">Checking credit for ${customer}…</span
    ><span part="skeleton" class="skeleton pill-sk" aria-hidden="true"></span
    ><span part="skeleton" class="skeleton line-sk" aria-hidden="true"></span>`;
}

/** The job-value verdict line. */
export function job(line: JobLine): TemplateResult {
  const tone: Tone = line.kind === "exceed" ? "danger" : line.kind === "invalid" ? "warning" : "neutral";
  const glyph = line.kind === "exceed" ? icon("stop") : line.kind === "invalid" ? icon("alert") : nothing;
  return html`<span part="job" class="line" data-tone=${tone} data-job=${line.kind}>${glyph}<span
      >${line.text}${line.kind === "invalid" ? html`<span class="reason"> — ${line.reason}</span>` : nothing}</span
    ></span>`;
}

/** The Retry button after an error. */
export function retry(onClick: () => void): TemplateResult {
  return html`<div class="actions"><button type="button" part="button retry" class="btn btn-secondary btn-sm"
    @click=${onClick}>${icon("refresh")}Retry</button></div>`;
}

/** A muted sentence after the pill. */
export function message(text: string): TemplateResult {
  return html`<span part="message" class="line">${text}</span>`;
}

/** The candidates of an ambiguous reference: names and codes, never a guess. */
export function candidates(list: CreditCandidate[]): TemplateResult {
  return html`<ul part="candidates" class="candidates">
    ${list.map((c) => {
      const codes = candidateCodes(c);
      return html`<li><span class="name">${c.name}</span>${codes ? html` <span class="code">${codes}</span>` : nothing}</li>`;
    })}
  </ul>`;
}

/** What the sync line needs: when, whether it is stale, and the Refresh button's state. */
export interface SyncView {
  lastSyncedAt: string;
  now: number;
  stale: boolean;
  refreshing: boolean;
  /** Seconds until Refresh may be used again (after a 429), or 0. */
  waitSeconds: number;
  note: string | null;
  onRefresh: () => void;
}

/** "Last updated 25 min ago" and the Refresh button (syncs this one customer from the accounting system). */
export function syncLine(s: SyncView): TemplateResult {
  const note = s.waitSeconds > 0 ? `Try again in ${s.waitSeconds} s` : s.note;
  return html`<div part="sync" class="sync" data-stale=${s.stale ? "true" : "false"}>
    ${icon("clock")}<span>${s.stale ? "Last updated" : "Last synced"}
      <time datetime=${s.lastSyncedAt} title=${when(s.lastSyncedAt)}>${ago(s.lastSyncedAt, s.now)}</time></span>
    <button type="button" part="button refresh" class="btn btn-link" data-refresh
      ?disabled=${s.refreshing || s.waitSeconds > 0} @click=${s.onRefresh}>
      ${icon("refresh", s.refreshing ? "spin" : "")}${s.refreshing ? "Refreshing…" : "Refresh"}
    </button>
    <span part="sync-note" class="sync-note" aria-live="polite">${note ?? nothing}</span>
  </div>`;
}

/** The utilisation bar: clamped to 0–100%, with the listed-debtor threshold marked. */
export function meter(p: CreditPosition): TemplateResult | typeof nothing {
  if (p.limitMinor === null) return nothing;
  const pct = percent(p.utilisation);
  const now = pct === null ? 100 : Math.min(100, Math.max(0, pct));
  const text = pct === null ? "Over a zero limit" : `${pct}% of limit used`;
  // SVG geometry, not inline styles: hosts with a strict style-src CSP still get the bar.
  return html`<div class="meter-row">
    <div part="meter" class="meter" role="meter" aria-label="Credit limit used" aria-valuemin="0"
      aria-valuemax="100" aria-valuenow=${now} aria-valuetext=${text} data-tone=${p.flags.isOverLimit ? "danger" : p.flags.isWarning ? "warning" : "neutral"}>
      <svg width="100%" height="14" aria-hidden="true" focusable="false">
        <rect class="track" y="3" width="100%" height="8" rx="4"/>
        ${now > 0 ? svg`<rect part="meter-fill" class="fill" y="3" width=${`${now}%`} height="8" rx="4"/>` : nothing}
        <rect class="mark" x=${`${Math.round(p.warningThreshold * 100)}%`} width="2" height="14" rx="1"/>
      </svg>
    </div>
    <span class="meter-text" aria-hidden="true">${text}</span>
  </div>`;
}

function row(label: string, value: string | TemplateResult, tone?: Tone): TemplateResult {
  return html`<div class="row" data-tone=${tone ?? nothing}><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** The expanded detail: who, limit, balance, overdue, available, the bar, and when it was synced. */
export function detail(
  p: CreditPosition,
  expanded: boolean,
  sync: TemplateResult | typeof nothing,
  providerName: string,
): TemplateResult {
  const c = p.currency;
  const m = (minor: number) => moneyFull(minor, c);
  const balance = p.balanceMinor < 0 ? `${m(-p.balanceMinor)} in credit` : m(p.balanceMinor);
  return html`<div part="detail" id="detail" class="detail" ?hidden=${!expanded}>
    <p class="who"><span class="name">${p.customer.name}</span>${p.customer.archived ? html` <span class="tag">Archived in ${providerName}</span>` : nothing}</p>
    <dl part="figures" class="figures">
      ${row("Credit limit", p.limitMinor === null ? "Not set" : m(p.limitMinor))}
      ${row("Balance", balance)}
      ${row("Overdue", m(p.overdueMinor), p.flags.hasOverdue ? "warning" : undefined)}
      ${row("Available", p.availableMinor === null ? "—" : m(p.availableMinor), p.flags.isOverLimit ? "danger" : undefined)}
    </dl>
    ${meter(p)}
    ${sync}
  </div>`;
}
