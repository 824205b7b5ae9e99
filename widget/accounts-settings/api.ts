import type * as z from "zod/mini";
import type {
  AccountsSettings,
  BankAccountList as BankAccountListSchema,
  SettingsUpdate,
  WebhookSecret as WebhookSecretSchema,
} from "../../shared/settings.ts";
import type { AggElement } from "../base/agg-element.ts";
import { fields, reader } from "../base/api-client.ts";

/** `GET /api/settings/bank-accounts` answer (shared/settings.ts exports only the schema). */
export type BankAccountList = z.infer<typeof BankAccountListSchema>;
/** `POST /api/settings/webhook-secret` answer. */
export type WebhookSecret = z.infer<typeof WebhookSecretSchema>;

const PATH = "/api/settings";
// The form is drawn from these groups; a settings answer without them would render garbage.
const readSettings = reader<AccountsSettings>(
  (o) => !!fields(o.pushPayments) && !!fields(o.webhook) && typeof o.jobMatchField === "string",
);
const readBanks = reader<BankAccountList>((o) => Array.isArray(o.accounts));
const readSecret = reader<WebhookSecret>((o) => typeof o.secret === "string" && typeof o.hint === "string");

/** `GET /api/settings` (admin): the tenant's settings (never a secret). */
export function fetchSettings(el: AggElement): Promise<AccountsSettings> {
  return el.call(PATH, readSettings);
}

/** `GET /api/settings/bank-accounts` (admin): accounts payments can go into, read live from the accounting system. */
export function fetchBankAccounts(el: AggElement): Promise<BankAccountList> {
  return el.call(`${PATH}/bank-accounts`, readBanks);
}

/** `POST /api/settings/webhook-secret` (admin): a new signing secret, shown once. */
export function createSecret(el: AggElement): Promise<WebhookSecret> {
  return el.call(`${PATH}/webhook-secret`, readSecret, { method: "POST" });
}

/** `PUT /api/settings` (admin): saves what changed and answers the new settings; a 400 carries field `details`. */
export function saveSettings(el: AggElement, update: SettingsUpdate): Promise<AccountsSettings> {
  return el.call(PATH, readSettings, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(update),
  });
}
