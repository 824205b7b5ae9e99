import { DurableObject } from "cloudflare:workers";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import type { EventPage, JobPaymentLookup, PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import type { AccountsSettings, BankAccount } from "../../shared/settings.ts";
import type { Env } from "../env.ts";
import { EventLog } from "../payments/event-log.ts";
import type { PushBatch, Runtime, WebhookItem } from "../provider/capabilities.ts";
import type { ProviderId } from "../provider/model.ts";
import type { CallbackOutcome } from "../provider/provider.ts";
import { DEFAULT_PROVIDER } from "../provider/registry.ts";
import { migrate } from "../store/migrations.ts";
import type { LookupOptions } from "../sync/read-model.ts";
import { ConnectService } from "./connect-service.ts";
import { ConnectionService, providerOf } from "./connection-service.ts";
import { ConnectorService } from "./connector-service.ts";
import type { RefreshRefused } from "./refresh-policy.ts";
import { fail, ok, type Result } from "./result.ts";
import { type Services, type SyncStatus, syncStatusOf } from "./services.ts";
import type { SettingsPatch } from "./settings-view.ts";
import type { SyncReport } from "./sync-service.ts";
import { applyWebhook } from "./webhook-service.ts";
import { type ObjectMemory, Wiring } from "./wiring.ts";

export type { SyncStatus } from "./services.ts";

/** The real clock and network; tests reach the same object through SELF and route fetch to an emulator. */
const REAL_RUNTIME: Runtime = {
  now: () => Date.now(),
  // Looked up per call, so a test's outbound routing applies.
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/**
 * One per AGG SMART tenant (SQLite-backed): the single writer of that tenant's connection,
 * tokens, sync cursor, invoices and event log. A thin RPC surface: it binds the object to its
 * tenant, wires storage, the runtime and the tenant's provider into small services
 * (./services.ts) and forwards; policy lives in the services.
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

  /** Binds this object to its tenant id on first use and refuses any other (defence in depth). */
  private async bind(tenant: string): Promise<void> {
    if (this.tenant === tenant) return;
    const stored = await this.ctx.storage.get<string>("tenant");
    if (stored && stored !== tenant) throw new Error("tenant mismatch");
    if (!stored) await this.ctx.storage.put("tenant", tenant);
    this.tenant = tenant;
  }

  private get t(): string {
    if (!this.tenant) throw new Error("tenant not bound");
    return this.tenant;
  }

  /** The services of this object for one call (./wiring.ts). */
  private w(): Wiring {
    return new Wiring({
      tenant: this.t,
      storage: this.ctx.storage,
      env: this.env,
      rt: this.rt,
      memory: this.memory,
    });
  }

  private conn(): ConnectionService {
    return this.w().conn();
  }

  private services(): Promise<Services> {
    return this.w().services();
  }

  private connecting(): ConnectService {
    return this.w().connecting();
  }

  private connector(): ConnectorService {
    return new ConnectorService({
      tenant: this.t,
      storage: this.ctx.storage,
      rt: this.rt,
      conn: this.conn(),
      services: () => this.services(),
      waitUntil: (p) => this.ctx.waitUntil(p),
    });
  }

  /** Sage 50: a new connector key, returned once (only its hash is kept; the previous key stops working). */
  async issueConnectorKey(tenant: string, sub: string) {
    await this.bind(tenant);
    return this.connector().issue(sub);
  }

  /** Whether `key` is this tenant's current connector key (`GET /connector/sage50/check`). */
  async connectorCheck(tenant: string, key: string): Promise<boolean> {
    await this.bind(tenant);
    return this.connector().check(key);
  }

  /** A connector's batch: applied once per batch id (a resend answers duplicate). */
  async connectorPush(tenant: string, key: string, batch: PushBatch) {
    await this.bind(tenant);
    return this.connector().push(key, batch);
  }

  private notConnected<T>(name: string): Result<T> {
    return fail(409, "not_connected", `This account is not connected to ${name}.`);
  }

  /** This tenant's connection ref (asked by another tenant before it removes that connection at the provider). */
  async connectionRef(tenant: string): Promise<string | null> {
    await this.bind(tenant);
    return (await this.conn().get())?.connectionRef ?? null;
  }

  /** Runs (or resumes) the sync now, within one invocation's budget. */
  async syncNow(tenant: string, maxCalls?: number): Promise<Result<SyncReport>> {
    await this.bind(tenant);
    const c = this.conn();
    const conn = await c.connected();
    if (!conn) return this.notConnected(providerOf(await c.get()).name);
    if (!conn.currency) await c.learnCurrency(conn);
    return ok(await (await this.services()).sync.run(maxCalls));
  }

  /** A job's payment state from the tenant's invoices (fresh: webhooks update it here first). */
  async jobPayment(tenant: string, job: string): Promise<JobPaymentLookup> {
    await this.bind(tenant);
    const conn = await this.conn().get();
    if (!conn) return { state: "not_connected" };
    const provider = conn.provider;
    if (conn.state !== "connected") return { state: "not_connected", provider, reason: conn.reason };
    const { sync, payments } = await this.services();
    if ((await sync.cursor()).lastSyncedAt === null) return { state: "not_synced", provider };
    return { state: "found", provider, payment: payments.payment(job) };
  }

  /** The event feed: events after `after`, oldest first. */
  async events(tenant: string, after: number, limit: number): Promise<EventPage> {
    await this.bind(tenant);
    return new EventLog(this.ctx.storage.sql, tenant).page(after, limit);
  }

  /** Delivery bookkeeping of one event (tests and diagnostics). */
  async eventStatus(tenant: string, seq: number) {
    await this.bind(tenant);
    return new EventLog(this.ctx.storage.sql, tenant).status(seq);
  }

  /** Paid in AGG SMART → a payment on the job's invoice at the provider, exactly once per paymentId. */
  async pushPayment(tenant: string, job: string, p: PaymentPush): Promise<Result<PaymentPushResult>> {
    await this.bind(tenant);
    const s = await this.services();
    if (!(await this.conn().connected())) return this.notConnected(s.provider.name);
    const r = await s.pushPayment(job, p);
    this.ctx.waitUntil(s.deliverSoon());
    return r;
  }

  /** A provider's webhook events for this tenant: dedupe, re-read the records, update states, tell AGG SMART. */
  async onProviderEvents(
    tenant: string,
    provider: ProviderId,
    items: WebhookItem[],
  ): Promise<{ fresh: number }> {
    await this.bind(tenant);
    const s = await this.services();
    await s.sync.webhookArrived(); // webhooks work: the day plan polls less
    const conn = await this.conn().connected();
    if (!conn || conn.provider !== provider || !s.session.events) return { fresh: 0 };
    const alarmBy = (at: number) => this.w().alarms().by(at);
    const r = await applyWebhook(
      { sql: this.ctx.storage.sql, rt: this.rt, ...s, events: s.session.events, alarmBy },
      items,
    );
    if (r.fresh > 0) await s.deliverSoon();
    return r;
  }

  /** Settings as the admin widget shows them. */
  async getSettings(tenant: string): Promise<AccountsSettings> {
    await this.bind(tenant);
    return (await this.services()).settings.view();
  }

  /** Validated settings change (a new bank account is checked against the provider). */
  async updateSettings(tenant: string, patch: SettingsPatch): Promise<Result<AccountsSettings>> {
    await this.bind(tenant);
    return (await this.services()).settings.update(patch);
  }

  /** Accounts payments may go into, read live from the provider. */
  async bankAccounts(tenant: string): Promise<Result<BankAccount[]>> {
    await this.bind(tenant);
    return (await this.services()).settings.bankAccounts();
  }

  /** A new signing secret for AGG SMART's webhook receiver, returned once (stored sealed). */
  async rotateWebhookSecret(tenant: string): Promise<{ secret: string; hint: string }> {
    await this.bind(tenant);
    return (await this.services()).settings.rotateSecret();
  }

  /** Where the tenant's sync stands (server API `GET /v1/tenants/{tenant}/sync`). */
  async syncStatus(tenant: string): Promise<SyncStatus> {
    await this.bind(tenant);
    return syncStatusOf(await this.conn().get(), await this.services());
  }

  /** How many contacts the tenant's store holds (tests and diagnostics). */
  async contactCount(tenant: string): Promise<number> {
    await this.bind(tenant);
    return (await this.conn().get()) ? (await this.services()).sync.store.count() : 0;
  }

  /** Schedules a sync as soon as possible (server API `POST /v1/tenants/{tenant}/sync`). */
  async requestSync(tenant: string): Promise<Result<{ queued: true }>> {
    await this.bind(tenant);
    const s = await this.services();
    if (!(await this.conn().connected())) return this.notConnected(s.provider.name);
    await s.sync.requestNow();
    await this.ctx.storage.setAlarm(this.rt.now());
    return ok({ queued: true });
  }

  /** Refreshes one customer from the provider now (rate-limited), then answers from the read model. */
  async refreshCustomer(
    tenant: string,
    ref: string,
    opts: LookupOptions,
  ): Promise<Result<CreditLookup | RefreshRefused>> {
    await this.bind(tenant);
    if (!(await this.conn().connected())) return ok({ state: "not_connected" });
    return (await this.services()).refreshCustomer(ref, opts);
  }

  /** `GET /api/connection`: the tenant's connection as the widget shows it. */
  async getStatus(tenant: string): Promise<ConnectionStatus> {
    await this.bind(tenant);
    return this.connector().present(await this.conn().status());
  }

  /** Creates the single-use ticket the consent popup starts with. */
  async createTicket(tenant: string, sub: string, origin: string, provider: ProviderId = DEFAULT_PROVIDER) {
    await this.bind(tenant);
    return this.connecting().createTicket(provider, sub, origin);
  }

  /** Consumes a ticket and returns the provider's consent URL (state + PKCE stored here). */
  async beginAuthorize(tenant: string, ticket: string, provider: ProviderId = DEFAULT_PROVIDER) {
    await this.bind(tenant);
    return this.connecting().beginAuthorize(provider, ticket);
  }

  /** Handles the OAuth callback for this tenant's pending consent. */
  async completeAuthorize(
    tenant: string,
    nonce: string,
    callbackUrl: string,
    provider: ProviderId = DEFAULT_PROVIDER,
  ): Promise<CallbackOutcome> {
    await this.bind(tenant);
    return this.connecting().completeAuthorize(provider, nonce, callbackUrl);
  }

  /** The admin picked one of several organisations. */
  async completePick(
    tenant: string,
    pickId: string,
    orgRef: string,
    provider: ProviderId = DEFAULT_PROVIDER,
  ) {
    await this.bind(tenant);
    return this.connecting().completePick(provider, pickId, orgRef);
  }

  /** An access token for provider calls; refreshes (single-flight) when needed. */
  async accessToken(tenant: string): Promise<Result<{ token: string; orgRef: string }>> {
    await this.bind(tenant);
    return this.conn().accessToken();
  }

  /** Forces a refresh (a caller saw `staleToken` rejected with 401). */
  async refreshAfter401(tenant: string, staleToken: string): Promise<Result<{ token: string }>> {
    await this.bind(tenant);
    return this.conn().refreshAfter401(staleToken);
  }

  /** Disconnect (see ConnectService.disconnect): idempotent; nothing is deleted when the provider cannot be reached. */
  async disconnect(tenant: string): Promise<Result<ConnectionStatus>> {
    await this.bind(tenant);
    return this.connecting().disconnect();
  }

  /** The tenant's clock: keep-alive, sync when due, deliveries, purges, re-arm (Wiring.alarm). */
  override async alarm(): Promise<void> {
    const tenant = await this.ctx.storage.get<string>("tenant");
    if (!tenant) return;
    await this.bind(tenant);
    await this.w().alarm(() => this.syncNow(tenant));
  }

  /** Watchdog poke: a connected tenant whose alarm was lost gets one now. */
  async ensureAlarm(tenant: string): Promise<void> {
    await this.bind(tenant);
    await this.w()
      .alarms()
      .ensure((await this.conn().connected()) !== null);
  }

  /** Asks the provider whether this tenant's organisation is still connected (marks needs_reconnect if not). */
  async verifyConnection(tenant: string): Promise<Result<{ connected: boolean }>> {
    await this.bind(tenant);
    return this.conn().verify();
  }
}
