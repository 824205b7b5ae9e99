import type { ConnectionStatus } from "../../shared/connection.ts";
import { providerInfo } from "../../shared/providers.ts";
import type { Env } from "../env.ts";
import type { Runtime } from "../provider/capabilities.ts";
import { isProviderError } from "../provider/errors.ts";
import type { ProviderId, TokenSet } from "../provider/model.ts";
import type { CallbackOutcome, ConsentFlow, NewConnection } from "../provider/provider.ts";
import { findProvider, providerFor } from "../provider/registry.ts";
import { mapOrg, tenantsForOrg, unmapOrg } from "../store/org-map.ts";
import { deleteTenantData } from "../store/tenant-data.ts";
import { type ConnectionService, providerOf } from "./connection-service.ts";
import { AUTH_TTL_MS, type ConnectionRecord, KEYS, TICKET_TTL_MS } from "./records.ts";
import { unregister } from "./registry.ts";
import { fail, ok, type Result } from "./result.ts";

/** What connecting and disconnecting need from the Durable Object. */
export interface ConnectDeps {
  tenant: string;
  storage: DurableObjectStorage;
  env: Env;
  rt: Runtime;
  conn: ConnectionService;
  /** Forgets the object's in-memory token copy (after a connect or disconnect). */
  resetTokens(tokens: TokenSet | null): void;
  /** After a connect: the sync side starts over (`fresh`: nothing of the old organisation may stay), meta and alarm follow. */
  afterConnect(record: ConnectionRecord, fresh: boolean): Promise<void>;
  /** Makes sure the alarm comes back by `at` (to purge a consent record that expires then). */
  purgeBy(at: number): Promise<void>;
  /** Deletes everything the object stores, then brings its schema back (disconnect). */
  wipeObject(): Promise<void>;
  /** Another tenant's stored connection ref (asked before a shared connection is removed). */
  connectionRefOf(tenant: string): Promise<string | null>;
}

/**
 * Connect (the consent popup's steps), replace (a reconnect, maybe to another organisation) and
 * disconnect. A connection another AGG SMART tenant stores is never removed at the provider.
 */
export class ConnectService {
  private readonly d: ConnectDeps;

  constructor(deps: ConnectDeps) {
    this.d = deps;
  }

  /**
   * Whether an AGG SMART tenant stores connection `ref` of organisation `orgRef`: this one (unless
   * it is letting go of its own), or another listed for the organisation (one that cannot be
   * asked counts as a user, so nothing is removed on a guess).
   */
  private inUse(provider: ProviderId, includeSelf: boolean) {
    return async (ref: string, orgRef: string): Promise<boolean> => {
      if (includeSelf && (await this.d.conn.get())?.connectionRef === ref) return true;
      for (const t of await tenantsForOrg(this.d.env.KV, providerFor(provider).orgs, orgRef)) {
        if (t === this.d.tenant) continue;
        if ((await this.d.connectionRefOf(t).catch(() => ref)) === ref) return true;
      }
      return false;
    };
  }

  private flow(provider: ProviderId): ConsentFlow | null {
    const p = findProvider(provider);
    return (
      p?.oauth?.(this.d.env, this.d.rt).consent({
        storage: this.d.storage,
        vault: this.d.conn.vault(),
        tenant: this.d.tenant,
        allowedOrigins: this.d.env.ALLOWED_ORIGINS,
        inUse: this.inUse(provider, true),
        onConnected: (record, tokens) => this.replace(record, tokens),
      }) ?? null
    );
  }

  private noOAuth<T>(provider: ProviderId): Result<T> {
    return fail(
      400,
      "bad_request",
      `${providerInfo(provider).name} cannot be connected by sign-in on this server.`,
    );
  }

  /** Creates the single-use ticket the consent popup starts with. */
  async createTicket(provider: ProviderId, sub: string, origin: string): Promise<Result<string>> {
    const flow = this.flow(provider);
    if (!flow) return this.noOAuth(provider);
    const r = await flow.createTicket(sub, origin);
    if (r.ok) await this.d.purgeBy(this.d.rt.now() + TICKET_TTL_MS + 1000);
    return r;
  }

  /** Consumes a ticket and returns the provider's consent URL (state + PKCE stored here). */
  async beginAuthorize(
    provider: ProviderId,
    ticket: string,
  ): Promise<Result<{ url: string; origin: string }>> {
    const flow = this.flow(provider);
    if (!flow) return this.noOAuth(provider);
    const r = await flow.beginAuthorize(ticket);
    if (r.ok) await this.d.purgeBy(this.d.rt.now() + AUTH_TTL_MS + 1000);
    return r;
  }

  /** Handles the OAuth callback for this tenant's pending consent. */
  async completeAuthorize(
    provider: ProviderId,
    nonce: string,
    callbackUrl: string,
  ): Promise<CallbackOutcome> {
    const flow = this.flow(provider);
    if (!flow) return { kind: "failed", origin: null, code: "bad_request", message: "Unknown sign-in." };
    const r = await flow.completeAuthorize(nonce, callbackUrl);
    if (r.kind === "pick") await this.d.purgeBy(this.d.rt.now() + AUTH_TTL_MS + 1000);
    return r;
  }

  /** The admin picked one of several organisations. */
  async completePick(provider: ProviderId, pickId: string, orgRef: string): Promise<CallbackOutcome> {
    const flow = this.flow(provider);
    if (!flow) return { kind: "failed", origin: null, code: "bad_request", message: "Unknown sign-in." };
    return flow.completePick(pickId, orgRef);
  }

  /** Deletes expired consent records of every OAuth provider; returns when the next one expires. */
  async purgeExpired(): Promise<number | null> {
    const flow = this.flow(providerOf(await this.d.conn.get()).id);
    return flow ? flow.purgeExpired() : null;
  }

  /** A consent finished: store it, start the sync over when the organisation changed, tidy the old connection away. */
  private async replace(record: NewConnection, tokens: TokenSet): Promise<void> {
    const previous = await this.d.conn.get();
    const vault = this.d.conn.vault();
    const oldTokens = previous ? await vault.get(KEYS.tokens).catch(() => null) : null;
    await vault.put(KEYS.tokens, tokens);
    await this.d.conn.put(record);
    this.d.resetTokens(tokens);
    const moved = !!previous && (previous.provider !== record.provider || previous.orgRef !== record.orgRef);
    // A first connect starts from nothing, even if a sync that failed while the last disconnect
    // ran wrote its cursor back afterwards.
    if (moved) await deleteTenantData(this.d.env.KV, this.d.tenant);
    if (previous && moved)
      await unmapOrg(this.d.env.KV, providerFor(previous.provider).orgs, previous.orgRef, this.d.tenant);
    await mapOrg(this.d.env.KV, providerFor(record.provider).orgs, record.orgRef, this.d.tenant);
    await this.d.afterConnect(record, !previous || moved);
    // A reconnect to a different connection: tidy the old one away (best effort), with a token
    // the provider accepts now — the stored one has usually expired.
    if (previous && oldTokens && previous.connectionRef !== record.connectionRef) {
      const oauth = providerFor(previous.provider).oauth?.(this.d.env, this.d.rt);
      const inUse = this.inUse(previous.provider, true);
      if (previous.provider === record.provider)
        await oauth?.releaseReplaced(previous, oldTokens, tokens, inUse).catch(() => {});
      else await oauth?.release(oldTokens, previous, inUse).catch(() => {});
    }
  }

  /**
   * Disconnect: remove this tenant's connection at the provider (unless another tenant shares it;
   * the provider decides whether revoking is safe), delete every stored token and this tenant's
   * synced data. Idempotent. If the provider cannot be reached nothing is deleted, so the admin
   * can simply try again.
   */
  async disconnect(): Promise<Result<ConnectionStatus>> {
    const conn = await this.d.conn.get();
    const p = providerOf(conn);
    const tokens = await this.d.conn.vault().get(KEYS.tokens);
    if (conn && tokens && p.oauth) {
      try {
        // Fresh even when the connection needs reconnecting: a stale token would get a 401 and
        // leave the connection at the provider, counting against the customer's plan.
        const access = await this.d.conn.keeper().accessToken();
        const current = (await this.d.conn.vault().get(KEYS.tokens)) ?? tokens;
        await p
          .oauth(this.d.env, this.d.rt)
          .release({ ...current, accessToken: access }, conn, this.inUse(p.id, false));
      } catch (err) {
        if (!isProviderError(err, "auth_revoked"))
          return fail(
            503,
            "upstream_error",
            `${p.name} could not be reached to disconnect. Nothing was changed; try again.`,
          );
      }
    }
    await this.d.wipeObject();
    await deleteTenantData(this.d.env.KV, this.d.tenant);
    await unregister(this.d.env.KV, this.d.tenant);
    if (conn) await unmapOrg(this.d.env.KV, p.orgs, conn.orgRef, this.d.tenant);
    this.d.resetTokens(null);
    return ok({ status: "not_connected" });
  }
}
