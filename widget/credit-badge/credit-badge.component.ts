import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import type { CreditLookup } from "../../shared/credit-api.ts";
import { states } from "../base/agg-element.ts";
import { asApiError } from "../base/api-client.ts";
import { LookupElement } from "../base/lookup-element.ts";
import { baseStyles } from "../base/styles.ts";
import { fetchCredit, refreshCredit, retryAfterSeconds } from "./api.ts";
import {
  type CreditChangeDetail,
  changeDetail,
  type Phase,
  present,
  type Shown,
} from "./credit-badge.model.ts";
import { styles } from "./credit-badge.styles.ts";
import { candidates, detail, job, message, pill, retry, skeleton, syncLine } from "./credit-badge.view.ts";

declare global {
  interface GlobalEventHandlersEventMap {
    "agg-credit-change": CustomEvent<CreditChangeDetail>;
  }
}

/** Typing a customer reference fires one request, after this pause. */
const DEBOUNCE_MS = 250;
/** While the first sync runs, look again this often. */
const NOT_SYNCED_POLL_MS = 15_000;

/**
 * `<agg-credit-badge>` — the customer's credit position beside a booking form: a compact pill
 * that expands to the detail, and whether this job would take the customer over the limit. The
 * job check is computed in the browser, so typing a job value costs no request.
 *
 * @attr token - The host-signed embed token (JWT).
 * @attr api - API base URL; defaults to the origin widget.js was loaded from.
 * @attr customer - AGG SMART's account reference for the customer (fetched 250 ms after it settles).
 * @attr job-value - The job's value in the organisation's currency ("450.00"); optional.
 * @attr state - Read-only, set by the element: empty | loading | ok | warning | over-limit | overdue |
 *   no-limit | not-connected | not-synced | not-found | ambiguous | error.
 *
 * @event agg-credit-change - The shown verdict changed (customer, data or job value); `detail` is a CreditChangeDetail.
 * @event agg-token-expired - The embed token expired; set a new `token` attribute.
 *
 * @csspart base - The whole badge.
 * @csspart summary - The live summary (role="status"): pill, message and job line.
 * @csspart pill - The compact pill; also `toggle` when it expands the detail.
 * @csspart message - The sentence after the pill.
 * @csspart job - The job-value verdict line.
 * @csspart candidates - The list of matching contacts (ambiguous reference).
 * @csspart detail - The expanded detail panel.
 * @csspart figures - The limit / balance / overdue / available list.
 * @csspart meter - The utilisation bar; `meter-fill` its filled part.
 * @csspart sync - The last-synced line; `sync-note` its message.
 * @csspart button - Every button; also `refresh` and `retry`.
 * @csspart skeleton - Loading placeholders.
 *
 * @cssproperty --agg-font - Font family.
 * @cssproperty --agg-font-size - Base font size (14px).
 * @cssproperty --agg-text - Text colour.
 * @cssproperty --agg-muted - Secondary text colour.
 * @cssproperty --agg-surface - Background of the pill and detail.
 * @cssproperty --agg-subtle - Subtle background (neutral pill, bar track, skeleton).
 * @cssproperty --agg-border - Border colour.
 * @cssproperty --agg-primary - Link and focus colour.
 * @cssproperty --agg-success - Credit available.
 * @cssproperty --agg-warning - Listed debtor, overdue, not found, ambiguous.
 * @cssproperty --agg-danger - Over the limit, this job would exceed it, errors.
 * @cssproperty --agg-focus - Focus ring colour.
 * @cssproperty --agg-radius - Corner radius of the detail panel (8px).
 * @cssproperty --agg-credit-max-width - The badge's maximum width (32rem).
 */
export class AggCreditBadge extends LookupElement<CreditLookup, Phase> {
  static override styles = [baseStyles, styles];
  static override properties = {
    ...LookupElement.properties,
    customer: { type: String },
    jobValue: { type: String, attribute: "job-value" },
    ...states("expanded", "refreshing", "note", "waitUntil"),
  };

  declare customer: string | null;
  declare jobValue: string | null;
  declare private expanded: boolean;
  declare private refreshing: boolean;
  declare private note: string | null;
  declare private waitUntil: number;
  private ticker: ReturnType<typeof setTimeout> | undefined;
  private lastEvent = "";
  private focusAfterRefresh = false;
  private shown: Shown = present("empty", null, null, null, 0);

  constructor() {
    super("empty");
    this.customer = null;
    this.jobValue = null;
    this.expanded = false;
    this.refreshing = false;
    this.note = null;
    this.waitUntil = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick();
    // Moved in the DOM mid-request (or mid-poll): what was cancelled on the way out starts again.
    if (this.hasUpdated && (this.phase === "loading" || this.lookup?.state === "not_synced")) this.load(0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.cancel();
    clearTimeout(this.ticker);
    this.refreshing = false;
  }

  private get ref(): string {
    return this.customer?.trim() ?? "";
  }

  /** Shows the skeleton and fetches the customer after `delay`; earlier requests are aborted and ignored. */
  private load(delay: number): void {
    this.cancel();
    const seq = this.seq;
    const ref = this.ref;
    this.lookup = null;
    this.problem = null;
    this.note = null;
    this.waitUntil = 0;
    this.refreshing = false;
    this.phase = ref ? "loading" : "empty";
    if (ref) this.timer = setTimeout(() => void this.fetch(seq, ref), delay);
  }

  private async fetch(seq: number, ref: string): Promise<void> {
    const ctl = new AbortController();
    this.inflight = ctl;
    try {
      const lookup = await fetchCredit(this, ref, ctl.signal);
      if (seq === this.seq) this.show(lookup, seq, ref);
    } catch (err) {
      if (seq !== this.seq || ctl.signal.aborted) return;
      this.problem = asApiError(err);
      this.phase = "error";
    } finally {
      if (this.inflight === ctl) this.inflight = null;
    }
  }

  private show(lookup: CreditLookup, seq: number, ref: string): void {
    clearTimeout(this.timer);
    this.lookup = lookup;
    this.phase = "ready";
    this.now = Date.now();
    if (lookup.state === "not_synced")
      this.timer = setTimeout(() => void this.fetch(seq, ref), NOT_SYNCED_POLL_MS);
  }

  private async refresh(): Promise<void> {
    const seq = this.seq;
    const ref = this.ref;
    this.refreshing = true;
    this.note = null;
    this.focusAfterRefresh = true;
    try {
      const lookup = await refreshCredit(this, ref);
      if (seq === this.seq) this.show(lookup, seq, ref);
    } catch (err) {
      if (seq !== this.seq) return;
      const e = asApiError(err);
      if (e.code === "rate_limited") this.waitUntil = Date.now() + (retryAfterSeconds(e) ?? 30) * 1000;
      else this.note = e.message;
      this.tick();
    } finally {
      if (seq === this.seq) this.refreshing = false;
    }
  }

  // One timer: every second while a rate-limit countdown runs, else twice a minute (relative times).
  private tick(): void {
    clearTimeout(this.ticker);
    this.now = Date.now();
    if (this.waitUntil && this.now >= this.waitUntil) this.waitUntil = 0;
    this.ticker = setTimeout(() => this.tick(), this.waitUntil ? 1000 : 30_000);
  }

  override updated(): void {
    this.setAttribute("state", this.shown.headline?.attr ?? "loading");
    const detail = changeDetail(this.ref || null, this.shown, this.lookup);
    const key = JSON.stringify(detail);
    if (key !== this.lastEvent) {
      this.lastEvent = key;
      this.emit("agg-credit-change", detail);
    }
    if (this.focusAfterRefresh && !this.refreshing) {
      this.focusAfterRefresh = false;
      this.keepFocus();
    }
  }

  // A refresh can remove or disable the focused Refresh button: put focus back in the badge, but
  // never take it from somewhere else on the host page (the booking form).
  private keepFocus(): void {
    const active = document.activeElement;
    if (active && active !== document.body && (active !== this || this.shadowRoot?.activeElement)) return;
    const refresh = this.shadowRoot?.querySelector<HTMLButtonElement>("[data-refresh]");
    const usable = refresh && !refresh.disabled && refresh.checkVisibility();
    (usable ? refresh : this.shadowRoot?.querySelector<HTMLElement>("[data-toggle]"))?.focus();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    // A new token only matters when the last try failed (an expired token recovers inside call()).
    const retry = changed.has("token") && this.phase === "error";
    if (changed.has("customer") || changed.has("api") || retry) this.load(DEBOUNCE_MS);
    this.shown = present(this.phase, this.lookup, this.problem, this.jobValue, this.now);
  }

  override render(): TemplateResult {
    const { headline: h, job: jl, stale } = this.shown;
    const l = this.lookup;
    const found = l?.state === "found" ? l.position : null;
    const sync = found
      ? syncLine({
          lastSyncedAt: found.lastSyncedAt,
          now: this.now,
          stale,
          refreshing: this.refreshing,
          waitSeconds: Math.max(0, Math.ceil((this.waitUntil - this.now) / 1000)),
          note: this.note,
          onRefresh: () => void this.refresh(),
        })
      : nothing;
    const toggle = found ? { expanded: this.expanded, onToggle: () => this.toggle() } : null;
    const tone = h?.tone ?? "neutral";
    return html`<div part="base" class="badge" data-tone=${tone} data-state=${h?.attr ?? "loading"} @keydown=${this.onKey}>
      <div part="summary" class="summary" role="status" aria-label="Customer credit">
        ${h ? pill(h, toggle) : skeleton(this.ref)}
        ${h?.sentence ? message(h.sentence) : nothing}
        ${jl ? job(jl) : nothing}
        ${l?.state === "ambiguous" ? candidates(l.candidates) : nothing}
      </div>
      ${this.phase === "error" ? retry(() => this.load(0)) : nothing}
      ${found && stale ? sync : nothing}
      ${found ? detail(found, this.expanded, stale ? nothing : sync, this.shown.provider?.name ?? "") : nothing}
    </div>`;
  }

  private toggle(): void {
    this.expanded = !this.expanded;
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.key !== "Escape" || !this.expanded) return;
    this.expanded = false;
    this.renderRoot.querySelector<HTMLElement>("[data-toggle]")?.focus();
  };
}
