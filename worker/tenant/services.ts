import type { CreditLookup } from "../../shared/credit-api.ts";
import type { PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import type { Env } from "../env.ts";
import type { Runtime } from "../provider/capabilities.ts";
import { isProviderError } from "../provider/errors.ts";
import type { CallBudget, Provider, ProviderSession } from "../provider/provider.ts";
import { SqlCustomerMerges } from "../store/customer-merges.ts";
import type { LookupOptions } from "../sync/read-model.ts";
import type { AlarmService } from "./alarm-service.ts";
import { type ConnectionService, providerOf } from "./connection-service.ts";
import type { InflightPush } from "./payment-pusher.ts";
import { PaymentsService } from "./payments-service.ts";
import type { ConnectionRecord } from "./records.ts";
import type { RefreshRefused } from "./refresh-policy.ts";
import { fail, ok, type Result } from "./result.ts";
import { SettingsService } from "./settings-service.ts";
import { SyncService } from "./sync-service.ts";
import type { TokenKeeper } from "./token-keeper.ts";

/** `GET /v1/tenants/{tenant}/sync`. */
export interface SyncStatus {
  connected: boolean;
  phase: string;
  lastSyncedAt: string | null;
  nextRunAt: string | null;
  contacts: number;
  invoices: number;
}

/** What wiring needs from the Durable Object. */
export interface WireDeps {
  tenant: string;
  storage: DurableObjectStorage;
  env: Env;
  rt: Runtime;
  memory: { budget: CallBudget; inflight: Map<string, InflightPush>; keeper: TokenKeeper | null };
  conn: ConnectionService;
  alarms: AlarmService;
}

/** One tenant's services for one call, wired to its connection's provider. */
export interface Services {
  provider: Provider;
  session: ProviderSession;
  sync: SyncService;
  payments: PaymentsService;
  settings: SettingsService;
  /** Sends due events to AGG SMART; returns when to try next (null: nothing pending). */
  deliver(): Promise<number | null>;
  /** Delivers now and makes sure the alarm comes back for what is left. */
  deliverSoon(): Promise<void>;
  pushPayment(job: string, p: PaymentPush): Promise<Result<PaymentPushResult>>;
  refreshCustomer(ref: string, opts: LookupOptions): Promise<Result<CreditLookup | RefreshRefused>>;
}

/**
 * Wires the sync, payments and settings sides of a tenant to its provider's session (invoices
 * read by the sync feed payments). Cheap: nothing is read from the provider until a call needs it.
 */
export async function wire(d: WireDeps): Promise<Services> {
  const conn = await d.conn.get();
  const provider = providerOf(conn);
  let settingsSvc: SettingsService;
  let session: ProviderSession = {};
  settingsSvc = new SettingsService({
    storage: d.storage,
    env: d.env,
    tenant: d.tenant,
    provider: async () => provider,
    writer: async () => ((await d.conn.connected()) ? (session.payments ?? null) : null),
    onSaved: async (next, matchChanged) => {
      if (matchChanged) payments.invoices.rebaseline(next.jobMatchField, payments.clock());
      if (conn) await sync.publishMeta(conn.state === "connected", conn.reason);
    },
  });
  const settings = await settingsSvc.current();
  const currency = conn?.currency ?? "GBP";
  session =
    provider.session?.(d.env, {
      rt: d.rt,
      creds: d.conn.creds(),
      budget: d.memory.budget,
      currency,
      limitField: settings.limitField,
      merges: new SqlCustomerMerges(d.storage.sql),
    }) ?? {};
  let payments: PaymentsService;
  const sync = new SyncService({
    storage: d.storage,
    kv: d.env.KV,
    tenant: d.tenant,
    rt: d.rt,
    provider: provider.id,
    pull: session.pull,
    pacing: provider.pacing,
    settings,
    currency,
    budget: d.memory.budget,
    onInvoices: (list, baseline) => {
      payments.ingest(list, !baseline);
    },
  });
  payments = new PaymentsService({
    sql: d.storage.sql,
    tenant: d.tenant,
    settings,
    currency,
    timezone: conn?.timezone ?? "UTC",
    rt: d.rt,
    providerName: provider.name,
    pull: session.pull,
    writer: session.payments,
    webhook: () => settingsSvc.webhookTarget(settings),
    saveSettings: (next) => settingsSvc.save(next),
    inflight: d.memory.inflight,
  });
  const deliver = () => payments.deliver();
  return {
    provider,
    session,
    sync,
    payments,
    settings: settingsSvc,
    deliver,
    deliverSoon: async () => {
      if (!(await d.conn.connected())) return;
      const next = await deliver();
      if (next !== null) await d.alarms.by(next);
    },
    pushPayment: async (job, p) => {
      try {
        const r = await payments.push(job, p);
        return "code" in r ? fail(r.status, r.code, r.message) : ok(r);
      } catch (err) {
        if (isProviderError(err, "rate_limited"))
          return fail(
            503,
            "upstream_error",
            `${provider.name} is busy (rate limit); retry in ${Math.ceil((err.retryAfterMs ?? 60_000) / 1000)} s with the same paymentId.`,
          );
        const message = err instanceof Error ? err.message : String(err);
        return fail(
          503,
          "upstream_error",
          `${provider.name} could not be reached (${message}). Retry with the same paymentId: it will not pay twice.`,
        );
      }
    },
    refreshCustomer: async (ref, opts) => {
      try {
        return ok(await sync.refreshCustomer(ref, opts));
      } catch (err) {
        // The provider said the connection is gone (or there is none): the badge shows not connected.
        if (
          isProviderError(err, "not_connected", "auth_scope") ||
          (isProviderError(err, "auth_revoked") && err.status)
        )
          return ok({ state: "not_connected" });
        const message = err instanceof Error ? err.message : `${provider.name} could not be reached.`;
        return fail(503, "upstream_error", `Could not refresh from ${provider.name}: ${message}`);
      }
    },
  };
}

/** Where the tenant's sync stands. */
export async function syncStatusOf(conn: ConnectionRecord | null, s: Services): Promise<SyncStatus> {
  if (!conn)
    return { connected: false, phase: "idle", lastSyncedAt: null, nextRunAt: null, contacts: 0, invoices: 0 };
  const c = await s.sync.cursor();
  return {
    connected: conn.state === "connected",
    phase: c.phase,
    lastSyncedAt: c.lastSyncedAt === null ? null : new Date(c.lastSyncedAt).toISOString(),
    nextRunAt: new Date(c.nextRunAt).toISOString(),
    contacts: s.sync.store.count(),
    invoices: s.payments.invoices.count(),
  };
}
