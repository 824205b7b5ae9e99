import * as oauth from "oauth4webapi";
import type { ConnectionStatus } from "../../shared/connection.ts";
import { randomToken } from "../encoding.ts";
import { allowedOrigins } from "../middleware/cors.ts";
import type { FetchFn, XeroConfig } from "../xero/config.ts";
import { deleteConnection, listConnections, type XeroConnection } from "../xero/connections.ts";
import {
  authEventId,
  buildAuthorizeUrl,
  exchangeCode,
  revokeToken,
  type TokenSet,
  XeroAuthError,
} from "../xero/oauth.ts";
import { fetchOrganisation } from "../xero/organisation.ts";
import {
  AUTH_TTL_MS,
  type ConnectionRecord,
  KEYS,
  PendingAuth,
  PendingPick,
  StartTicket,
  TICKET_TTL_MS,
} from "./records.ts";
import { fail, ok, type Result } from "./result.ts";
import { toStatus } from "./status.ts";
import { tenantRef } from "./tenant-ref.ts";
import type { Vault, VaultStorage } from "./vault.ts";

/** What the consent flow may touch. */
export interface FlowDeps {
  storage: VaultStorage;
  vault: Vault;
  cfg: XeroConfig;
  fetchFn: FetchFn;
  tenant: string;
  allowedOrigins: string;
  onConnected(record: ConnectionRecord, tokens: TokenSet): Promise<void>;
}

/** Where the callback ends up: connected, a picker to show, or a failure to report to the opener. */
export type CallbackOutcome =
  | { kind: "connected"; origin: string; status: ConnectionStatus }
  | { kind: "pick"; origin: string; pickId: string; orgs: { tenantId: string; name: string }[] }
  | { kind: "failed"; origin: string | null; code: string; message: string };

/** Reads and deletes a record in one step (no await on the network in between: the DO's input gate holds). */
async function take<T>(storage: VaultStorage, key: string, parse: (v: unknown) => T): Promise<T | null> {
  const raw = await storage.get(key);
  if (raw === undefined) return null;
  await storage.delete(key);
  return parse(raw);
}

/** The OAuth consent flow for one tenant: ticket → state + PKCE → callback → (pick) → connected. */
export class ConnectFlow {
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
      expiresAt: Date.now() + TICKET_TTL_MS,
    } satisfies StartTicket);
    return ok(id);
  }

  /** Consumes a ticket; stores state + PKCE verifier (10 minutes, single use); returns the consent URL. */
  async beginAuthorize(ticketId: string): Promise<Result<{ url: string; origin: string }>> {
    const ticket = await take(this.d.storage, KEYS.ticket(ticketId), (v) => StartTicket.parse(v));
    if (!ticket || ticket.expiresAt < Date.now()) {
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
      expiresAt: Date.now() + AUTH_TTL_MS,
    };
    await this.d.storage.put(KEYS.auth(id), pending);
    const state = tenantRef(id, this.d.tenant);
    return ok({ url: await buildAuthorizeUrl(this.d.cfg, state, verifier), origin: ticket.origin });
  }

  /** The callback: checks state (single use), trades the code, reads the consent's organisations. */
  async completeAuthorize(id: string, callbackUrl: string): Promise<CallbackOutcome> {
    const pending = await take(this.d.storage, KEYS.auth(id), (v) => PendingAuth.parse(v));
    if (!pending || pending.expiresAt < Date.now()) {
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
      tokens = await exchangeCode(this.d.cfg, this.d.fetchFn, url, state, pending.verifier, Date.now());
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
      await revokeToken(this.d.cfg, this.d.fetchFn, tokens.refreshToken).catch(() => {});
      return {
        kind: "failed",
        origin: pending.origin,
        code: "xero_error",
        message: "Xero did not say which organisation was connected. Try again.",
      };
    }
    const [only] = orgs;
    if (orgs.length === 0 || !only) {
      await revokeToken(this.d.cfg, this.d.fetchFn, tokens.refreshToken).catch(() => {});
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
      expiresAt: Date.now() + AUTH_TTL_MS,
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
    const tokens = await this.d.vault.get(KEYS.pickTokens(pickId));
    await this.d.vault.delete(KEYS.pickTokens(pickId));
    if (!pick || !tokens || pick.expiresAt < Date.now()) {
      return {
        kind: "failed",
        origin: pick?.origin ?? null,
        code: "state_invalid",
        message: "This choice has expired. Start again from AGG SMART.",
      };
    }
    const chosen = pick.orgs.find((o) => o.tenantId === xeroTenantId);
    if (!chosen)
      return {
        kind: "failed",
        origin: pick.origin,
        code: "bad_request",
        message: "That organisation was not part of this sign-in.",
      };
    for (const other of pick.orgs.filter((o) => o !== chosen)) {
      await deleteConnection(this.d.cfg, this.d.fetchFn, tokens.accessToken, other.connectionId).catch(
        () => {},
      );
    }
    const conn = {
      id: chosen.connectionId,
      tenantId: chosen.tenantId,
      tenantName: chosen.name,
      tenantType: "ORGANISATION",
    };
    return this.finish(pick.sub, pick.origin, conn, tokens);
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
    const record: ConnectionRecord = {
      provider: "xero",
      state: "connected",
      xeroConnectionId: conn.id,
      xeroTenantId: conn.tenantId,
      orgName: org?.name ?? conn.tenantName ?? "Xero organisation",
      currency: org?.currency,
      timezone: org?.timezone,
      connectedAt: Date.now(),
      connectedBy: sub,
    };
    await this.d.onConnected(record, tokens);
    return { kind: "connected", origin, status: toStatus(record) };
  }
}
