// The element's I/O and wiring. The form's load/edit/save cycle is pure, in
// accounts-settings.state.ts; the bank-account list is bank-list.ts, the signing secret
// secret.controller.ts; the sections' templates are accounts-settings.view.ts, webhook.view.ts,
// footer.view.ts, and the cards summary.ts.
import { html, type PropertyValues, type TemplateResult } from "lit";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { AccountsSettings } from "../../shared/settings.ts";
import { AggElement, states } from "../base/agg-element.ts";
import { asApiError } from "../base/api-client.ts";
import { tokenRole } from "../base/jwt-claims.ts";
import { tenantProvider } from "../base/provider.ts";
import { baseStyles } from "../base/styles.ts";
import { fetchStatus } from "../connect-button/api.ts";
import { card, noTokenView } from "../connect-button/card.ts";
import { styles as cardStyles } from "../connect-button/connect-button.styles.ts";
import { type Draft, FIELD_ORDER, type Field, isDirty, toUpdate } from "./accounts-settings.model.ts";
import {
  canSwitchOn,
  discarded,
  edited,
  type FormState,
  LOADING,
  loaded,
  loadFailed,
  reloading,
  savedAs,
  saveFailed,
  saveStarted,
  secretCreated,
  switchRefused,
} from "./accounts-settings.state.ts";
import { styles } from "./accounts-settings.styles.ts";
import { creditSection, type FormCtx, matchingSection, paymentsSection } from "./accounts-settings.view.ts";
import { fetchSettings, saveSettings } from "./api.ts";
import { BankList } from "./bank-list.ts";
import { FIELD_FOCUS } from "./fields.ts";
import { footer, formSkeleton } from "./footer.view.ts";
import { SecretFlow } from "./secret.controller.ts";
import { loadFailedCard, readOnlyCard, summaryView } from "./summary.ts";
import { webhookSection } from "./webhook.view.ts";

declare global {
  interface GlobalEventHandlersEventMap {
    "agg-settings-change": CustomEvent<AccountsSettings>;
  }
}

/** Focus target after a secret step: the button the step marked. */
const SECRET_FOCUS = "#secret [data-focus]";

/**
 * `<agg-accounts-settings>` — the admin's accounts settings: the connection summary, the bank
 * account payments go into and the switch that marks invoices paid in the tenant's accounting
 * system when paid in AGG SMART (every word names that system),
 * how jobs match invoices, AGG SMART's webhook URL and signing secret (shown once), the credit
 * warning threshold and the sync interval. Staff tokens get a read-only note.
 *
 * @attr token - The host-signed embed token (JWT); settings need the `admin` role.
 * @attr api - API base URL; defaults to the origin widget.js was loaded from.
 * @attr state - Read-only, set by the element: no-token | read-only | loading | error | ready | saving.
 *
 * @event agg-settings-change - Settings were saved, or a signing secret was created; `detail` is the AccountsSettings (never the secret).
 * @event agg-token-expired - The embed token expired; set a new `token` attribute.
 *
 * @csspart base - The whole element.
 * @csspart form - The settings panel.
 * @csspart section - Each group of settings; `heading` its title.
 * @csspart input - Every text field and the bank-account select (also `select`).
 * @csspart switch - The "Mark invoices paid in …" switch.
 * @csspart radio - The job-matching radio buttons.
 * @csspart hint - Help text under a field.
 * @csspart error - An inline field error.
 * @csspart problem - The banner when payments to the accounting system have stopped.
 * @csspart secret-state - "Set (…abcd)" / "Not set".
 * @csspart secret - The new secret, shown once; `secret-value` its field.
 * @csspart confirm - The rotate-secret confirmation.
 * @csspart footer - The Save row; `save-status` its message.
 * @csspart button - Every button; also `button-primary`, `button-secondary`, `button-danger`, `button-link`, `save`.
 * @csspart skeleton - Loading placeholders.
 * @csspart icon - The connection summary's state icon (also `status`, `title`, `note` as in agg-connect-button).
 *
 * @cssproperty --agg-font - Font family.
 * @cssproperty --agg-font-size - Base font size (14px).
 * @cssproperty --agg-text - Text colour.
 * @cssproperty --agg-muted - Secondary text colour (hints).
 * @cssproperty --agg-surface - Panel and field background.
 * @cssproperty --agg-subtle - Subtle background (skeleton, confirm panel).
 * @cssproperty --agg-border - Border colour.
 * @cssproperty --agg-primary - Save button, switch when on, selected choice.
 * @cssproperty --agg-on-primary - Text on the primary colour.
 * @cssproperty --agg-danger - Errors, the stopped-payments banner, Rotate.
 * @cssproperty --agg-success - Connected, Saved, secret set.
 * @cssproperty --agg-warning - Needs reconnecting, the shown-once warning.
 * @cssproperty --agg-focus - Focus ring colour.
 * @cssproperty --agg-radius - Corner radius (8px).
 * @cssproperty --agg-max-width - The element's maximum width (46rem).
 */
export class AggAccountsSettings extends AggElement {
  static override styles = [baseStyles, cardStyles, styles];
  static override properties = {
    ...AggElement.properties,
    ...states("form", "connection", "connectionError"),
  };

  declare private form: FormState;
  declare private connection: ConnectionStatus | null;
  declare private connectionError: string | null;
  private seq = 0;
  private readonly banks = new BankList(this);
  private readonly secretFlow = new SecretFlow(this, (hint) => {
    this.form = secretCreated(this.form, hint);
    if (this.form.settings) this.emit("agg-settings-change", this.form.settings);
  });
  /** After the next render, focus the first invalid field ("invalid") or this selector. */
  private focusNext: string | null = null;

  constructor() {
    super();
    this.form = LOADING;
    this.connection = null;
    this.connectionError = null;
  }

  /** The connect button on the same page reports a new connection state: follow it (bank accounts too). */
  private readonly onConnectionChange = (e: GlobalEventHandlersEventMap["agg-connection-change"]): void => {
    if (e.target === this || !this.form.settings) return;
    const next = e.detail;
    if (JSON.stringify(next) === JSON.stringify(this.connection)) return;
    const system = tenantProvider(this.connection)?.id;
    this.connection = next;
    this.connectionError = null;
    const { settings, draft } = this.form;
    // Another system (e.g. the first connect): its fields and job-match options differ, so the
    // settings are read again — unless the admin has typed something, which a reload would lose.
    if (tenantProvider(next)?.id !== system && !(settings && draft && isDirty(settings, draft)))
      void this.load();
    else void this.banks.follow(next);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("agg-connection-change", this.onConnectionChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("agg-connection-change", this.onConnectionChange);
  }

  private get readOnly(): boolean {
    return this.form.forbidden || tokenRole(this.token) !== "admin";
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && !changed.has("token") && !changed.has("api")) return;
    if (!this.token || tokenRole(this.token) !== "admin") return;
    // A renewed token while the form is open must not reload it: that would lose the user's edits.
    if (this.form.settings && !changed.has("api")) return;
    this.form = { ...this.form, forbidden: false };
    void this.load();
  }

  override updated(): void {
    this.setAttribute("state", this.view());
    if (this.secretFlow.wantsFocus) {
      this.secretFlow.wantsFocus = false;
      this.focusNext = SECRET_FOCUS;
    }
    const focus = this.focusNext;
    if (!focus) return;
    this.focusNext = null;
    const root = this.renderRoot;
    if (focus !== "invalid") return root.querySelector<HTMLElement>(focus)?.focus();
    const first = FIELD_ORDER.find((f) => this.form.errors[f]);
    if (first) root.querySelector<HTMLElement>(FIELD_FOCUS[first])?.focus();
  }

  private view(): string {
    const { phase, saving } = this.form;
    if (!this.token) return "no-token";
    if (this.readOnly) return "read-only";
    if (phase !== "ready") return phase;
    return saving.phase === "saving" ? "saving" : "ready";
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    this.form = reloading(this.form);
    this.connectionError = null;
    const status = fetchStatus(this);
    // The bank list is read live from the accounting system: only ask once the status says connected.
    const banksFor = (c: ConnectionStatus | null): void => {
      if (seq === this.seq) void this.banks.follow(c);
    };
    status.then(banksFor, () => banksFor(null));
    const [s, c] = await Promise.allSettled([fetchSettings(this), status]);
    if (seq !== this.seq) return;
    if (c.status === "fulfilled") this.connection = c.value;
    else this.connectionError = asApiError(c.reason).message;
    this.form =
      s.status === "fulfilled" ? loaded(this.form, s.value) : loadFailed(this.form, asApiError(s.reason));
  }

  private set<K extends Field>(field: K, value: Draft[K]): void {
    this.form = edited(this.form, field, value);
  }

  private readonly toggle = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    if (input.checked && !canSwitchOn(this.form)) {
      input.checked = false;
      this.form = switchRefused(this.form);
      return;
    }
    this.set("enabled", input.checked);
  };

  private async submit(e?: Event): Promise<void> {
    e?.preventDefault();
    const started = saveStarted(this.form);
    if (started === this.form) return; // nothing changed, or saving already
    this.form = started;
    const { settings: saved, draft: sent } = started;
    if (started.saving.phase !== "saving" || !saved || !sent) {
      this.focusNext = "invalid";
      return;
    }
    try {
      const next = await saveSettings(this, toUpdate(saved, sent));
      this.form = savedAs(this.form, sent, next);
      this.emit("agg-settings-change", next);
    } catch (err) {
      this.form = saveFailed(this.form, asApiError(err));
      if (this.form.saving.phase === "invalid") this.focusNext = "invalid";
    }
  }

  override render(): TemplateResult {
    if (!this.token) return card(noTokenView);
    if (this.readOnly) return card(readOnlyCard);
    const { phase, settings: s, draft: d, problem, errors, saving } = this.form;
    if (phase === "error")
      return card(
        loadFailedCard(problem?.message ?? null, () => {
          this.focusNext = "[data-focus]";
          void this.load();
        }),
      );
    const summary = card(summaryView(this.connection, this.connectionError));
    if (phase === "loading" || !s || !d)
      return html`<div part="base" class="settings">${summary}${formSkeleton()}</div>`;
    const ctx = this.formCtx(d, s);
    return html`<div part="base" class="settings">
      ${summary}
      <form part="form" class="panel" novalidate aria-label="Accounts settings" @submit=${(e: Event) => void this.submit(e)}>
        ${paymentsSection(ctx)}
        ${matchingSection(ctx)}
        ${webhookSection({
          url: d.webhookUrl,
          error: errors.webhookUrl,
          setUrl: (v) => this.set("webhookUrl", v),
          secret: this.secretFlow.ctx(s.webhook.secretSet, s.webhook.secretHint),
        })}
        ${creditSection(ctx)}
        ${footer(saving, isDirty(s, d), () => {
          this.form = discarded(this.form);
        })}
      </form>
    </div>`;
  }

  private formCtx(d: Draft, s: AccountsSettings): FormCtx {
    return {
      draft: d,
      errors: this.form.errors,
      banks: this.banks.banks,
      problem: s.pushPayments.problem,
      sys: tenantProvider(this.connection),
      matchFields: s.options?.jobMatchFields,
      set: (f, v) => this.set(f, v),
      toggle: this.toggle,
      reloadBanks: () => {
        this.focusNext = "#bank";
        void this.banks.load();
      },
    };
  }
}
