import type { ConnectionStatus } from "../../shared/connection.ts";
import type { Env } from "../env.ts";
import type { Runtime } from "../provider/capabilities.ts";
import { isProviderError, ProviderError } from "../provider/errors.ts";
import type { OAuthSide, Provider, SessionCredentials } from "../provider/provider.ts";
import { DEFAULT_PROVIDER, providerFor } from "../provider/registry.ts";
import { ConnectionRecord, KEYS } from "./records.ts";
import { fail, ok, type Result } from "./result.ts";
import { toStatus } from "./status.ts";
import { TokenKeeper } from "./token-keeper.ts";
import { Vault } from "./vault.ts";

/** What the connection service needs from its Durable Object. */
export interface ConnectionDeps {
  tenant: string;
  storage: DurableObjectStorage;
  env: Env;
  rt: Runtime;
  /** Lives on the Durable Object: one single-flight token keeper per object, not per call. */
  memory: { keeper: TokenKeeper | null };
  /** Told after every change of the connection's state (the badge's KV meta must follow it). */
  onStateChange(conn: ConnectionRecord): Promise<void>;
}

/** The provider of a connection, or the default one (what an absent provider means in the contract). */
export const providerOf = (conn: ConnectionRecord | null): Provider =>
  providerFor(conn?.provider ?? DEFAULT_PROVIDER);

/**
 * The tenant's connection record, its sealed tokens and the credentials a provider session asks
 * for: access tokens (single-flight refresh), and the permanent failures that mark the connection
 * `needs_reconnect`.
 */
export class ConnectionService {
  private readonly d: ConnectionDeps;

  constructor(deps: ConnectionDeps) {
    this.d = deps;
  }

  /** The stored connection (null: never connected, or disconnected). */
  async get(): Promise<ConnectionRecord | null> {
    const raw = await this.d.storage.get(KEYS.connection);
    return raw === undefined ? null : ConnectionRecord.parse(raw);
  }

  /** The connection when it is usable. */
  async connected(): Promise<ConnectionRecord | null> {
    const conn = await this.get();
    return conn?.state === "connected" ? conn : null;
  }

  /** Stores the record (after a consent, or when the organisation's details were learnt). */
  async put(record: ConnectionRecord): Promise<void> {
    await this.d.storage.put(KEYS.connection, record);
  }

  /** The tenant's sealed token vault. */
  vault(): Vault {
    return new Vault(this.d.storage, this.d.env.TOKEN_ENCRYPTION_KEY, this.d.tenant);
  }

  /** The OAuth side of the connection's provider. */
  async oauth(): Promise<OAuthSide> {
    const p = providerOf(await this.get());
    if (!p.oauth) throw new ProviderError("not_connected", `${p.name} does not connect by OAuth.`);
    return p.oauth(this.d.env, this.d.rt);
  }

  /** The object's token keeper (created once; refreshes through the connection's provider). */
  keeper(): TokenKeeper {
    const m = this.d.memory;
    if (m.keeper) return m.keeper;
    const vault = this.vault();
    m.keeper = new TokenKeeper({
      load: () => vault.get(KEYS.tokens),
      save: (t) => vault.put(KEYS.tokens, t),
      refresh: async (rt) => (await this.oauth()).refresh(rt),
      onInvalidGrant: async (message) =>
        this.markNeedsReconnect(providerOf(await this.get()).reasons.grantRefused(message)),
      now: this.d.rt.now,
      sleep: this.d.rt.sleep,
    });
    return m.keeper;
  }

  /** What a provider session calls for tokens and reports permanent failures to. */
  creds(): SessionCredentials {
    return {
      token: async () => {
        const r = await this.accessToken();
        if (!r.ok) throw new ProviderError("not_connected", r.message);
        return r.value;
      },
      renew: async (stale) => (await this.keeper().refresh(stale)).accessToken,
      revoked: async () => this.markNeedsReconnect(providerOf(await this.get()).reasons.revoked),
      refused: async () => this.markNeedsReconnect(providerOf(await this.get()).reasons.refused),
    };
  }

  /** Marks the connection unusable (an admin must reconnect) and tells the badge at once. */
  async markNeedsReconnect(reason: string): Promise<void> {
    const conn = await this.get();
    if (!conn || conn.state === "needs_reconnect") return;
    const next: ConnectionRecord = { ...conn, state: "needs_reconnect", reason, since: this.d.rt.now() };
    await this.put(next);
    await this.d.onStateChange(next);
  }

  /** An access token for provider calls; refreshes (single-flight) when needed. */
  async accessToken(): Promise<Result<{ token: string; orgRef: string }>> {
    const conn = await this.get();
    const name = providerOf(conn).name;
    if (!conn) return fail(409, "not_connected", `This account is not connected to ${name}.`);
    if (conn.state !== "connected")
      return fail(409, "not_connected", `${name} needs reconnecting: ${conn.reason ?? ""}`.trim());
    try {
      return ok({ token: await this.keeper().accessToken(), orgRef: conn.orgRef });
    } catch (err) {
      return this.authFailure(err, name);
    }
  }

  /** Forces a refresh (a caller saw `staleToken` rejected with 401). */
  async refreshAfter401(staleToken: string): Promise<Result<{ token: string }>> {
    try {
      return ok({ token: (await this.keeper().refresh(staleToken)).accessToken });
    } catch (err) {
      return this.authFailure(err, providerOf(await this.get()).name);
    }
  }

  /** A token failure as a result: reconnect (409) or try later (503). */
  authFailure<T>(err: unknown, name: string): Result<T> {
    if (isProviderError(err, "auth_revoked", "not_connected"))
      return fail(
        409,
        "not_connected",
        `${name} needs reconnecting: an admin must reconnect in Admin → Accounts.`,
      );
    const message = err instanceof Error ? err.message : `${name} could not be reached.`;
    return fail(503, "upstream_error", message);
  }

  /** The connection as the widget shows it; a refresh token past the provider's idle limit is known dead without a call. */
  async status(): Promise<ConnectionStatus> {
    const conn = await this.get();
    const limit = providerOf(conn).refreshIdleLimitMs;
    if (conn?.state === "connected" && limit !== undefined) {
      const tokens = await this.vault().get(KEYS.tokens);
      if (tokens && this.d.rt.now() - tokens.refreshIssuedAt > limit) {
        await this.markNeedsReconnect(providerOf(conn).reasons.idleExpired);
        return toStatus(await this.get());
      }
    }
    return toStatus(conn);
  }

  /** Reads the organisation's currency, name and zone when the record lacks a currency (best effort). */
  async learnCurrency(conn: ConnectionRecord): Promise<void> {
    try {
      const token = await this.keeper().accessToken();
      const org = await (await this.oauth()).organisation(token, conn.orgRef);
      if (org.currency)
        await this.put({ ...conn, currency: org.currency, orgName: org.name, timezone: org.timezone });
    } catch {
      // The next run tries again; until then positions use the organisation's stored currency.
    }
  }

  /** Asks the provider whether the organisation is still connected (marks needs_reconnect if not). */
  async verify(): Promise<Result<{ connected: boolean }>> {
    const r = await this.accessToken();
    if (!r.ok) return r;
    const p = providerOf(await this.get());
    try {
      const connected = await (await this.oauth()).stillConnected(r.value.token, r.value.orgRef);
      if (!connected) await this.markNeedsReconnect(p.reasons.revoked);
      return connected
        ? ok({ connected })
        : fail(409, "not_connected", `The organisation was disconnected in ${p.name}.`);
    } catch (err) {
      if (isProviderError(err, "auth_revoked")) await this.markNeedsReconnect(p.reasons.revoked);
      return this.authFailure(err, p.name);
    }
  }
}
