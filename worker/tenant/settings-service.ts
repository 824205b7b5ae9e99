import { providerInfo } from "../../shared/providers.ts";
import type { AccountsSettings, BankAccount } from "../../shared/settings.ts";
import type { Env } from "../env.ts";
import { checkWebhookUrl, runsLocally } from "../payments/webhook-url.ts";
import type { PaymentWriter } from "../provider/capabilities.ts";
import type { Provider } from "../provider/provider.ts";
import { seal, unseal } from "../store/seal.ts";
import { fail, ok, type Result } from "./result.ts";
import { defaultSettings, TenantSettings } from "./settings.ts";
import { applyPatch, type SettingsPatch, toView, unknownFields } from "./settings-view.ts";

const SETTINGS = "settings";
const SECRET = "webhook-secret";
const SECRET_HINT = "webhook-secret-hint";

/** What settings need from the Durable Object. */
export interface SettingsDeps {
  storage: DurableObjectStorage;
  env: Env;
  tenant: string;
  /** The tenant's provider (its field options and name). */
  provider(): Promise<Provider>;
  /** The connected provider's payment side (null: not connected, or it takes no payments). */
  writer(): Promise<PaymentWriter | null>;
  /** Saved: job matching may have changed (payments rebaseline), the badge's meta follows. */
  onSaved(next: TenantSettings, matchChanged: boolean): Promise<void>;
}

/** The tenant's accounts settings and AGG SMART's webhook target. */
export class SettingsService {
  private readonly d: SettingsDeps;

  constructor(deps: SettingsDeps) {
    this.d = deps;
  }

  /** The stored settings, or the defaults for the tenant's provider. */
  async current(): Promise<TenantSettings> {
    const raw = await this.d.storage.get(SETTINGS);
    if (raw !== undefined) return TenantSettings.parse(raw);
    const p = await this.d.provider();
    const jobMatchField = p.jobMatchFields[0]?.value === "InvoiceNumber" ? "InvoiceNumber" : "Reference";
    const interval = p.defaultSyncIntervalMinutes?.toString() ?? this.d.env.SYNC_INTERVAL_MINUTES;
    return defaultSettings(interval, {
      limitField: p.limitFields[0]?.value ?? "",
      jobMatchField,
    });
  }

  /** Stores settings as they are (a payment refusal records its bank-account problem this way). */
  async save(next: TenantSettings): Promise<void> {
    await this.d.storage.put(SETTINGS, next);
  }

  /** Settings as the admin widget shows them, with the provider's field options. */
  async view(): Promise<AccountsSettings> {
    const p = await this.d.provider();
    const hint = await this.d.storage.get<string>(SECRET_HINT);
    return toView(await this.current(), hint, p);
  }

  /** Validated settings change (a new bank account is checked against the provider). */
  async update(patch: SettingsPatch): Promise<Result<AccountsSettings>> {
    const p = await this.d.provider();
    const unknown = unknownFields(patch, p);
    if (unknown[0]) return fail(400, "validation_failed", unknown[0].message, unknown);
    const current = await this.current();
    const { next, matchChanged } = applyPatch(current, patch);
    if (next.pushEnabled && !providerInfo(p.id).canPushPayments) {
      const message = `AGG SMART can't mark ${p.name} invoices paid (it only reads ${p.name}): record payments in ${p.name}.`;
      return fail(409, "conflict", message, [{ path: "pushPayments.enabled", message }]);
    }
    if (next.pushEnabled && !next.bankAccountCode) {
      const message = "Pick the bank account payments go into before switching this on.";
      return fail(400, "validation_failed", message, [{ path: "pushPayments.bankAccountCode", message }]);
    }
    if (next.bankAccountCode && next.bankAccountCode !== current.bankAccountCode) {
      const list = await this.bankAccounts();
      if (!list.ok) return list;
      if (!list.value.some((a) => a.code === next.bankAccountCode)) {
        const message = `Account ${next.bankAccountCode} is not an active bank account in ${p.name}.`;
        return fail(400, "validation_failed", message, [{ path: "pushPayments.bankAccountCode", message }]);
      }
    }
    await this.save(next);
    await this.d.onSaved(next, matchChanged);
    return ok(await this.view());
  }

  /** Accounts payments may go into, read live from the provider. */
  async bankAccounts(): Promise<Result<BankAccount[]>> {
    const p = await this.d.provider();
    const writer = await this.d.writer();
    if (!writer) return fail(409, "not_connected", `Connect ${p.name} first.`);
    try {
      return ok(await writer.accounts());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return fail(503, "upstream_error", `Could not read accounts from ${p.name}: ${message}`);
    }
  }

  /** A new signing secret for AGG SMART's webhook receiver, returned once (stored sealed). */
  async rotateSecret(): Promise<{ secret: string; hint: string }> {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const secret = `whsec_${btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "")}`;
    await this.d.storage.put(
      SECRET,
      await seal(this.d.env.TOKEN_ENCRYPTION_KEY, `${this.d.tenant}|${SECRET}`, secret),
    );
    await this.d.storage.put(SECRET_HINT, secret.slice(-4));
    return { secret, hint: secret.slice(-4) };
  }

  /** Where AGG SMART receives events and the secret they are signed with (null: feed only). */
  async webhookTarget(settings: TenantSettings): Promise<{ url: string; secret: string } | null> {
    const url = settings.webhookUrl || this.d.env.AGG_WEBHOOK_URL;
    const sealed = await this.d.storage.get(SECRET);
    if (!url || sealed === undefined) return null;
    // AGG_WEBHOOK_URL is never validated on input, and a stored URL predates today's rule: check at send.
    const target = checkWebhookUrl(url, { local: runsLocally(this.d.env) });
    if (!target.ok) {
      console.warn(
        JSON.stringify({ event: "webhook_refused", tenant: this.d.tenant, reason: target.reason }),
      );
      return null;
    }
    const { value } = await unseal(this.d.env.TOKEN_ENCRYPTION_KEY, `${this.d.tenant}|${SECRET}`, sealed);
    return typeof value === "string" ? { url, secret: value } : null;
  }
}
