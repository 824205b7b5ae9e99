import { html, type PropertyValues, type TemplateResult } from "lit";
import type { JobPaymentLookup } from "../../shared/payments.ts";
import { asApiError } from "../base/api-client.ts";
import { LookupElement } from "../base/lookup-element.ts";
import { baseStyles } from "../base/styles.ts";
import { fetchPayment } from "./api.ts";
import {
  type CardView,
  cardView,
  invoiceLine,
  type Line,
  lookupKey,
  type PaymentChangeDetail,
  shownState,
} from "./payment-status.model.ts";
import { styles } from "./payment-status.styles.ts";
import { box, hints, line, retry, skeleton } from "./payment-status.view.ts";
import { inFlight, pollDelay } from "./poll.ts";

declare global {
  interface GlobalEventHandlersEventMap {
    "agg-payment-change": CustomEvent<PaymentChangeDetail>;
  }
}

type Phase = "idle" | "loading" | "ready" | "error";

/**
 * `<agg-payment-status>` — one cell of AGG SMART's Payment Column: the job's invoice state from
 * the accounting system (paid rows get a green background) and the card state the host passes in (yellow box =
 * pre-authorised, green box = captured, red box = pre-auth over 20 days old, near expiry,
 * expired or failed). Made for jobs lists: it loads when scrolled into view, polls with backoff
 * (15 s → 30 s → 60 s → 120 s, back to 15 s on a change) only while on screen and the tab is
 * visible, shares a cap of 4 requests in flight with the other rows, and stops once paid.
 *
 * @attr token - The host-signed embed token (JWT).
 * @attr api - API base URL; defaults to the origin widget.js was loaded from.
 * @attr job - AGG SMART's job reference (e.g. "J-10023").
 * @attr card-status - The job's card payment, from AGG SMART: authorised | captured | failed | expired.
 * @attr card-amount - The card amount in the organisation's currency ("450.00").
 * @attr card-authorised-at - When the card was pre-authorised (ISO 8601), for the 20-day rule.
 * @attr state - Read-only, set by the element: no-token | no-job | loading | paid | part-paid |
 *   awaiting-payment | overdue | voided | no-invoice | not-synced | not-connected | error.
 *
 * @event agg-payment-change - The job's payment changed (also on first load); `detail` is {job, state, payment}.
 * @event agg-token-expired - The embed token expired; set a new `token` attribute.
 *
 * @csspart base - The cell (green background when paid).
 * @csspart status - The status (role="status", live after its first answer) holding the invoice line and card box.
 * @csspart invoice - The invoice line.
 * @csspart card - The card box; also `card-yellow`, `card-green`, `card-red`.
 * @csspart hint - Why an attribute was ignored (a bad card-amount or date).
 * @csspart button - The Retry button; also `retry`.
 * @csspart skeleton - The loading placeholder.
 *
 * @cssproperty --agg-font - Font family.
 * @cssproperty --agg-font-size - Base font size (14px).
 * @cssproperty --agg-text - Text colour.
 * @cssproperty --agg-muted - Secondary text colour (voided, not invoiced, hints).
 * @cssproperty --agg-surface - Background the tints mix with.
 * @cssproperty --agg-subtle - Skeleton colour.
 * @cssproperty --agg-border - Skeleton colour.
 * @cssproperty --agg-primary - Part paid, and the Retry link.
 * @cssproperty --agg-success - Paid and the captured box.
 * @cssproperty --agg-danger - Overdue, errors and the red card box.
 * @cssproperty --agg-focus - Focus ring colour.
 * @cssproperty --agg-radius - Corner radius of the cell (8px).
 * @cssproperty --agg-payment-paid-bg - The paid cell's background (a light green).
 * @cssproperty --agg-payment-preauth - The pre-authorised box's yellow.
 */
export class AggPaymentStatus extends LookupElement<JobPaymentLookup, Phase> {
  static override styles = [baseStyles, styles];
  static override properties = {
    ...LookupElement.properties,
    job: { type: String },
    cardStatus: { type: String, attribute: "card-status" },
    cardAmount: { type: String, attribute: "card-amount" },
    cardAuthorisedAt: { type: String, attribute: "card-authorised-at" },
  };

  declare job: string | null;
  declare cardStatus: string | null;
  declare cardAmount: string | null;
  declare cardAuthorisedAt: string | null;
  private step = 0;
  private dueAt = 0;
  private cardTimer: ReturnType<typeof setTimeout> | undefined;
  private observer: IntersectionObserver | null = null;
  private onScreen = typeof IntersectionObserver === "undefined";
  private lastEvent = "";
  private line: Line | null = null;
  private card: CardView = { box: null, hints: [], changesAt: null };

  constructor() {
    super("idle");
    this.job = null;
    this.cardStatus = null;
    this.cardAmount = null;
    this.cardAuthorisedAt = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.wake);
    if (typeof IntersectionObserver !== "undefined") {
      // A row scrolled far out of view neither loads nor polls; 200px early so it is ready on arrival.
      this.observer = new IntersectionObserver(this.onIntersect, { rootMargin: "200px" });
      this.observer.observe(this);
    }
    this.schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.wake);
    this.observer?.disconnect();
    this.observer = null;
    this.cancel();
    clearTimeout(this.cardTimer);
  }

  private get ref(): string {
    return this.job?.trim() ?? "";
  }

  private readonly wake = (): void => this.schedule();

  private readonly onIntersect = (entries: IntersectionObserverEntry[]): void => {
    this.onScreen = entries[entries.length - 1]?.isIntersecting ?? this.onScreen;
    this.schedule();
  };

  /** Forgets the shown job and loads it again (new job, new API base, Retry). */
  private restart(): void {
    this.cancel();
    this.lookup = null;
    this.problem = null;
    this.step = 0;
    this.dueAt = 0;
    this.lastEvent = "";
    this.phase = this.token && this.ref ? "loading" : "idle";
    this.schedule();
  }

  /** Checks the job now and starts the backoff again at 15 s, even once paid (e.g. right after the host took a payment). */
  refresh(): void {
    if (this.phase !== "ready") return this.restart();
    this.step = -1; // the answer counts as "unchanged" (step + 1): the next wait is the first step
    this.dueAt = 0;
    if (!this.inflight) void this.poll();
  }

  private get polling(): boolean {
    const paid = this.lookup?.state === "found" && this.lookup.payment.state === "paid";
    return (
      this.isConnected &&
      (this.phase === "loading" || this.phase === "ready") &&
      !paid &&
      !this.inflight &&
      this.onScreen &&
      !document.hidden
    );
  }

  /** Arms the one timer for the next poll, or disarms it while off screen, hidden, paid or busy. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.polling) return;
    this.timer = setTimeout(() => void this.poll(), Math.max(0, this.dueAt - Date.now()));
  }

  private async poll(): Promise<void> {
    const seq = this.seq;
    const job = this.ref;
    const ctl = new AbortController();
    this.inflight = ctl;
    try {
      const next = await inFlight(() => fetchPayment(this, job, ctl.signal));
      if (seq !== this.seq) return;
      const changed = lookupKey(next) !== lookupKey(this.lookup);
      this.step = changed ? 0 : this.step + 1;
      this.lookup = next;
      this.phase = "ready";
    } catch (err) {
      if (seq !== this.seq) return;
      // A failed poll keeps what is shown and backs off; only a failed first load shows the error.
      if (this.phase === "ready") this.step++;
      else {
        this.problem = asApiError(err);
        this.phase = "error";
      }
    } finally {
      if (this.inflight === ctl) this.inflight = null;
    }
    this.dueAt = Date.now() + pollDelay(this.step, job);
    this.schedule();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    const retryToken = changed.has("token") && (this.phase === "error" || this.phase === "idle");
    if (!this.hasUpdated || changed.has("job") || changed.has("api") || retryToken) this.restart();
    const l = this.lookup;
    const now = Date.now();
    this.line = this.headline(l, now);
    const currency = l?.state === "found" ? l.payment.currency : "GBP";
    this.card = cardView(
      { status: this.cardStatus, amount: this.cardAmount, authorisedAt: this.cardAuthorisedAt },
      currency,
      now,
    );
  }

  private headline(l: JobPaymentLookup | null, now: number): Line | null {
    if (!this.token)
      return { attr: "no-token", tone: "danger", glyph: "lock", text: "Sign-in token missing" };
    if (!this.ref) return { attr: "no-job", tone: "muted", glyph: "doc", text: "No job reference" };
    if (this.phase === "error")
      return {
        attr: "error",
        tone: "danger",
        glyph: "alert",
        text: "Couldn't check payment",
        title: this.problem?.message,
      };
    return l && this.phase === "ready" ? invoiceLine(l, new Date(now)) : null;
  }

  override updated(): void {
    this.setAttribute("state", this.line?.attr ?? "loading");
    // A list of rows loading must not talk over itself: the live region goes live only after
    // its first answer, so changes are announced and the first load is not. (Set here, not in
    // the template, so the region is live before the next change is rendered into it.)
    const region = this.renderRoot.querySelector("[role=status]");
    region?.setAttribute("aria-live", this.phase === "ready" ? "polite" : "off");
    clearTimeout(this.cardTimer);
    const at = this.card.changesAt;
    if (at !== null) this.cardTimer = setTimeout(() => (this.now = Date.now()), Math.max(0, at - Date.now()));
    const l = this.lookup;
    if (this.phase !== "ready" || !l) return;
    const key = `${this.ref}\n${lookupKey(l)}`;
    if (key === this.lastEvent) return;
    this.lastEvent = key;
    this.emit<PaymentChangeDetail>("agg-payment-change", {
      job: this.ref,
      state: shownState(l),
      payment: l.state === "found" ? l.payment : null,
    });
  }

  override render(): TemplateResult {
    const l = this.line;
    const label = this.ref ? `Payment for job ${this.ref}` : "Job payment";
    return html`<div part="base" class="cell" data-state=${l?.attr ?? "loading"} ?data-paid=${l?.attr === "paid"}>
      <div part="status" class="status" role="status" aria-label=${label}>
        ${l ? line(l) : skeleton(this.ref)}${this.card.box ? box(this.card.box) : ""}
      </div>
      ${this.phase === "error" ? retry(() => this.restart(), this.ref) : ""}${hints(this.card.hints)}
    </div>`;
  }
}
