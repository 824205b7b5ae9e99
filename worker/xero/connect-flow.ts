import * as oauth from "oauth4webapi";
import { randomToken } from "../encoding.ts";
import { allowedOrigins } from "../middleware/cors.ts";
import type { TokenSet } from "../provider/model.ts";
import type { CallbackOutcome, ConsentFlow, NewConnection } from "../provider/provider.ts";
import {
  AUTH_TTL_MS,
  KEYS,
  PendingAuth,
  PendingPick,
  StartTicket,
  TICKET_TTL_MS,
} from "../tenant/records.ts";
import { fail, ok, type Result } from "../tenant/result.ts";
import { toStatus } from "../tenant/status.ts";
import { tenantRef } from "../tenant/tenant-ref.ts";
import type { Vault, VaultStorage } from "../tenant/vault.ts";
import type { FetchFn, XeroConfig } from "./config.ts";
import { listConnections, type XeroConnection } from "./connections.ts";
import { authEventId, buildAuthorizeUrl, exchangeCode, XeroAuthError } from "./oauth.ts";
import { fetchOrganisation } from "./organisation.ts";
import { abandonConsent, freshTokens, type ReleaseDeps, releaseConnections } from "./release.ts";

/** Storage the flow needs: the vault's calls plus listing by prefix (for the purge). */
export interface FlowStorage extends VaultStorage {
  list(options: { prefix: string }): Promise<Map<string, unknown>>;
}

/** What the consent flow may touch. */
export interface FlowDeps {
  storage: FlowStorage;
  vault: Vault;
  cfg: XeroConfig;
  fetchFn: FetchFn;
  tenant: string;
  allowedOrigins: string;
  /** Removing connections a consent made but that will not be used (never another tenant's). */
  release: ReleaseDeps;
  onConnected(record: NewConnection, tokens: TokenSet): Promise<void>;
}

/** Reads and deletes a record in one step (no await on the network in between: the DO's input gate holds). */
async function take<T>(storage: VaultStorage, key: string, parse: (v: unknown) => T): Promise<T | null> {
  const raw = await storage.get(key);
  if (raw === undefined) return null;
  await storage.delete(key);
  return parse(raw);
}

/** The OAuth consent flow for one tenant: ticket → state + PKCE → callback → (pick) → connected. */
export class ConnectFlow implements ConsentFlow {
  private readonly d: FlowDeps;
  constructor(deps: FlowDeps) {
    this.d = deps;
  }

  /** A single-use, 60-second ticket bound to this tenant, user and the host page's origin. */
  async createTicket(sub: string, origin: string): Promise<Result<string>> {
    if (!allowedOrigins(this.d.allowedOrigins).has(origin)) {
      return fail(403, "forbidden", "This page's origin is not allowed to connect accounts.");
    }
    const id = randomToken();
    await this.d.storage.put(KEYS.ticket(id), {
      sub,
      origin,
      expiresAt: this.d.release.now() + TICKET_TTL_MS,
    } satisfies StartTicket);
    return ok(id);
  }

  /** Consumes a ticket; stores state + PKCE verifier (10 minutes, single use); returns the consent URL. */
  async beginAuthorize(ticketId: string): Promise<Result<{ url: string; origin: string }>> {
    const ticket = await take(this.d.storage, KEYS.ticket(ticketId), (v) => StartTicket.parse(v));
    if (!ticket || ticket.expiresAt < this.d.release.now()) {
      return fail(
        400,
        "bad_request",
        "This connect link has expired or was already used. Click Connect again.",
      );
    }
    const id = randomToken();
    const verifier = oauth.generateRandomCodeVerifier();
    const pending: PendingAuth = {
      sub: ticket.sub,
      origin: ticket.origin,
      verifier,
      expiresAt: this.d.release.now() + AUTH_TTL_MS,
    };
    await this.d.storage.put(KEYS.auth(id), pending);
    const state = tenantRef(id, this.d.tenant);
    return ok({ url: await buildAuthorizeUrl(this.d.cfg, state, verifier), origin: ticket.origin });
  }

  /** The callback: checks state (single use), trades the code, reads the consent's organisations. */
  async completeAuthorize(id: string, callbackUrl: string): Promise<CallbackOutcome> {
    const pending = await take(this.d.storage, KEYS.auth(id), (v) => PendingAuth.parse(v));
    if (!pending || pending.expiresAt < this.d.release.now()) {
      return {
        kind: "failed",
        origin: null,
        code: "state_invalid",
        message: "This sign-in has expired or was already used. Start again from AGG SMART.",
      };
    }
    const url = new URL(callbackUrl);
    const state = url.searchParams.get("state") ?? "";
    let tokens: TokenSet;
    try {
      tokens = await exchangeCode(
        this.d.cfg,
        this.d.fetchFn,
        url,
        state,
        pending.verifier,
        this.d.release.now(),
      );
    } catch (err) {
      const e =
        err instanceof XeroAuthError ? err : new XeroAuthError("transient", "Xero could not be reached.");
      const code = e.kind === "denied" ? "access_denied" : "xero_error";
      return { kind: "failed", origin: pending.origin, code, message: e.message };
    }
    let orgs: XeroConnection[];
    try {
      orgs = (
        await listConnections(this.d.cfg, this.d.fetchFn, tokens.accessToken, authEventId(tokens.accessToken))
      ).filter((c) => c.tenantType === "ORGANISATION");
    } catch {
      // Not revoked blindly: that would remove every connection this Xero user has to the app.
      await abandonConsent(this.d.release, tokens);
      return {
        kind: "failed",
        origin: pending.origin,
        code: "xero_error",
        message: "Xero did not say which organisation was connected. Try again.",
      };
    }
    const [only] = orgs;
    if (orgs.length === 0 || !only) {
      await abandonConsent(this.d.release, tokens, []);
      return {
        kind: "failed",
        origin: pending.origin,
        code: "no_organisation",
        message: "No Xero organisation was selected.",
      };
    }
    if (orgs.length === 1) return this.finish(pending.sub, pending.origin, only, tokens);
    const pickId = randomToken();
    const list = orgs.map((o) => ({
      connectionId: o.id,
      tenantId: o.tenantId,
      name: o.tenantName ?? "Unnamed organisation",
    }));
    await this.d.vault.put(KEYS.pickTokens(pickId), tokens);
    await this.d.storage.put(KEYS.pick(pickId), {
      sub: pending.sub,
      origin: pending.origin,
      orgs: list,
      expiresAt: this.d.release.now() + AUTH_TTL_MS,
    } satisfies PendingPick);
    return {
      kind: "pick",
      origin: pending.origin,
      pickId,
      orgs: list.map(({ tenantId, name }) => ({ tenantId, name })),
    };
  }

  /** The admin picked one organisation: connect it and remove the others this consent added. */
  async completePick(pickId: string, xeroTenantId: string): Promise<CallbackOutcome> {
    const pick = await take(this.d.storage, KEYS.pick(pickId), (v) => PendingPick.parse(v));
    const stored = await this.d.vault.get(KEYS.pickTokens(pickId));
    await this.d.vault.delete(KEYS.pickTokens(pickId));
    const conns = (pick?.orgs ?? []).map((o) => ({ id: o.connectionId, tenantId: o.tenantId }));
    if (!pick || !stored || pick.expiresAt < this.d.release.now()) {
      if (stored) await abandonConsent(this.d.release, stored, pick ? conns : undefined);
      return {
        kind: "failed",
        origin: pick?.origin ?? null,
        code: "state_invalid",
        message: "This choice has expired. Start again from AGG SMART.",
      };
    }
    const chosen = pick.orgs.find((o) => o.tenantId === xeroTenantId);
    const tokens = chosen ? await freshTokens(this.d.release, stored).catch(() => null) : null;
    if (!chosen || !tokens) {
      await abandonConsent(this.d.release, stored, conns);
      return {
        kind: "failed",
        origin: pick.origin,
        code: chosen ? "xero_error" : "bad_request",
        message: chosen
          ? "Xero could not be reached to finish connecting. Start again from AGG SMART."
          : "That organisation was not part of this sign-in.",
      };
    }
    // The others this consent connected go, unless a tenant (this one included) uses them.
    const others = conns.filter((c) => c.id !== chosen.connectionId);
    await releaseConnections(this.d.release, tokens, others, false).catch(() => {});
    const conn = {
      id: chosen.connectionId,
      tenantId: chosen.tenantId,
      tenantName: chosen.name,
      tenantType: "ORGANISATION",
    };
    return this.finish(pick.sub, pick.origin, conn, tokens);
  }

  /**
   * Deletes expired tickets, consent states (with their PKCE verifiers) and organisation picks;
   * an expired pick's consent is abandoned at Xero. Returns when the next pending record expires
   * (null: none left), so the tenant's alarm can come back for it.
   */
  async purgeExpired(now = this.d.release.now()): Promise<number | null> {
    let next: number | null = null;
    const kinds = [
      { prefix: "ticket:", parse: (v: unknown) => StartTicket.safeParse(v).data },
      { prefix: "auth:", parse: (v: unknown) => PendingAuth.safeParse(v).data },
      { prefix: "pick:", parse: (v: unknown) => PendingPick.safeParse(v).data },
    ];
    for (const { prefix, parse } of kinds) {
      for (const [key, raw] of await this.d.storage.list({ prefix })) {
        const rec = parse(raw);
        if (rec && rec.expiresAt >= now) {
          next = next === null ? rec.expiresAt : Math.min(next, rec.expiresAt);
          continue;
        }
        await this.d.storage.delete(key);
        if (prefix !== "pick:") continue;
        const id = key.slice(prefix.length);
        const tokens = await this.d.vault.get(KEYS.pickTokens(id)).catch(() => null);
        await this.d.vault.delete(KEYS.pickTokens(id));
        const orgs = (rec as PendingPick | undefined)?.orgs;
        if (tokens)
          await abandonConsent(
            this.d.release,
            tokens,
            orgs?.map((o) => ({ id: o.connectionId, tenantId: o.tenantId })),
          );
      }
    }
    // Sealed pick tokens whose pick record is gone.
    for (const key of (await this.d.storage.list({ prefix: "pick-tokens:" })).keys()) {
      if ((await this.d.storage.get(KEYS.pick(key.slice("pick-tokens:".length)))) === undefined)
        await this.d.storage.delete(key);
    }
    return next;
  }

  private async finish(
    sub: string,
    origin: string,
    conn: XeroConnection,
    tokens: TokenSet,
  ): Promise<CallbackOutcome> {
    const org = await fetchOrganisation(this.d.cfg, this.d.fetchFn, tokens.accessToken, conn.tenantId).catch(
      () => null,
    );
    const record: NewConnection = {
      provider: "xero",
      state: "connected",
      connectionRef: conn.id,
      orgRef: conn.tenantId,
      orgName: org?.name ?? conn.tenantName ?? "Xero organisation",
      currency: org?.currency,
      timezone: org?.timezone,
      connectedAt: this.d.release.now(),
      connectedBy: sub,
    };
    await this.d.onConnected(record, tokens);
    return { kind: "connected", origin, status: toStatus(record) };
  }
}
