import { DurableObject } from "cloudflare:workers";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import type { EventPage, JobPaymentLookup, PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import type { AccountsSettings, BankAccount } from "../../shared/settings.ts";
import type { Env } from "../env.ts";
import { EventLog } from "../payments/event-log.ts";
import { checkWebhookUrl, runsLocally } from "../payments/webhook-url.ts";
import { seal, unseal } from "../store/seal.ts";
import { deleteTenantData } from "../store/tenant-data.ts";
import type { LookupOptions } from "../sync/read-model.ts";
import { type RateBudget, RateLimited, XeroApiError, type XeroCredentials } from "../xero/api.ts";
import { type FetchFn, type XeroConfig, xeroConfig } from "../xero/config.ts";
import { listConnections } from "../xero/connections.ts";
import { refreshTokens, type TokenSet, XeroAuthError } from "../xero/oauth.ts";
import { fetchOrganisation } from "../xero/organisation.ts";
import { ConnectFlow } from "./connect-flow.ts";
import type { InflightPush } from "./payment-pusher.ts";
import { PaymentsService } from "./payments-service.ts";
import {
  AUTH_TTL_MS,
  ConnectionRecord,
  KEEPALIVE_AFTER_MS,
  KEYS,
  REFRESH_IDLE_LIMIT_MS,
  TICKET_TTL_MS,
} from "./records.ts";
import { BEAT_EVERY_MS, heartbeat, unregister } from "./registry.ts";
import { type ReleaseDeps, releaseConnections, releaseReplaced, usedByOtherTenant } from "./release.ts";
import { fail, ok, type Result } from "./result.ts";
import { defaultSettings, TenantSettings } from "./settings.ts";
import { applyPatch, paymentAccounts, type SettingsPatch, toView } from "./settings-view.ts";
import { toStatus } from "./status.ts";
import { tenantStub } from "./stub.ts";
import { type RefreshRefused, type SyncReport, SyncService, WEBHOOK_AT_KEY } from "./sync-service.ts";
import { TokenKeeper } from "./token-keeper.ts";
import { Vault } from "./vault.ts";
import { applyXeroEvents, type XeroEventItem } from "./xero-events.ts";
import { mapXeroTenant, unmapXeroTenant } from "./xero-map.ts";

/** `GET /v1/tenants/{tenant}/sync`. */
export interface SyncStatus {
  connected: boolean;
  phase: string;
  lastSyncedAt: string | null;
  nextRunAt: string | null;
  contacts: number;
  invoices: number;
}

/** The alarm wakes at least daily (keep-alive) and whenever the sync is due. */
const ALARM_EVERY_MS = 24 * 3600_000;
/** While a sync run or KV writes are unfinished, the next slice runs this soon. */
const CONTINUE_AFTER_MS = 1000;
/** Why the connection stopped, when Xero answers 401 AuthorizationUnsuccessful (what the admin can do). */
const REFUSED_REASON =
  "Xero refused access: the user who connected lacks a permission or scope (AuthorizationUnsuccessful). " +
  "Ask a Xero adviser/admin to reconnect in Admin → Accounts.";

/**
 * One per AGG SMART tenant (SQLite-backed): the single writer for that tenant's Xero tokens,
 * connection state and (later) sync cursors and event log.
 */
export class TenantObject extends DurableObject<Env> {
  private keeper: TokenKeeper | null = null;
  /** Xero's remaining rate budget for this organisation, from the last response's X-*Limit-Remaining. */
  private readonly rateBudget: RateBudget = {};
  /** Payments being posted, by paymentId: concurrent calls for one payment share one attempt. */
  private readonly pushing = new Map<string, InflightPush>();
  private tenant: string | null = null;
  /** Outbound fetch, looked up per call so tests can route it to the Xero emulator. */
  private readonly fetchFn: FetchFn = (input, init) => fetch(input, init);

  private get cfg(): XeroConfig {
    return xeroConfig(this.env);
  }

  private vault(): Vault {
    return new Vault(this.ctx.storage, this.env.TOKEN_ENCRYPTION_KEY, this.requireTenant());
  }

  private requireTenant(): string {
    if (!this.tenant) throw new Error("tenant not bound");
    return this.tenant;
  }

  /** Binds this object to its tenant id on first use and refuses any other (defence in depth). */
  private async bind(tenant: string): Promise<void> {
    if (this.tenant === tenant) return;
    const stored = await this.ctx.storage.get<string>("tenant");
    if (stored && stored !== tenant) throw new Error("tenant mismatch");
    if (!stored) await this.ctx.storage.put("tenant", tenant);
    this.tenant = tenant;
  }

  private tokenKeeper(): TokenKeeper {
    if (this.keeper) return this.keeper;
    const vault = this.vault();
    this.keeper = new TokenKeeper({
      load: () => vault.get(KEYS.tokens),
      save: (t) => vault.put(KEYS.tokens, t),
      refresh: (rt) => refreshTokens(this.cfg, this.fetchFn, rt, Date.now()),
      onInvalidGrant: (message) =>
        this.markNeedsReconnect(`Xero no longer accepts this connection: ${message}`),
      now: () => Date.now(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    return this.keeper;
  }

  private flow(): ConnectFlow {
    return new ConnectFlow({
      storage: this.ctx.storage,
      vault: this.vault(),
      cfg: this.cfg,
      fetchFn: this.fetchFn,
      tenant: this.requireTenant(),
      allowedOrigins: this.env.ALLOWED_ORIGINS,
      release: this.releaseDeps(true),
      onConnected: async (record, tokens) => {
        await this.replaceConnection(record, tokens);
      },
    });
  }

  private async settings(): Promise<TenantSettings> {
    const raw = await this.ctx.storage.get("settings");
    return raw === undefined ? defaultSettings(this.env.SYNC_INTERVAL_MINUTES) : TenantSettings.parse(raw);
  }

  private creds(): XeroCredentials {
    const tenant = this.requireTenant();
    return {
      token: async () => {
        const r = await this.accessToken(tenant);
        if (!r.ok) throw new XeroApiError("not_connected", 409, r.message);
        return r.value;
      },
      renew: async (stale) => (await this.tokenKeeper().refresh(stale)).accessToken,
      forbidden: () => this.markNeedsReconnect("The organisation was disconnected from AGG SMART in Xero."),
      refused: () => this.markNeedsReconnect(REFUSED_REASON),
    };
  }

  /**
   * Xero access for removing connections. A connection stays at Xero while an AGG SMART tenant
   * stores it: another one (same Xero user, same organisation: one connection), or — unless this
   * tenant is letting go of its own — this one.
   */
  private releaseDeps(includeSelf: boolean): ReleaseDeps {
    const me = this.requireTenant();
    return {
      cfg: this.cfg,
      fetchFn: this.fetchFn,
      now: () => Date.now(),
      inUse: async (id, xeroTenantId) => {
        if (includeSelf && (await this.connection())?.xeroConnectionId === id) return true;
        return usedByOtherTenant(this.env.KV, me, xeroTenantId, id, (t) =>
          tenantStub(this.env, t).connectionRef(t),
        );
      },
    };
  }

  /** This tenant's Xero connection id (asked by another tenant before it removes that connection at Xero). */
  async connectionRef(tenant: string): Promise<string | null> {
    await this.bind(tenant);
    return (await this.connection())?.xeroConnectionId ?? null;
  }

  /** Makes sure the alarm comes back by `at`, to purge a ticket, consent state or pick that expires then. */
  private async purgeBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private async sync(conn: ConnectionRecord): Promise<SyncService> {
    return (await this.services(conn)).sync;
  }

  /** The sync and payments sides of this tenant, wired together (invoices read by the sync feed payments). */
  private async services(conn: ConnectionRecord): Promise<{ sync: SyncService; payments: PaymentsService }> {
    const settings = await this.settings();
    const currency = conn.currency ?? "GBP";
    let payments: PaymentsService | null = null;
    const sync = new SyncService({
      storage: this.ctx.storage,
      kv: this.env.KV,
      tenant: this.requireTenant(),
      client: {
        cfg: this.cfg,
        fetchFn: this.fetchFn,
        creds: this.creds(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      },
      settings,
      currency,
      budget: this.rateBudget,
      onInvoices: (list, baseline) => {
        payments?.ingest(list, !baseline);
      },
    });
    payments = new PaymentsService({
      sql: this.ctx.storage.sql,
      tenant: this.requireTenant(),
      settings,
      currency,
      timezone: conn.timezone ?? "UTC",
      call: sync.call,
      fetchFn: this.fetchFn,
      webhook: () => this.webhookTarget(settings),
      saveSettings: (next) => this.ctx.storage.put("settings", next),
      inflight: this.pushing,
    });
    return { sync, payments };
  }

  private async webhookTarget(settings: TenantSettings): Promise<{ url: string; secret: string } | null> {
    const url = settings.webhookUrl || this.env.AGG_WEBHOOK_URL;
    const sealed = await this.ctx.storage.get("webhook-secret");
    if (!url || sealed === undefined) return null;
    // AGG_WEBHOOK_URL is never validated on input, and a stored URL predates today's rule: check at send.
    const target = checkWebhookUrl(url, { local: runsLocally(this.env) });
    if (!target.ok) {
      console.warn(
        JSON.stringify({ event: "webhook_refused", tenant: this.requireTenant(), reason: target.reason }),
      );
      return null;
    }
    const { value } = await unseal(
      this.env.TOKEN_ENCRYPTION_KEY,
      `${this.requireTenant()}|webhook-secret`,
      sealed,
    );
    return typeof value === "string" ? { url, secret: value } : null;
  }

  /** Runs (or resumes) the sync now, within one invocation's budget. */
  async syncNow(tenant: string, maxCalls?: number): Promise<Result<SyncReport>> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (!conn || conn.state !== "connected")
      return fail(409, "not_connected", "This account is not connected to Xero.");
    if (!conn.currency) await this.learnCurrency(conn);
    const current = (await this.connection()) ?? conn;
    return ok(await (await this.sync(current)).run(maxCalls));
  }

  private async connected(): Promise<ConnectionRecord | null> {
    const conn = await this.connection();
    return conn?.state === "connected" ? conn : null;
  }

  /** A job's payment state from the tenant's invoices (fresh: webhooks update it here first). */
  async jobPayment(tenant: string, job: string): Promise<JobPaymentLookup> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (!conn) return { state: "not_connected" };
    const provider = conn.provider;
    if (conn.state !== "connected") return { state: "not_connected", provider, reason: conn.reason };
    const { sync, payments } = await this.services(conn);
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

  /** Paid in AGG SMART → a payment on the job's invoice in Xero, exactly once per paymentId. */
  async pushPayment(tenant: string, job: string, p: PaymentPush): Promise<Result<PaymentPushResult>> {
    await this.bind(tenant);
    const conn = await this.connected();
    if (!conn) return fail(409, "not_connected", "This account is not connected to Xero.");
    const { payments } = await this.services(conn);
    try {
      const r = await payments.push(job, p);
      this.ctx.waitUntil(this.deliverSoon());
      return "code" in r ? fail(r.status, r.code, r.message) : ok(r);
    } catch (err) {
      if (err instanceof RateLimited)
        return fail(
          503,
          "upstream_error",
          `Xero is busy (rate limit); retry in ${Math.ceil(err.retryAfterMs / 1000)} s with the same paymentId.`,
        );
      const message = err instanceof Error ? err.message : String(err);
      return fail(
        503,
        "upstream_error",
        `Xero could not be reached (${message}). Retry with the same paymentId: it will not pay twice.`,
      );
    }
  }

  /** Xero webhook events for this tenant: dedupe, refetch the records, update states, tell AGG SMART. */
  async onXeroEvents(tenant: string, items: XeroEventItem[]): Promise<{ fresh: number }> {
    await this.bind(tenant);
    await this.ctx.storage.put(WEBHOOK_AT_KEY, Date.now()); // webhooks work: the day plan polls less
    const conn = await this.connected();
    if (!conn) return { fresh: 0 };
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS xero_seen (key TEXT PRIMARY KEY, at INTEGER NOT NULL)",
    );
    this.ctx.storage.sql.exec("DELETE FROM xero_seen WHERE at < ?", Date.now() - 7 * 24 * 3600_000);
    const fresh = items.filter(
      (i) =>
        this.ctx.storage.sql
          .exec("INSERT OR IGNORE INTO xero_seen (key, at) VALUES (?, ?) RETURNING key", i.key, Date.now())
          .toArray().length > 0,
    );
    if (fresh.length === 0) return { fresh: 0 };
    const { sync, payments } = await this.services(conn);
    try {
      const r = await applyXeroEvents(
        {
          call: sync.call,
          refreshInvoices: (ids) => payments.refreshInvoices(ids),
          refreshContacts: (ids) => sync.refreshContacts(ids),
        },
        fresh,
      );
      if (r.overflow) await sync.requestNow();
    } catch {
      // The scheduled sync catches up; make it come soon.
      await sync.requestNow();
      await this.ctx.storage.setAlarm(Date.now() + 5_000);
    }
    await this.deliverSoon();
    return { fresh: fresh.length };
  }

  private async deliverSoon(): Promise<void> {
    const conn = await this.connected();
    if (!conn) return;
    const next = await (await this.services(conn)).payments.deliver();
    if (next !== null) {
      const current = await this.ctx.storage.getAlarm();
      if (current === null || next < current) await this.ctx.storage.setAlarm(next);
    }
  }

  /** Settings as the admin widget shows them. */
  async getSettings(tenant: string): Promise<AccountsSettings> {
    await this.bind(tenant);
    return toView(await this.settings(), await this.ctx.storage.get<string>("webhook-secret-hint"));
  }

  /** Validated settings change (a new bank account is checked against Xero). */
  async updateSettings(tenant: string, patch: SettingsPatch): Promise<Result<AccountsSettings>> {
    await this.bind(tenant);
    const current = await this.settings();
    const { next, matchChanged } = applyPatch(current, patch);
    if (next.pushEnabled && !next.bankAccountCode) {
      const message = "Pick the bank account payments go into before switching this on.";
      return fail(400, "validation_failed", message, [{ path: "pushPayments.bankAccountCode", message }]);
    }
    if (next.bankAccountCode && next.bankAccountCode !== current.bankAccountCode) {
      const list = await this.bankAccounts(tenant);
      if (!list.ok) return list;
      if (!list.value.some((a) => a.code === next.bankAccountCode)) {
        const message = `Account ${next.bankAccountCode} is not an active bank account in Xero.`;
        return fail(400, "validation_failed", message, [{ path: "pushPayments.bankAccountCode", message }]);
      }
    }
    await this.ctx.storage.put("settings", next);
    const conn = await this.connection();
    if (conn) {
      const { sync, payments } = await this.services(conn);
      if (matchChanged) payments.invoices.rebaseline(next.jobMatchField, payments.clock());
      await sync.publishMeta(conn.state === "connected", conn.reason);
    }
    return ok(await this.getSettings(tenant));
  }

  /** Accounts payments may go into, read live from Xero. */
  async bankAccounts(tenant: string): Promise<Result<BankAccount[]>> {
    await this.bind(tenant);
    const conn = await this.connected();
    if (!conn) return fail(409, "not_connected", "Connect Xero first.");
    try {
      const body = await (await this.sync(conn)).call({
        path: "/Accounts",
        query: { where: 'Status=="ACTIVE"' },
      });
      return ok(paymentAccounts(body));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return fail(503, "upstream_error", `Could not read accounts from Xero: ${message}`);
    }
  }

  /** A new signing secret for AGG SMART's webhook receiver, returned once (stored sealed). */
  async rotateWebhookSecret(tenant: string): Promise<{ secret: string; hint: string }> {
    await this.bind(tenant);
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const secret = `whsec_${btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "")}`;
    await this.ctx.storage.put(
      "webhook-secret",
      await seal(this.env.TOKEN_ENCRYPTION_KEY, `${tenant}|webhook-secret`, secret),
    );
    await this.ctx.storage.put("webhook-secret-hint", secret.slice(-4));
    return { secret, hint: secret.slice(-4) };
  }

  /** Where the tenant's sync stands (server API `GET /v1/tenants/{tenant}/sync`). */
  async syncStatus(tenant: string): Promise<SyncStatus> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (!conn)
      return {
        connected: false,
        phase: "idle",
        lastSyncedAt: null,
        nextRunAt: null,
        contacts: 0,
        invoices: 0,
      };
    const { sync, payments } = await this.services(conn);
    const c = await sync.cursor();
    return {
      connected: conn.state === "connected",
      phase: c.phase,
      lastSyncedAt: c.lastSyncedAt === null ? null : new Date(c.lastSyncedAt).toISOString(),
      nextRunAt: new Date(c.nextRunAt).toISOString(),
      contacts: sync.store.count(),
      invoices: payments.invoices.count(),
    };
  }

  /** How many contacts the tenant's store holds (tests and diagnostics). */
  async contactCount(tenant: string): Promise<number> {
    await this.bind(tenant);
    const conn = await this.connection();
    return conn ? (await this.sync(conn)).store.count() : 0;
  }

  /** Schedules a sync as soon as possible (server API `POST /v1/tenants/{tenant}/sync`). */
  async requestSync(tenant: string): Promise<Result<{ queued: true }>> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (!conn || conn.state !== "connected")
      return fail(409, "not_connected", "This account is not connected to Xero.");
    await (await this.sync(conn)).requestNow();
    await this.ctx.storage.setAlarm(Date.now());
    return ok({ queued: true });
  }

  /** Refreshes one customer from Xero now (rate-limited), then answers from the read model. */
  async refreshCustomer(
    tenant: string,
    ref: string,
    opts: LookupOptions,
  ): Promise<Result<CreditLookup | RefreshRefused>> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (!conn || conn.state !== "connected") return ok({ state: "not_connected" });
    try {
      return ok(await (await this.sync(conn)).refreshCustomer(ref, opts));
    } catch (err) {
      if (err instanceof XeroApiError && err.kind === "not_connected") return ok({ state: "not_connected" });
      const message = err instanceof Error ? err.message : "Xero could not be reached.";
      return fail(503, "upstream_error", `Could not refresh from Xero: ${message}`);
    }
  }

  private async learnCurrency(conn: ConnectionRecord): Promise<void> {
    try {
      const token = await this.tokenKeeper().accessToken();
      const org = await fetchOrganisation(this.cfg, this.fetchFn, token, conn.xeroTenantId);
      if (org.currency)
        await this.ctx.storage.put(KEYS.connection, {
          ...conn,
          currency: org.currency,
          orgName: org.name,
          timezone: org.timezone,
        });
    } catch {
      // The next run tries again; until then positions use the organisation's stored currency.
    }
  }

  private async connection(): Promise<ConnectionRecord | null> {
    const raw = await this.ctx.storage.get(KEYS.connection);
    return raw === undefined ? null : ConnectionRecord.parse(raw);
  }

  /** `GET /api/connection`: the tenant's connection as the widget shows it. */
  async getStatus(tenant: string): Promise<ConnectionStatus> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (conn?.state === "connected") {
      // No call to Xero needed to know a refresh token unused for 60 days is dead.
      const tokens = await this.vault().get(KEYS.tokens);
      if (tokens && Date.now() - tokens.refreshIssuedAt > REFRESH_IDLE_LIMIT_MS) {
        await this.markNeedsReconnect("The connection was unused for 60 days and Xero expired it.");
        return toStatus(await this.connection());
      }
    }
    return toStatus(conn);
  }

  /** Creates the single-use ticket the consent popup starts with. */
  async createTicket(tenant: string, sub: string, origin: string): Promise<Result<string>> {
    await this.bind(tenant);
    const r = await this.flow().createTicket(sub, origin);
    if (r.ok) await this.purgeBy(Date.now() + TICKET_TTL_MS + 1000);
    return r;
  }

  /** Consumes a ticket and returns Xero's consent URL (state + PKCE stored here). */
  async beginAuthorize(tenant: string, ticket: string): Promise<Result<{ url: string; origin: string }>> {
    await this.bind(tenant);
    const r = await this.flow().beginAuthorize(ticket);
    if (r.ok) await this.purgeBy(Date.now() + AUTH_TTL_MS + 1000);
    return r;
  }

  /** Handles the OAuth callback for this tenant's pending consent. */
  async completeAuthorize(tenant: string, nonce: string, callbackUrl: string) {
    await this.bind(tenant);
    const r = await this.flow().completeAuthorize(nonce, callbackUrl);
    if (r.kind === "pick") await this.purgeBy(Date.now() + AUTH_TTL_MS + 1000);
    return r;
  }

  /** The admin picked one of several organisations. */
  async completePick(tenant: string, pickId: string, xeroTenantId: string) {
    await this.bind(tenant);
    return this.flow().completePick(pickId, xeroTenantId);
  }

  /** An access token for Xero API calls; refreshes (single-flight) when needed. */
  async accessToken(tenant: string): Promise<Result<{ token: string; xeroTenantId: string }>> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (!conn) return fail(409, "not_connected", "This account is not connected to Xero.");
    if (conn.state !== "connected")
      return fail(409, "not_connected", `Xero needs reconnecting: ${conn.reason ?? ""}`.trim());
    try {
      return ok({ token: await this.tokenKeeper().accessToken(), xeroTenantId: conn.xeroTenantId });
    } catch (err) {
      return this.authFailure(err);
    }
  }

  /** Forces a refresh (a caller saw `staleToken` rejected with 401). */
  async refreshAfter401(tenant: string, staleToken: string): Promise<Result<{ token: string }>> {
    await this.bind(tenant);
    try {
      return ok({ token: (await this.tokenKeeper().refresh(staleToken)).accessToken });
    } catch (err) {
      return this.authFailure(err);
    }
  }

  /** Xero answered 403 AuthenticationUnsuccessful: the organisation was disconnected at Xero. */
  async reportForbidden(tenant: string): Promise<void> {
    await this.bind(tenant);
    await this.markNeedsReconnect("The organisation was disconnected from AGG SMART in Xero.");
  }

  private authFailure<T>(err: unknown): Result<T> {
    if (err instanceof XeroAuthError && err.kind === "invalid_grant") {
      return fail(
        409,
        "not_connected",
        "Xero needs reconnecting: an admin must reconnect in Admin → Accounts.",
      );
    }
    const message = err instanceof Error ? err.message : "Xero could not be reached.";
    return fail(503, "upstream_error", message);
  }

  private async markNeedsReconnect(reason: string): Promise<void> {
    const conn = await this.connection();
    if (!conn || conn.state === "needs_reconnect") return;
    await this.ctx.storage.put(KEYS.connection, {
      ...conn,
      state: "needs_reconnect",
      reason,
      since: Date.now(),
    });
  }

  private async replaceConnection(record: ConnectionRecord, tokens: TokenSet): Promise<void> {
    const previous = await this.connection();
    const oldTokens = previous
      ? await this.vault()
          .get(KEYS.tokens)
          .catch(() => null)
      : null;
    await this.vault().put(KEYS.tokens, tokens);
    await this.ctx.storage.put(KEYS.connection, record);
    this.keeper?.reset(tokens);
    const sync = await this.sync(record);
    // A first connect starts from nothing, even if a sync that failed while the last disconnect
    // ran wrote its cursor back afterwards.
    if (!previous) await sync.wipe();
    if (previous && previous.xeroTenantId !== record.xeroTenantId) {
      await sync.wipe();
      await deleteTenantData(this.env.KV, this.requireTenant());
    }
    if (previous && previous.xeroTenantId !== record.xeroTenantId)
      await unmapXeroTenant(this.env.KV, previous.xeroTenantId, this.requireTenant());
    await mapXeroTenant(this.env.KV, record.xeroTenantId, this.requireTenant());
    await sync.publishMeta(true);
    await sync.requestNow();
    await this.ctx.storage.put("beat", 0);
    await this.arm(this.requireTenant(), Date.now());
    // A reconnect to a different connection: tidy the old one away at Xero (best effort), with
    // a token Xero accepts now — the stored one has usually expired.
    if (previous && oldTokens && previous.xeroConnectionId !== record.xeroConnectionId) {
      const old = { id: previous.xeroConnectionId, tenantId: previous.xeroTenantId };
      await releaseReplaced(this.releaseDeps(true), old, oldTokens, tokens).catch(() => {});
    }
  }

  /**
   * Disconnect: remove this tenant's connection at Xero (DELETE /connections/{id}, unless another
   * tenant shares it), revoke the refresh token only if that leaves the Xero user no connection
   * to the app (revoking removes all of them), delete every stored token and this tenant's
   * synced data. Idempotent. If Xero cannot be reached nothing is deleted, so the admin can
   * simply try again.
   */
  async disconnect(tenant: string): Promise<Result<ConnectionStatus>> {
    await this.bind(tenant);
    const conn = await this.connection();
    const tokens = await this.vault().get(KEYS.tokens);
    if (conn && tokens) {
      try {
        // Fresh even when the connection needs reconnecting: a stale token would get a 401 and
        // leave the connection at Xero, counting against the customer's plan.
        const access = await this.tokenKeeper().accessToken();
        const current = (await this.vault().get(KEYS.tokens)) ?? tokens;
        const mine = { id: conn.xeroConnectionId, tenantId: conn.xeroTenantId };
        await releaseConnections(this.releaseDeps(false), { ...current, accessToken: access }, [mine], true);
      } catch (err) {
        if (!(err instanceof XeroAuthError && err.kind === "invalid_grant")) {
          return fail(
            503,
            "upstream_error",
            "Xero could not be reached to disconnect. Nothing was changed; try again.",
          );
        }
      }
    }
    await this.ctx.storage.deleteAll();
    await this.ctx.storage.deleteAlarm();
    await deleteTenantData(this.env.KV, tenant);
    await unregister(this.env.KV, tenant);
    if (conn) await unmapXeroTenant(this.env.KV, conn.xeroTenantId, tenant);
    this.keeper = null;
    this.tenant = null;
    await this.bind(tenant);
    return ok({ status: "not_connected" });
  }

  /**
   * The tenant's clock: keeps an idle connection alive (refresh well inside Xero's 60 days),
   * runs the sync when due, and re-arms itself. Alarms are at-least-once; every step is idempotent.
   */
  override async alarm(): Promise<void> {
    const tenant = await this.ctx.storage.get<string>("tenant");
    if (!tenant) return;
    await this.bind(tenant);
    const pendingUntil = await this.flow().purgeExpired();
    const conn = await this.connection();
    if (!conn || conn.state !== "connected") {
      if (pendingUntil !== null) await this.ctx.storage.setAlarm(pendingUntil + 1000);
      return;
    }
    const tokens = await this.vault().get(KEYS.tokens);
    if (tokens && Date.now() - tokens.refreshIssuedAt >= KEEPALIVE_AFTER_MS) {
      await this.tokenKeeper()
        .refresh()
        .catch(() => {});
    }
    const sync = await this.sync(conn);
    let next = Date.now() + ALARM_EVERY_MS;
    if ((await sync.cursor()).nextRunAt <= Date.now() || (await sync.cursor()).phase !== "idle") {
      const r = await this.syncNow(tenant);
      if (r.ok)
        next = Math.min(
          next,
          // An unfinished run continues soon — or when Xero's minute budget allows (nextRunAt).
          r.value.phase !== "idle" && !r.value.error
            ? Math.max(Date.now() + CONTINUE_AFTER_MS, r.value.nextRunAt)
            : r.value.nextRunAt,
        );
      if (r.ok && r.value.kvPending > 0) next = Math.min(next, Date.now() + CONTINUE_AFTER_MS);
    } else {
      next = Math.min(next, (await sync.cursor()).nextRunAt);
    }
    const delivery = await (await this.services(conn)).payments.deliver().catch(() => Date.now() + 60_000);
    if (delivery !== null) next = Math.min(next, delivery);
    if (pendingUntil !== null) next = Math.min(next, pendingUntil + 1000);
    if ((await this.connection())?.state === "connected") await this.arm(tenant, next);
  }

  /** Sets the alarm and, at most hourly, tells the watchdog registry when it will fire. */
  private async arm(tenant: string, at: number): Promise<void> {
    await this.ctx.storage.setAlarm(at);
    const last = (await this.ctx.storage.get<number>("beat")) ?? 0;
    if (Date.now() - last >= BEAT_EVERY_MS) {
      await heartbeat(this.env.KV, tenant, at, Date.now());
      await this.ctx.storage.put("beat", Date.now());
    }
  }

  /** Watchdog poke: a connected tenant whose alarm was lost gets one now. */
  async ensureAlarm(tenant: string): Promise<void> {
    await this.bind(tenant);
    const conn = await this.connection();
    if (!conn || conn.state !== "connected") {
      await unregister(this.env.KV, tenant);
      return;
    }
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.put("beat", 0);
    await this.arm(tenant, Date.now());
  }

  /** Asks Xero whether this tenant's organisation is still connected (marks needs_reconnect if not). */
  async verifyAtXero(tenant: string): Promise<Result<{ connected: boolean }>> {
    const r = await this.accessToken(tenant);
    if (!r.ok) return r;
    try {
      const list = await listConnections(this.cfg, this.fetchFn, r.value.token);
      const connected = list.some((c) => c.tenantId === r.value.xeroTenantId);
      if (!connected)
        await this.markNeedsReconnect("The organisation was disconnected from AGG SMART in Xero.");
      return connected
        ? ok({ connected })
        : fail(409, "not_connected", "The organisation was disconnected in Xero.");
    } catch (err) {
      if (err instanceof XeroAuthError && err.kind === "invalid_grant") await this.reportForbidden(tenant);
      return this.authFailure(err);
    }
  }
}
