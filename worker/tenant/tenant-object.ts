import { DurableObject } from "cloudflare:workers";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import type { EventPage, JobPaymentLookup, PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import type { AccountsSettings, BankAccount } from "../../shared/settings.ts";
import type { Env } from "../env.ts";
import type { PushBatch, Runtime, WebhookItem } from "../provider/capabilities.ts";
import type { ProviderId } from "../provider/model.ts";
import type { CallbackOutcome } from "../provider/provider.ts";
import { DEFAULT_PROVIDER } from "../provider/registry.ts";
import { REAL_RUNTIME } from "../runtime.ts";
import { migrate } from "../store/migrations.ts";
import type { LookupOptions } from "../sync/read-model.ts";
import { bindTenant, boundTenant } from "./binding.ts";
import type { RefreshRefused } from "./refresh-policy.ts";
import type { Result } from "./result.ts";
import type { SyncStatus } from "./services.ts";
import type { SettingsPatch } from "./settings-view.ts";
import type { SyncReport } from "./sync-service.ts";
import { type ObjectMemory, Wiring } from "./wiring.ts";

/**
 * One per AGG SMART tenant (SQLite-backed): the single writer of that tenant's connection,
 * tokens, sync cursor, invoices and event log. A thin RPC surface: it binds the object to its
 * tenant, wires storage, the real runtime (../runtime.ts) and the tenant's provider into small
 * services (./wiring.ts) and forwards each call; policy lives in the services. Which service does
 * what: ./README.md.
 */
export class TenantObject extends DurableObject<Env> {
  private readonly rt: Runtime = REAL_RUNTIME;
  /** State that must outlive one call: the provider's rate budget, payments in flight, the token keeper. */
  private readonly memory: ObjectMemory = { budget: {}, inflight: new Map(), keeper: null };
  private tenant: string | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Storage is brought to the current schema once, before any call can read it.
    void ctx.blockConcurrencyWhile(async () => {
      await migrate(ctx.storage);
    });
  }

  /**
   * Binds this object to `tenant` on first use and refuses any other (defence in depth,
   * ./binding.ts), then wires this call's services (./wiring.ts).
   */
  private async wired(tenant: string): Promise<Wiring> {
    if (this.tenant !== tenant) {
      await bindTenant(this.ctx.storage, tenant);
      this.tenant = tenant;
    }
    return new Wiring({
      tenant,
      storage: this.ctx.storage,
      env: this.env,
      rt: this.rt,
      memory: this.memory,
      waitUntil: (p) => this.ctx.waitUntil(p),
    });
  }

  /** Sage 50: a new connector key, returned once (only its hash is kept; the previous key stops working). */
  async issueConnectorKey(tenant: string, sub: string) {
    return (await this.wired(tenant)).connector().issue(sub);
  }

  /** Whether `key` is this tenant's current connector key (`GET /connector/sage50/check`). */
  async connectorCheck(tenant: string, key: string): Promise<boolean> {
    return (await this.wired(tenant)).connector().check(key);
  }

  /** A connector's batch: applied once per batch id (a resend answers duplicate). */
  async connectorPush(tenant: string, key: string, batch: PushBatch) {
    return (await this.wired(tenant)).connector().push(key, batch);
  }

  /** This tenant's connection ref (asked by another tenant before it removes that connection at the provider). */
  async connectionRef(tenant: string): Promise<string | null> {
    return (await (await this.wired(tenant)).conn().get())?.connectionRef ?? null;
  }

  /** Runs (or resumes) the sync now, within one invocation's budget. */
  async syncNow(tenant: string, maxCalls?: number): Promise<Result<SyncReport>> {
    return (await this.wired(tenant)).calls().syncNow(maxCalls);
  }

  /** A job's payment state from the tenant's invoices (fresh: webhooks update it here first). */
  async jobPayment(tenant: string, job: string): Promise<JobPaymentLookup> {
    return (await this.wired(tenant)).calls().jobPayment(job);
  }

  /** The event feed: events after `after`, oldest first. */
  async events(tenant: string, after: number, limit: number): Promise<EventPage> {
    return (await this.wired(tenant)).eventLog().page(after, limit);
  }

  /** Delivery bookkeeping of one event (tests and diagnostics). */
  async eventStatus(tenant: string, seq: number) {
    return (await this.wired(tenant)).eventLog().status(seq);
  }

  /** Paid in AGG SMART → a payment on the job's invoice at the provider, exactly once per paymentId. */
  async pushPayment(tenant: string, job: string, p: PaymentPush): Promise<Result<PaymentPushResult>> {
    return (await this.wired(tenant)).calls().pushPayment(job, p);
  }

  /** A provider's webhook events for this tenant: dedupe, re-read the records, update states, tell AGG SMART. */
  async onProviderEvents(
    tenant: string,
    provider: ProviderId,
    items: WebhookItem[],
  ): Promise<{ fresh: number }> {
    return (await this.wired(tenant)).calls().onProviderEvents(provider, items);
  }

  /** Settings as the admin widget shows them. */
  async getSettings(tenant: string): Promise<AccountsSettings> {
    return (await (await this.wired(tenant)).settings()).view();
  }

  /** Validated settings change (a new bank account is checked against the provider). */
  async updateSettings(tenant: string, patch: SettingsPatch): Promise<Result<AccountsSettings>> {
    return (await (await this.wired(tenant)).settings()).update(patch);
  }

  /** Accounts payments may go into, read live from the provider. */
  async bankAccounts(tenant: string): Promise<Result<BankAccount[]>> {
    return (await (await this.wired(tenant)).settings()).bankAccounts();
  }

  /** A new signing secret for AGG SMART's webhook receiver, returned once (stored sealed). */
  async rotateWebhookSecret(tenant: string): Promise<{ secret: string; hint: string }> {
    return (await (await this.wired(tenant)).settings()).rotateSecret();
  }

  /** Where the tenant's sync stands (server API `GET /v1/tenants/{tenant}/sync`). */
  async syncStatus(tenant: string): Promise<SyncStatus> {
    return (await this.wired(tenant)).calls().syncStatus();
  }

  /** How many contacts the tenant's store holds (tests and diagnostics). */
  async contactCount(tenant: string): Promise<number> {
    return (await this.wired(tenant)).calls().contactCount();
  }

  /** Schedules a sync as soon as possible (server API `POST /v1/tenants/{tenant}/sync`). */
  async requestSync(tenant: string): Promise<Result<{ queued: true }>> {
    return (await this.wired(tenant)).calls().requestSync();
  }

  /** Refreshes one customer from the provider now (rate-limited), then answers from the read model. */
  async refreshCustomer(
    tenant: string,
    ref: string,
    opts: LookupOptions,
  ): Promise<Result<CreditLookup | RefreshRefused>> {
    return (await this.wired(tenant)).calls().refreshCustomer(ref, opts);
  }

  /** `GET /api/connection`: the tenant's connection as the widget shows it. */
  async getStatus(tenant: string): Promise<ConnectionStatus> {
    return (await this.wired(tenant)).calls().status();
  }

  /** Creates the single-use ticket the consent popup starts with. */
  async createTicket(tenant: string, sub: string, origin: string, provider: ProviderId = DEFAULT_PROVIDER) {
    return (await this.wired(tenant)).connecting().createTicket(provider, sub, origin);
  }

  /** Consumes a ticket and returns the provider's consent URL (state + PKCE stored here). */
  async beginAuthorize(tenant: string, ticket: string, provider: ProviderId = DEFAULT_PROVIDER) {
    return (await this.wired(tenant)).connecting().beginAuthorize(provider, ticket);
  }

  /** Handles the OAuth callback for this tenant's pending consent. */
  async completeAuthorize(
    tenant: string,
    nonce: string,
    callbackUrl: string,
    provider: ProviderId = DEFAULT_PROVIDER,
  ): Promise<CallbackOutcome> {
    return (await this.wired(tenant)).connecting().completeAuthorize(provider, nonce, callbackUrl);
  }

  /** The admin picked one of several organisations. */
  async completePick(
    tenant: string,
    pickId: string,
    orgRef: string,
    provider: ProviderId = DEFAULT_PROVIDER,
  ) {
    return (await this.wired(tenant)).connecting().completePick(provider, pickId, orgRef);
  }

  /** An access token for provider calls; refreshes (single-flight) when needed. */
  async accessToken(tenant: string): Promise<Result<{ token: string; orgRef: string }>> {
    return (await this.wired(tenant)).conn().accessToken();
  }

  /** Forces a refresh (a caller saw `staleToken` rejected with 401). */
  async refreshAfter401(tenant: string, staleToken: string): Promise<Result<{ token: string }>> {
    return (await this.wired(tenant)).conn().refreshAfter401(staleToken);
  }

  /** Disconnect (see ConnectService.disconnect): idempotent; nothing is deleted when the provider cannot be reached. */
  async disconnect(tenant: string): Promise<Result<ConnectionStatus>> {
    return (await this.wired(tenant)).connecting().disconnect();
  }

  /** The tenant's clock: keep-alive, sync when due, deliveries, purges, re-arm (Wiring.alarm). */
  override async alarm(): Promise<void> {
    const tenant = await boundTenant(this.ctx.storage);
    if (!tenant) return;
    await (await this.wired(tenant)).alarm(() => this.syncNow(tenant));
  }

  /** Watchdog poke: a connected tenant whose alarm was lost gets one now. */
  async ensureAlarm(tenant: string): Promise<void> {
    await (await this.wired(tenant)).calls().ensureAlarm();
  }

  /** Asks the provider whether this tenant's organisation is still connected (marks needs_reconnect if not). */
  async verifyConnection(tenant: string): Promise<Result<{ connected: boolean }>> {
    return (await this.wired(tenant)).conn().verify();
  }
}
