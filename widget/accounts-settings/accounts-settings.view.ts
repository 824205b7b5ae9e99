import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { type ProviderInfo, pushPaymentsLabel } from "../../shared/providers.ts";
import type { BankAccount } from "../../shared/settings.ts";
import { button } from "../connect-button/card.ts";
import { icon } from "../connect-button/icons.ts";
import { bankLabel, type Draft, type Field, type FieldErrors } from "./accounts-settings.model.ts";
import { describedBy, fieldError, hint, section } from "./fields.ts";

// Render helpers of <agg-accounts-settings> for the payments, matching and credit sections.

/** The bank-account list: loading (read live from the accounting system), loaded, failed, or no connection. */
export interface Banks {
  phase: "loading" | "ready" | "error" | "not-connected";
  accounts: BankAccount[];
  message?: string;
}

/** What the form sections need: the draft, errors, the bank list and callbacks. */
export interface FormCtx {
  draft: Draft;
  errors: FieldErrors;
  banks: Banks;
  problem: string | undefined;
  /** The tenant's accounting system; null while not known (then the words say "your accounting system"). */
  sys: ProviderInfo | null;
  /** The job-match fields the tenant's provider has (absent from an older worker: both). */
  matchFields?: readonly { value: string; label: string }[];
  set: <K extends Field>(field: K, value: Draft[K]) => void;
  toggle: (e: Event) => void;
  reloadBanks: () => void;
}

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** The system's name and its word for a payments account, for sentences. */
function words(sys: ProviderInfo | null): { name: string; bank: string } {
  return { name: sys?.name ?? "your accounting system", bank: sys?.bankAccount ?? "bank account" };
}

function bankOptions(c: FormCtx): TemplateResult {
  const code = c.draft.bankAccountCode;
  const { phase, accounts } = c.banks;
  const known = accounts.some((a) => a.code === code);
  const { name, bank } = words(c.sys);
  const first = phase === "loading" ? `Loading ${bank}s from ${name}…` : `Choose a ${bank}…`;
  return html`<option value="" ?selected=${!code}>${first}</option>
    ${accounts.map((a) => html`<option value=${a.code} ?selected=${a.code === code}>${bankLabel(a)}</option>`)}
    ${code && !known ? html`<option value=${code} selected>${code}${phase === "ready" ? ` — not found in ${name}` : ""}</option>` : nothing}`;
}

function bankNote(c: FormCtx): TemplateResult {
  const b = c.banks;
  const { name, bank } = words(c.sys);
  if (b.phase === "loading")
    return hint(
      "bank",
      html`<span class="loading">${icon("spinner", "spin")} Loading ${bank}s from ${name}…</span>`,
    );
  if (b.phase === "not-connected")
    return hint("bank", `Connect ${c.sys ? name : "your accounts"} to choose a ${bank}.`);
  if (b.phase === "error")
    return html`<div class="inline-error">${fieldError("bank", `Couldn't load ${bank}s from ${name}. ${b.message ?? ""}`)}
      ${button("secondary", "Retry", c.reloadBanks)}</div>`;
  if (!b.accounts.length)
    return html`<div class="inline-error">${hint("bank", `No ${bank} in ${name} takes payments. ${c.sys?.bankAccountFix ?? ""}`)}
      ${button("secondary", "Reload", c.reloadBanks)}</div>`;
  return hint("bank", `Active ${name} ${bank}s that accept payments.`);
}

/** Payments to the accounting system: the problem banner, the bank-account picker and the switch. */
export function paymentsSection(c: FormCtx): TemplateResult {
  const { name, bank } = words(c.sys);
  const heading = `Payments to ${name}`;
  if (c.sys && !c.sys.canPushPayments)
    return section(
      "h-payments",
      heading,
      html`<p class="hint">${c.sys.paymentsNote ?? `AGG SMART can't mark ${name} invoices paid: record payments in ${name}.`}</p>`,
    );
  const e = c.errors;
  const b = c.banks;
  const bankIds = [
    b.phase === "error" ? "bank-error" : "bank-hint",
    e.bankAccountCode ? "bank-field-error" : "",
  ];
  return section(
    "h-payments",
    heading,
    html`${
      c.problem
        ? html`<div part="problem" class="problem" role="alert">${icon("warning")}<div>
            <strong>${heading} have stopped.</strong> ${c.problem}
            <span class="muted">Choose another ${bank} and save.</span></div></div>`
        : nothing
    }
    <div class="field">
      <label for="bank">${bank[0]?.toUpperCase()}${bank.slice(1)} for payments</label>
      <select id="bank" part="input select" ?disabled=${b.phase === "not-connected"} aria-busy=${b.phase === "loading" ? "true" : nothing}
        aria-invalid=${e.bankAccountCode ? "true" : nothing}
        aria-describedby=${bankIds.join(" ").trim()}
        @change=${(ev: Event) => c.set("bankAccountCode", value(ev))}>${bankOptions(c)}</select>
      ${bankNote(c)}
      ${e.bankAccountCode ? html`<p id="bank-field-error" part="error" class="error">${icon("error")}<span>${e.bankAccountCode}</span></p>` : nothing}
    </div>
    <div class="field switch-field">
      <input id="push" part="switch" class="switch" type="checkbox" role="switch" .checked=${live(c.draft.enabled)}
        aria-invalid=${e.enabled ? "true" : nothing} aria-describedby=${describedBy("push", true, e.enabled)}
        @change=${c.toggle} />
      <label for="push">${pushPaymentsLabel({ name })}</label>
      ${hint("push", `A payment taken in AGG SMART is recorded against the job's invoice in ${name}, into the ${bank} above.`)}
      ${fieldError("push", e.enabled, true)}
    </div>`,
  );
}

/** Whether the provider has job-match field `v` (QuickBooks: only the invoice number, DocNumber). */
const offered = (c: FormCtx, v: Draft["jobMatchField"]) =>
  !c.matchFields || c.matchFields.some((o) => o.value === v);

/** Job matching: which invoice field holds AGG SMART's job reference. */
export function matchingSection(c: FormCtx): TemplateResult {
  const radio = (v: Draft["jobMatchField"], label: string, text: string) =>
    html`<label class="choice"><input type="radio" name="match" part="radio" value=${v}
        .checked=${live(c.draft.jobMatchField === v)} @change=${() => c.set("jobMatchField", v)} />
      <span><span class="choice-label">${label}</span><span class="hint">${text}</span></span></label>`;
  return section(
    "h-matching",
    "Matching jobs to invoices",
    html`<fieldset class="field" aria-describedby=${describedBy("match", false, c.errors.jobMatchField)}>
      <legend>Find a job's invoice in ${words(c.sys).name} by its</legend>
      <div class="choices">
        ${offered(c, "Reference") ? radio("Reference", "Reference", "The invoice's Reference holds the job number (AGG SMART's default).") : nothing}
        ${offered(c, "InvoiceNumber") ? radio("InvoiceNumber", "Invoice number", "The invoice number is the job number.") : nothing}
      </div>
      ${fieldError("match", c.errors.jobMatchField)}
    </fieldset>`,
  );
}

function numberField(
  c: FormCtx,
  id: string,
  field: "threshold" | "syncInterval",
  label: string,
  unit: string,
  help: string,
): TemplateResult {
  const err = c.errors[field];
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <div class="affix">
      <input id=${id} part="input" class="short" type="text" inputmode="decimal" autocomplete="off"
        .value=${live(c.draft[field])} aria-invalid=${err ? "true" : nothing}
        aria-describedby=${describedBy(id, true, err)} @input=${(ev: Event) => c.set(field, value(ev))} />
      <span class="unit" aria-hidden="true">${unit}</span>
    </div>
    ${hint(id, help)} ${fieldError(id, err)}
  </div>`;
}

/** Credit warning threshold (percent, sent as a fraction) and sync interval (minutes). */
export function creditSection(c: FormCtx): TemplateResult {
  const { name } = words(c.sys);
  const syncHelp =
    c.sys?.auth === "connector"
      ? `Minutes between the ${name} connector's syncs.`
      : `Minutes between scheduled syncs; ${c.sys ? `${name} webhooks` : "webhooks"} update payments sooner.`;
  return section(
    "h-credit",
    "Credit and sync",
    html`<div class="pair">
      ${numberField(c, "threshold", "threshold", "Credit warning threshold", "%", "Percent of the credit limit at which a customer is listed as a debtor (1–100).")}
      ${numberField(c, "interval", "syncInterval", `Sync with ${name} every`, "min", syncHelp)}
    </div>`,
  );
}
