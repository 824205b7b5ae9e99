// Over ~12 KB on purpose: about 3 KB is the element's public contract (JSDoc attributes, events,
// parts and custom properties), and the rest is the form's one load/edit/save cycle. The sections'
// templates are in accounts-settings.view.ts, webhook.view.ts and footer.view.ts.
import { html, type PropertyValues, type TemplateResult } from "lit";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { AccountsSettings } from "../../shared/settings.ts";
import { AggElement, states } from "../base/agg-element.ts";
import { type ApiError, asApiError } from "../base/api-client.ts";
import { tokenRole } from "../base/jwt-claims.ts";
import { tenantProvider } from "../base/provider.ts";
import { baseStyles } from "../base/styles.ts";
import { fetchStatus } from "../connect-button/api.ts";
import { button, card, noTokenView } from "../connect-button/card.ts";
import { styles as cardStyles } from "../connect-button/connect-button.styles.ts";
import {
  check,
  type Draft,
  draftOf,
  FIELD_ORDER,
  type Field,
  type FieldErrors,
  isDirty,
  NEEDS_ACCOUNT,
  serverErrors,
  toUpdate,
} from "./accounts-settings.model.ts";
import { styles } from "./accounts-settings.styles.ts";
import {
  type Banks,
  creditSection,
  type FormCtx,
  matchingSection,
  paymentsSection,
} from "./accounts-settings.view.ts";
import { type DetailedError, fetchBankAccounts, fetchSettings, saveSettings } from "./api.ts";
import { footer, formSkeleton, type SaveState } from "./footer.view.ts";
import { SecretFlow } from "./secret.controller.ts";
import { summaryView } from "./summary.ts";
import { webhookSection } from "./webhook.view.ts";

declare global {
  interface GlobalEventHandlersEventMap {
    "agg-settings-change": CustomEvent<AccountsSettings>;
  }
}

/** Focus target after a secret step: the button the step marked. */
const SECRET_FOCUS = "#secret [data-focus]";

/** Where focus goes for a field with an error. */
const FOCUS: Record<Field, string> = {
  bankAccountCode: "#bank",
  enabled: "#push",
  jobMatchField: "input[name=match]:checked",
  webhookUrl: "#webhook",
  threshold: "#threshold",
  syncInterval: "#interval",
};

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
    ...states(
      "phase",
      "settings",
      "draft",
      "errors",
      "connection",
      "connectionError",
      "banks",
      "saving",
      "problem",
      "forbidden",
    ),
  };

  declare private phase: "loading" | "ready" | "error";
  declare private settings: AccountsSettings | null;
  declare private draft: Draft | null;
  declare private errors: FieldErrors;
  declare private connection: ConnectionStatus | null;
  declare private connectionError: string | null;
  declare private banks: Banks;
  declare private saving: SaveState;
  declare private problem: ApiError | null;
  declare private forbidden: boolean;
  private seq = 0;
  private readonly secretFlow = new SecretFlow(this, (hint) => this.secretCreated(hint));
  private bankSeq = 0;
  /** After the next render, focus the first invalid field ("invalid") or this selector. */
  private focusNext: string | null = null;

  constructor() {
    super();
    this.phase = "loading";
    this.settings = null;
    this.draft = null;
    this.errors = {};
    this.connection = null;
    this.connectionError = null;
    this.banks = { phase: "loading", accounts: [] };
    this.saving = { phase: "idle", message: null };
    this.problem = null;
    this.forbidden = false;
  }

  /** The connect button on the same page reports a new connection state: follow it (bank accounts too). */
  private readonly onConnectionChange = (e: GlobalEventHandlersEventMap["agg-connection-change"]): void => {
    if (e.target === this || !this.settings) return;
    const next = e.detail;
    if (JSON.stringify(next) === JSON.stringify(this.connection)) return;
    this.connection = next;
    this.connectionError = null;
    void this.loadBanks();
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
    return this.forbidden || tokenRole(this.token) !== "admin";
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && !changed.has("token") && !changed.has("api")) return;
    if (!this.token || tokenRole(this.token) !== "admin") return;
    // A renewed token while the form is open must not reload it: that would lose the user's edits.
    if (this.settings && !changed.has("api")) return;
    this.forbidden = false;
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
    const first = FIELD_ORDER.find((f) => this.errors[f]);
    if (first) root.querySelector<HTMLElement>(FOCUS[first])?.focus();
  }

  private view(): string {
    if (!this.token) return "no-token";
    if (this.readOnly) return "read-only";
    if (this.phase !== "ready") return this.phase;
    return this.saving.phase === "saving" ? "saving" : "ready";
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    this.phase = "loading";
    this.problem = null;
    this.connectionError = null;
    void this.loadBanks();
    const [s, c] = await Promise.allSettled([fetchSettings(this), fetchStatus(this)]);
    if (seq !== this.seq) return;
    if (c.status === "fulfilled") this.connection = c.value;
    else this.connectionError = asApiError(c.reason).message;
    if (s.status === "fulfilled") {
      this.settings = s.value;
      this.draft = draftOf(s.value);
      this.phase = "ready";
      return;
    }
    const e = asApiError(s.reason);
    if (e.status === 403 || e.code === "forbidden") this.forbidden = true;
    this.problem = e;
    this.phase = "error";
  }

  private async loadBanks(): Promise<void> {
    const seq = ++this.bankSeq;
    this.banks = { phase: "loading", accounts: [] };
    try {
      const list = await fetchBankAccounts(this);
      if (seq === this.bankSeq) this.banks = { phase: "ready", accounts: list.accounts };
    } catch (err) {
      if (seq !== this.bankSeq) return;
      const e = asApiError(err);
      this.banks =
        e.code === "not_connected"
          ? { phase: "not-connected", accounts: [] }
          : { phase: "error", accounts: [], message: e.message };
    }
  }

  private set<K extends Field>(field: K, value: Draft[K]): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, [field]: value };
    const rest: FieldErrors = { ...this.errors };
    delete rest[field];
    // Choosing an account answers "choose a bank account first".
    if (field === "bankAccountCode" && value && rest.enabled === NEEDS_ACCOUNT) delete rest.enabled;
    this.errors = rest;
    if (this.saving.phase !== "failed" && this.saving.phase !== "saving")
      this.saving = { phase: "idle", message: null };
  }

  private readonly toggle = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    if (input.checked && !this.draft?.bankAccountCode) {
      input.checked = false;
      this.errors = { ...this.errors, enabled: NEEDS_ACCOUNT };
      return;
    }
    this.set("enabled", input.checked);
  };

  private async submit(e?: Event): Promise<void> {
    e?.preventDefault();
    const saved = this.settings;
    const sent = this.draft;
    if (!saved || !sent || this.saving.phase === "saving" || !isDirty(saved, sent)) return;
    const errors = check(sent);
    if (Object.keys(errors).length) {
      this.errors = errors;
      this.saving = { phase: "invalid", message: "Check the highlighted fields." };
      this.focusNext = "invalid";
      return;
    }
    this.saving = { phase: "saving", message: null };
    try {
      const next = await saveSettings(this, toUpdate(saved, sent));
      this.settings = next;
      // Edits made while saving stay; otherwise show exactly what the server kept.
      if (this.draft === sent) this.draft = draftOf(next);
      this.errors = {};
      this.saving = { phase: "saved", message: null };
      this.emit("agg-settings-change", next);
    } catch (err) {
      const failure = asApiError(err) as DetailedError;
      if (failure.code === "validation_failed") {
        const { fields, other } = serverErrors(failure.details);
        this.errors = fields;
        const message =
          other.join(" ") || (Object.keys(fields).length ? "Check the highlighted fields." : failure.message);
        this.saving = { phase: "invalid", message };
        this.focusNext = "invalid";
      } else this.saving = { phase: "failed", message: failure.message };
    }
  }

  private secretCreated(hint: string): void {
    const s = this.settings;
    if (!s) return;
    this.settings = { ...s, webhook: { ...s.webhook, secretSet: true, secretHint: hint } };
    this.emit("agg-settings-change", this.settings);
  }

  private discard(): void {
    if (!this.settings) return;
    this.draft = draftOf(this.settings);
    this.errors = {};
    this.saving = { phase: "idle", message: null };
  }

  override render(): TemplateResult {
    if (!this.token) return card(noTokenView);
    if (this.readOnly)
      return card({
        tone: "neutral",
        glyph: "lock",
        line: "Accounts settings are for admins",
        detail: "Only an AGG SMART admin can change how AGG SMART works with your accounting system.",
      });
    if (this.phase === "error")
      return card({
        tone: "danger",
        glyph: "error",
        line: "Couldn't load the accounts settings",
        detail: this.problem?.message ?? null,
        actions: button(
          "primary",
          "Retry",
          () => {
            this.focusNext = "[data-focus]";
            void this.load();
          },
          true,
        ),
      });
    const summary = card(summaryView(this.connection, this.connectionError));
    const s = this.settings;
    const d = this.draft;
    if (this.phase === "loading" || !s || !d)
      return html`<div part="base" class="settings">${summary}${formSkeleton()}</div>`;
    const ctx = this.formCtx(d, s);
    return html`<div part="base" class="settings">
      ${summary}
      <form part="form" class="panel" novalidate aria-label="Accounts settings" @submit=${(e: Event) => void this.submit(e)}>
        ${paymentsSection(ctx)}
        ${matchingSection(ctx)}
        ${webhookSection({
          url: d.webhookUrl,
          error: this.errors.webhookUrl,
          setUrl: (v) => this.set("webhookUrl", v),
          secret: this.secretFlow.ctx(s.webhook.secretSet, s.webhook.secretHint),
        })}
        ${creditSection(ctx)}
        ${footer(this.saving, isDirty(s, d), () => this.discard())}
      </form>
    </div>`;
  }

  private formCtx(d: Draft, s: AccountsSettings): FormCtx {
    return {
      draft: d,
      errors: this.errors,
      banks: this.banks,
      problem: s.pushPayments.problem,
      sys: tenantProvider(this.connection),
      matchFields: s.options?.jobMatchFields,
      set: (f, v) => this.set(f, v),
      toggle: this.toggle,
      reloadBanks: () => {
        this.focusNext = "#bank";
        void this.loadBanks();
      },
    };
  }
}
