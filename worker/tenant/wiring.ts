// How a TenantObject's services are built for one call: storage, the runtime and the object's
// long-lived memory wired into each; the connection-dependent calls over them
// (./connected-calls.ts); and the alarm's run, which uses several of them.

import type { Env } from "../env.ts";
import { EventLog } from "../payments/event-log.ts";
import type { Runtime } from "../provider/capabilities.ts";
import type { TokenSet } from "../provider/model.ts";
import type { CallBudget } from "../provider/provider.ts";
import { migrate } from "../store/migrations.ts";
import { AlarmService } from "./alarm-service.ts";
import { TENANT_KEY } from "./binding.ts";
import { ConnectService } from "./connect-service.ts";
import { ConnectedCalls } from "./connected-calls.ts";
import { ConnectionService } from "./connection-service.ts";
import { ConnectorService } from "./connector-service.ts";
import type { InflightPush } from "./payment-pusher.ts";
import { KEYS } from "./records.ts";
import type { Result } from "./result.ts";
import { keepAliveDue, nextWake, syncDue } from "./scheduler.ts";
import { type Services, wire } from "./services.ts";
import type { SettingsService } from "./settings-service.ts";
import { tenantStub } from "./stub.ts";
import type { SyncReport } from "./sync-service.ts";
import type { TokenKeeper } from "./token-keeper.ts";

/** State that must outlive one call: the provider's rate budget, payments in flight, the token keeper. */
export interface ObjectMemory {
  budget: CallBudget;
  inflight: Map<string, InflightPush>;
  keeper: TokenKeeper | null;
}

/** What the object hands over: its bound tenant, storage, bindings, runtime and memory. */
export interface ObjectParts {
  tenant: string;
  storage: DurableObjectStorage;
  env: Env;
  rt: Runtime;
  memory: ObjectMemory;
  /** Work to finish after the answer (the object's `ctx.waitUntil`). */
  waitUntil(p: Promise<unknown>): void;
}

/** The services of one tenant object, built on demand. */
export class Wiring {
  private readonly p: ObjectParts;

  constructor(parts: ObjectParts) {
    this.p = parts;
  }

  /** The connection record, tokens and credentials; a state change publishes the badge's meta. */
  conn(): ConnectionService {
    return new ConnectionService({
      ...this.p,
      onStateChange: async (c) => (await this.services()).sync.publishMeta(c.state === "connected", c.reason),
    });
  }

  alarms(): AlarmService {
    return new AlarmService({
      storage: this.p.storage,
      kv: this.p.env.KV,
      tenant: this.p.tenant,
      rt: this.p.rt,
    });
  }

  /** Sync, payments and settings, wired to the current connection's provider (see ./services.ts). */
  services(): Promise<Services> {
    return wire({ ...this.p, conn: this.conn(), alarms: this.alarms() });
  }

  /** Sage 50's connector: its key, its batches, and how a quiet one is shown. */
  connector(): ConnectorService {
    return new ConnectorService({
      ...this.p,
      conn: this.conn(),
      services: () => this.services(),
    });
  }

  /** The calls whose answer depends on the connection (see ./connected-calls.ts). */
  calls(): ConnectedCalls {
    return new ConnectedCalls({
      ...this.p,
      conn: () => this.conn(),
      services: () => this.services(),
      alarms: () => this.alarms(),
      connector: () => this.connector(),
    });
  }

  /** The tenant's event feed and its delivery bookkeeping. */
  eventLog(): EventLog {
    return new EventLog(this.p.storage.sql, this.p.tenant);
  }

  /** The tenant's accounts settings and webhook target. */
  async settings(): Promise<SettingsService> {
    return (await this.services()).settings;
  }

  /** Connect, replace and disconnect. */
  connecting(): ConnectService {
    const { memory, storage, tenant, env } = this.p;
    return new ConnectService({
      ...this.p,
      conn: this.conn(),
      resetTokens: (tokens: TokenSet | null) => {
        if (tokens === null) memory.keeper = null;
        else memory.keeper?.reset(tokens);
      },
      afterConnect: async (_record, fresh) => {
        const { sync } = await this.services();
        if (fresh) await sync.wipe();
        await sync.publishMeta(true);
        await sync.requestNow();
        await this.alarms().armNow();
      },
      purgeBy: (at) => this.alarms().by(at),
      wipeObject: async () => {
        await storage.deleteAll();
        await storage.deleteAlarm();
        // deleteAll() dropped the tables too: migrate from zero, and stay bound.
        await migrate(storage);
        await storage.put(TENANT_KEY, tenant);
      },
      connectionRefOf: (t) => tenantStub(env, t).connectionRef(t),
    });
  }

  /**
   * One alarm: purge expired consent records, keep an idle connection alive, run the sync when
   * due, deliver events, and re-arm (see ./scheduler.ts). Every step is idempotent: alarms are
   * at-least-once.
   */
  async alarm(syncNow: () => Promise<Result<SyncReport>>): Promise<void> {
    const { rt, storage } = this.p;
    const pendingUntil = await this.connecting().purgeExpired();
    const c = this.conn();
    if (!(await c.connected())) {
      if (pendingUntil !== null) await storage.setAlarm(pendingUntil + 1000);
      return;
    }
    if (keepAliveDue(await c.vault().get(KEYS.tokens), rt.now()))
      await c
        .keeper()
        .refresh()
        .catch(() => {});
    const s = await this.services();
    const cursor = await s.sync.cursor();
    let run: SyncReport | null = null;
    if (syncDue(cursor, rt.now())) {
      const r = await syncNow();
      // A sync that could not start leaves the next wake to the daily one.
      run = r.ok
        ? r.value
        : {
            phase: "idle",
            error: r.message,
            nextRunAt: Infinity,
            kvPending: 0,
            calls: 0,
            lastSyncedAt: null,
          };
    }
    const delivery = await s.deliver().catch(() => rt.now() + 60_000);
    const next = nextWake({ now: rt.now(), run, cursorNextRunAt: cursor.nextRunAt, delivery, pendingUntil });
    if (await c.connected()) await this.alarms().arm(next);
  }
}
