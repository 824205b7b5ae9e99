// The consent popup for QuickBooks Online, per tenant: ticket → state + PKCE → Intuit's consent
// (the user picks the company there) → callback with code, state and realmId → connected. No
// organisation picker here: one consent is one company. A consent that cannot be used is revoked.

import * as oauth from "oauth4webapi";
import { randomToken } from "../encoding.ts";
import { allowedOrigins } from "../middleware/cors.ts";
import type { FetchFn } from "../provider/capabilities.ts";
import type { TokenSet } from "../provider/model.ts";
import type { CallbackOutcome, ConsentDeps, ConsentFlow, NewConnection } from "../provider/provider.ts";
import { AUTH_TTL_MS, KEYS, PendingAuth, StartTicket, TICKET_TTL_MS } from "../tenant/records.ts";
import { fail, ok, type Result } from "../tenant/result.ts";
import { toStatus } from "../tenant/status.ts";
import { tenantRef } from "../tenant/tenant-ref.ts";
import type { VaultStorage } from "../tenant/vault.ts";
import type { QboClientDeps } from "./api.ts";
import { qboCall } from "./api.ts";
import { companyInfo } from "./company.ts";
import type { QboConfig } from "./config.ts";
import { buildAuthorizeUrl, exchangeCode, QboAuthError, revokeToken } from "./oauth.ts";

/** What the flow needs beyond the tenant's consent deps. */
export interface QboFlowDeps extends ConsentDeps {
  cfg: QboConfig;
  fetchFn: FetchFn;
  now(): number;
  sleep(ms: number): Promise<void>;
}

async function take<T>(storage: VaultStorage, key: string, parse: (v: unknown) => T): Promise<T | null> {
  const raw = await storage.get(key);
  if (raw === undefined) return null;
  await storage.delete(key);
  return parse(raw);
}

/** The consent flow of one tenant. */
export class QboConnectFlow implements ConsentFlow {
  private readonly d: QboFlowDeps;
  constructor(deps: QboFlowDeps) {
    this.d = deps;
  }

  /** A single-use, 60-second ticket bound to this tenant, user and the host page's origin. */
  async createTicket(sub: string, origin: string): Promise<Result<string>> {
    if (!allowedOrigins(this.d.allowedOrigins).has(origin))
      return fail(403, "forbidden", "This page's origin is not allowed to connect accounts.");
    const id = randomToken();
    await this.d.storage.put(KEYS.ticket(id), {
      sub,
      origin,
      expiresAt: this.d.now() + TICKET_TTL_MS,
    } satisfies StartTicket);
    return ok(id);
  }

  /** Consumes a ticket; stores state + PKCE verifier (10 minutes, single use); returns Intuit's consent URL. */
  async beginAuthorize(ticketId: string): Promise<Result<{ url: string; origin: string }>> {
    const ticket = await take(this.d.storage, KEYS.ticket(ticketId), (v) => StartTicket.parse(v));
    if (!ticket || ticket.expiresAt < this.d.now())
      return fail(
        400,
        "bad_request",
        "This connect link has expired or was already used. Click Connect again.",
      );
    const id = randomToken();
    const verifier = oauth.generateRandomCodeVerifier();
    await this.d.storage.put(KEYS.auth(id), {
      sub: ticket.sub,
      origin: ticket.origin,
      verifier,
      expiresAt: this.d.now() + AUTH_TTL_MS,
    } satisfies PendingAuth);
    const state = tenantRef(id, this.d.tenant);
    return ok({ url: await buildAuthorizeUrl(this.d.cfg, state, verifier), origin: ticket.origin });
  }

  /** The callback: state (single use), the code for tokens, realmId, the company's name and currency. */
  async completeAuthorize(id: string, callbackUrl: string): Promise<CallbackOutcome> {
    const pending = await take(this.d.storage, KEYS.auth(id), (v) => PendingAuth.parse(v));
    if (!pending || pending.expiresAt < this.d.now())
      return {
        kind: "failed",
        origin: null,
        code: "state_invalid",
        message: "This sign-in has expired or was already used. Start again from AGG SMART.",
      };
    const url = new URL(callbackUrl);
    let got: { tokens: TokenSet; realmId: string };
    try {
      got = await exchangeCode(
        this.d.cfg,
        this.d.fetchFn,
        url,
        url.searchParams.get("state") ?? "",
        pending.verifier,
        this.d.now(),
      );
    } catch (err) {
      const e =
        err instanceof QboAuthError ? err : new QboAuthError("transient", "QuickBooks could not be reached.");
      return {
        kind: "failed",
        origin: pending.origin,
        code: e.kind === "denied" ? "access_denied" : "quickbooks_error",
        message: e.message,
      };
    }
    const { tokens, realmId } = got;
    const deps: QboClientDeps = {
      apiUrl: this.d.cfg.apiUrl,
      fetchFn: this.d.fetchFn,
      sleep: this.d.sleep,
      creds: {
        token: async () => ({ token: tokens.accessToken, realmId }),
        renew: async () => tokens.accessToken,
        revoked: async () => {},
        refused: async () => {},
      },
    };
    const org = await companyInfo((req) => qboCall(deps, req), realmId).catch(() => null);
    if (!org) {
      await revokeToken(this.d.cfg, this.d.fetchFn, tokens.refreshToken).catch(() => {});
      return {
        kind: "failed",
        origin: pending.origin,
        code: "quickbooks_error",
        message: "QuickBooks Online did not let AGG SMART read the company. Try again.",
      };
    }
    const record: NewConnection = {
      provider: "quickbooks",
      state: "connected",
      // Intuit names no connection or grant id: each consent is its own grant here (as the emulator
      // models it; UNVERIFIED whether Intuit shares one grant per user + app + company), so the
      // connection is this consent — another tenant's consent to the same company is not "in use".
      connectionRef: `${realmId}:${randomToken().slice(0, 16)}`,
      orgRef: realmId,
      orgName: org.name,
      currency: org.currency,
      connectedAt: this.d.now(),
      connectedBy: pending.sub,
    };
    await this.d.onConnected(record, tokens);
    return { kind: "connected", origin: pending.origin, status: toStatus(record) };
  }

  /** QuickBooks has no organisation picker here (the company is picked on Intuit's page). */
  async completePick(): Promise<CallbackOutcome> {
    return {
      kind: "failed",
      origin: null,
      code: "bad_request",
      message: "QuickBooks Online has no company choice here.",
    };
  }

  /** Deletes expired tickets and consent states; returns when the next one expires (null: none). */
  async purgeExpired(now = this.d.now()): Promise<number | null> {
    let next: number | null = null;
    const kinds = [
      { prefix: "ticket:", parse: (v: unknown) => StartTicket.safeParse(v).data },
      { prefix: "auth:", parse: (v: unknown) => PendingAuth.safeParse(v).data },
    ];
    for (const { prefix, parse } of kinds)
      for (const [key, raw] of await this.d.storage.list({ prefix })) {
        const rec = parse(raw);
        if (rec && rec.expiresAt >= now) next = next === null ? rec.expiresAt : Math.min(next, rec.expiresAt);
        else await this.d.storage.delete(key);
      }
    return next;
  }
}
