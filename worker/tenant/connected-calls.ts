import type { ConnectionStatus } from "../../shared/connection.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import type { JobPaymentLookup, PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import type { Runtime, WebhookItem } from "../provider/capabilities.ts";
import type { ProviderId } from "../provider/model.ts";
import type { LookupOptions } from "../sync/read-model.ts";
import type { AlarmService } from "./alarm-service.ts";
import { type ConnectionService, providerOf } from "./connection-service.ts";
import type { ConnectorService } from "./connector-service.ts";
import type { RefreshRefused } from "./refresh-policy.ts";
import { fail, ok, type Result } from "./result.ts";
import { type Services, type SyncStatus, syncStatusOf } from "./services.ts";
import type { SyncReport } from "./sync-service.ts";
import { applyWebhook } from "./webhook-service.ts";

// The tenant object's calls whose answer depends on whether the tenant is connected: each says
// what it does without a connection (a 409 in the provider's words, `not_connected`, nothing),
// then hands over to the services. The object forwards to these one for one.

/** What these calls are built from (./wiring.ts provides all of it). */
export interface CallDeps {
  storage: DurableObjectStorage;
  rt: Runtime;
  conn(): ConnectionService;
  services(): Promise<Services>;
  alarms(): AlarmService;
  connector(): ConnectorService;
  /** Work to finish after the answer (event delivery). */
  waitUntil(p: Promise<unknown>): void;
}

const notConnected = <T>(name: string): Result<T> =>
  fail(409, "not_connected", `This account is not connected to ${name}.`);

/** One call's worth of connection-dependent operations of a tenant. */
export class ConnectedCalls {
  private readonly d: CallDeps;

  constructor(deps: CallDeps) {
    this.d = deps;
  }

  /** Runs (or resumes) the sync within one invocation's budget; the currency is learnt first. */
  async syncNow(maxCalls?: number): Promise<Result<SyncReport>> {
    const c = this.d.conn();
    const conn = await c.connected();
    if (!conn) return notConnected(providerOf(await c.get()).name);
    if (!conn.currency) await c.learnCurrency(conn);
    return ok(await (await this.d.services()).sync.run(maxCalls));
  }

  /** A job's payment state from the tenant's invoices (`not_synced` before the first sync ends). */
  async jobPayment(job: string): Promise<JobPaymentLookup> {
    const conn = await this.d.conn().get();
    if (!conn) return { state: "not_connected" };
    const provider = conn.provider;
    if (conn.state !== "connected") return { state: "not_connected", provider, reason: conn.reason };
    const { sync, payments } = await this.d.services();
    if ((await sync.cursor()).lastSyncedAt === null) return { state: "not_synced", provider };
    return { state: "found", provider, payment: payments.payment(job) };
  }

  /** A payment pushed to the provider; the events it made are delivered after the answer. */
  async pushPayment(job: string, p: PaymentPush): Promise<Result<PaymentPushResult>> {
    const s = await this.d.services();
    if (!(await this.d.conn().connected())) return notConnected(s.provider.name);
    const r = await s.pushPayment(job, p);
    this.d.waitUntil(s.deliverSoon());
    return r;
  }

  /** Webhook events: counted as webhook health always, applied only for the connected provider. */
  async onProviderEvents(provider: ProviderId, items: WebhookItem[]): Promise<{ fresh: number }> {
    const s = await this.d.services();
    await s.sync.webhookArrived(); // webhooks work: the day plan polls less
    const conn = await this.d.conn().connected();
    if (!conn || conn.provider !== provider || !s.session.events) return { fresh: 0 };
    const alarmBy = (at: number) => this.d.alarms().by(at);
    const r = await applyWebhook(
      { sql: this.d.storage.sql, rt: this.d.rt, ...s, events: s.session.events, alarmBy },
      items,
    );
    if (r.fresh > 0) await s.deliverSoon();
    return r;
  }

  /** Schedules a sync as soon as possible: the cursor is due and the alarm fires now. */
  async requestSync(): Promise<Result<{ queued: true }>> {
    const s = await this.d.services();
    if (!(await this.d.conn().connected())) return notConnected(s.provider.name);
    await s.sync.requestNow();
    await this.d.storage.setAlarm(this.d.rt.now());
    return ok({ queued: true });
  }

  /** Refreshes one customer now (rate-limited); not connected is an answer the badge shows, not an error. */
  async refreshCustomer(ref: string, opts: LookupOptions): Promise<Result<CreditLookup | RefreshRefused>> {
    if (!(await this.d.conn().connected())) return ok({ state: "not_connected" });
    return (await this.d.services()).refreshCustomer(ref, opts);
  }

  /** Where the tenant's sync stands. */
  async syncStatus(): Promise<SyncStatus> {
    return syncStatusOf(await this.d.conn().get(), await this.d.services());
  }

  /** How many contacts the store holds (0 without a connection record). */
  async contactCount(): Promise<number> {
    return (await this.d.conn().get()) ? (await this.d.services()).sync.store.count() : 0;
  }

  /** The connection as the widget shows it (a quiet connector shows as needing attention). */
  async status(): Promise<ConnectionStatus> {
    return this.d.connector().present(await this.d.conn().status());
  }

  /** Watchdog poke: a connected tenant gets its alarm back; a disconnected one leaves the registry. */
  async ensureAlarm(): Promise<void> {
    await this.d.alarms().ensure((await this.d.conn().connected()) !== null);
  }
}
