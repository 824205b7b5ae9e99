import type { ConnectionStatus } from "../../shared/connection.ts";
import type { PushBatch, Runtime } from "../provider/capabilities.ts";
import { providerFor } from "../provider/registry.ts";
import { KEY_RECORD, keyMatches, newConnectorKey } from "../sage50/key.ts";
import type { ConnectionService } from "./connection-service.ts";
import { applyPush, seenBatch } from "./push-service.ts";
import type { ConnectionRecord } from "./records.ts";
import { fail, ok, type Result } from "./result.ts";
import type { Services } from "./services.ts";

// Connector-based providers (Sage 50): the key the connector authenticates with, its pushes, and
// what the connection status says when it goes quiet. Connected once the first batch lands.

/** What the connector side needs from the tenant object. */
export interface ConnectorDeps {
  tenant: string;
  storage: DurableObjectStorage;
  rt: Runtime;
  conn: ConnectionService;
  services(): Promise<Services>;
  /** Work to finish after the answer (event delivery). */
  waitUntil(p: Promise<unknown>): void;
}

/** The answer to an issued key: shown once, never stored. */
export interface IssuedKey {
  provider: "sage50";
  connectorKey: string;
  issuedAt: string;
}

const PROVIDER = "sage50" as const;

/** The connector key, pushes and freshness of a connector connection. */
export class ConnectorService {
  private readonly d: ConnectorDeps;

  constructor(deps: ConnectorDeps) {
    this.d = deps;
  }

  /** A new key (rotates: the stored hash is replaced, so the old key is refused from now on). */
  async issue(sub: string): Promise<Result<IssuedKey>> {
    const conn = await this.d.conn.get();
    if (conn && conn.provider !== PROVIDER) {
      const name = providerFor(conn.provider).name;
      return fail(
        409,
        "conflict",
        `This account is connected to ${name}: disconnect it before connecting Sage 50.`,
      );
    }
    const now = this.d.rt.now();
    const { key, record } = await newConnectorKey(this.d.tenant, sub, now);
    await this.d.storage.put(KEY_RECORD, record);
    return ok({ provider: PROVIDER, connectorKey: key, issuedAt: new Date(now).toISOString() });
  }

  /** Whether `key` is this tenant's current connector key. */
  async check(key: string): Promise<boolean> {
    return keyMatches(key, await this.d.storage.get(KEY_RECORD));
  }

  /** Applies a batch once per id; the first one makes the connection. */
  async push(key: string, batch: PushBatch): Promise<Result<{ accepted: true; duplicate: boolean }>> {
    if (!(await this.check(key)))
      return fail(401, "unauthorized", "This connector key is not valid (it may have been replaced).");
    if (await seenBatch(this.d.storage, batch.id)) return ok({ accepted: true, duplicate: true });
    const conn = await this.d.conn.get();
    const now = this.d.rt.now();
    const record: ConnectionRecord = {
      provider: PROVIDER,
      state: "connected",
      connectionRef: PROVIDER,
      orgRef: PROVIDER,
      orgName: batch.org.name,
      currency: batch.org.currency,
      timezone: batch.org.timezone,
      connectedAt: conn?.connectedAt ?? now,
      connectedBy: conn?.connectedBy ?? (await this.issuer()),
    };
    if (!conn || conn.orgName !== record.orgName || conn.state !== "connected" || !conn.currency)
      await this.d.conn.put(record);
    const s = await this.d.services();
    const { events } = await applyPush({ storage: this.d.storage, rt: this.d.rt, ...s }, batch);
    if (events > 0) this.d.waitUntil(s.deliverSoon());
    return ok({ accepted: true, duplicate: false });
  }

  /**
   * The status as the widget shows it: a connector that has not reported for more than two sync
   * intervals is shown as needing attention, with the time of its last report (the badge marks
   * its numbers stale by the same rule).
   */
  async present(status: ConnectionStatus): Promise<ConnectionStatus> {
    if (status.status !== "connected" || status.provider !== PROVIDER) return status;
    const s = await this.d.services();
    const last = (await s.sync.cursor()).lastSyncedAt;
    const interval = (await s.settings.current()).syncIntervalMinutes * 60_000;
    if (last === null) return status;
    if (this.d.rt.now() - last <= 2 * interval)
      return { ...status, lastReportAt: new Date(last).toISOString() };
    const since = new Date(last).toISOString();
    return {
      status: "needs_reconnect",
      provider: PROVIDER,
      organisation: status.organisation,
      connectedAt: status.connectedAt,
      reason: `The Sage 50 connector has not reported since ${since}: check that it is running on the Sage PC.`,
      since,
    };
  }

  private async issuer(): Promise<string> {
    const raw = await this.d.storage.get<{ issuedBy?: string }>(KEY_RECORD);
    return raw?.issuedBy ?? "connector";
  }
}
