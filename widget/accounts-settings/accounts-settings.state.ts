import type { AccountsSettings } from "../../shared/settings.ts";
import type { ApiError } from "../base/api-client.ts";
import {
  check,
  type Draft,
  draftOf,
  type Field,
  type FieldErrors,
  isDirty,
  NEEDS_ACCOUNT,
  serverErrors,
} from "./accounts-settings.model.ts";
import type { SaveState } from "./footer.view.ts";

// Pure: the settings form's load/edit/save cycle as state transitions. No DOM, no fetch: the
// element runs the requests and moves its state through these functions.

/** Where the form stands: what is saved, what is typed, and how saving went. */
export interface FormState {
  phase: "loading" | "ready" | "error";
  settings: AccountsSettings | null;
  draft: Draft | null;
  errors: FieldErrors;
  saving: SaveState;
  /** Why loading failed. */
  problem: ApiError | null;
  /** The worker refused this token (not an admin after all). */
  forbidden: boolean;
}

const IDLE: SaveState = { phase: "idle", message: null };
const CHECK = "Check the highlighted fields.";

/** The state of a new element, and of a reload: loading, nothing typed. */
export const LOADING: FormState = {
  phase: "loading",
  settings: null,
  draft: null,
  errors: {},
  saving: IDLE,
  problem: null,
  forbidden: false,
};

/** Loading (again, e.g. a new API base): what was there stays until the answer replaces it. */
export function reloading(s: FormState): FormState {
  return { ...s, phase: "loading", problem: null };
}

/** The settings arrived: the draft starts as what is saved. */
export function loaded(s: FormState, settings: AccountsSettings): FormState {
  return { ...s, settings, draft: draftOf(settings), phase: "ready" };
}

/** Loading failed: the error card (a 403 also makes the element read-only). */
export function loadFailed(s: FormState, e: ApiError): FormState {
  const forbidden = s.forbidden || e.status === 403 || e.code === "forbidden";
  return { ...s, problem: e, phase: "error", forbidden };
}

/** The user changed `field`: its error goes, and an old "Saved" or check message with it. */
export function edited<K extends Field>(s: FormState, field: K, value: Draft[K]): FormState {
  if (!s.draft) return s;
  const errors: FieldErrors = { ...s.errors };
  delete errors[field];
  // Choosing an account answers "choose a bank account first".
  if (field === "bankAccountCode" && value && errors.enabled === NEEDS_ACCOUNT) delete errors.enabled;
  const keep = s.saving.phase === "failed" || s.saving.phase === "saving";
  return { ...s, draft: { ...s.draft, [field]: value }, errors, saving: keep ? s.saving : IDLE };
}

/** Whether the payments switch may turn on: only with a bank account chosen. */
export function canSwitchOn(s: FormState): boolean {
  return !!s.draft?.bankAccountCode;
}

/** The switch was turned on without a bank account: it stays off, with the reason. */
export function switchRefused(s: FormState): FormState {
  return { ...s, errors: { ...s.errors, enabled: NEEDS_ACCOUNT } };
}

/**
 * Save pressed: nothing to do (returned as is: unchanged, or already saving), the fields to fix
 * (`saving.phase` "invalid"), or under way ("saving": send the draft).
 */
export function saveStarted(s: FormState): FormState {
  const { settings, draft } = s;
  if (!settings || !draft || s.saving.phase === "saving" || !isDirty(settings, draft)) return s;
  const errors = check(draft);
  if (Object.keys(errors).length) return { ...s, errors, saving: { phase: "invalid", message: CHECK } };
  return { ...s, saving: { phase: "saving", message: null } };
}

/** Saved as `next`; edits made while saving (the draft is no longer `sent`) stay. */
export function savedAs(s: FormState, sent: Draft, next: AccountsSettings): FormState {
  const draft = s.draft === sent ? draftOf(next) : s.draft;
  return { ...s, settings: next, draft, errors: {}, saving: { phase: "saved", message: null } };
}

/** Saving failed: the server's field errors on their fields (`saving` "invalid"), else "failed" to retry. */
export function saveFailed(s: FormState, e: ApiError): FormState {
  if (e.code !== "validation_failed") return { ...s, saving: { phase: "failed", message: e.message } };
  const { fields, other } = serverErrors(e.details);
  const message = other.join(" ") || (Object.keys(fields).length ? CHECK : e.message);
  return { ...s, errors: fields, saving: { phase: "invalid", message } };
}

/** Back to what is saved. */
export function discarded(s: FormState): FormState {
  return s.settings ? { ...s, draft: draftOf(s.settings), errors: {}, saving: IDLE } : s;
}

/** A new webhook signing secret exists (its hint only: the secret itself is never kept). */
export function secretCreated(s: FormState, hint: string): FormState {
  const t = s.settings;
  return t ? { ...s, settings: { ...t, webhook: { ...t.webhook, secretSet: true, secretHint: hint } } } : s;
}
