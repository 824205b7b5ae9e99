import { randomToken } from "../encoding.ts";
import { type ConsentOAuth, type FlowStorage, OAuthConsentFlow, take } from "../provider/connect-flow.ts";
import type { TokenSet } from "../provider/model.ts";
import type { CallbackOutcome, NewConnection } from "../provider/provider.ts";
import { AUTH_TTL_MS, KEYS, PendingPick } from "../tenant/records.ts";
import { toStatus } from "../tenant/status.ts";
import type { Vault } from "../tenant/vault.ts";
import type { FetchFn, XeroConfig } from "./config.ts";
import { listConnections, type XeroConnection } from "./connections.ts";
import { authEventId, buildAuthorizeUrl, exchangeCode } from "./oauth.ts";
import { fetchOrganisation } from "./organisation.ts";
import { abandonConsent, freshTokens, type ReleaseDeps, releaseConnections } from "./release.ts";

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

/** Xero's side of the shared consent steps. */
const XERO_CONSENT: ConsentOAuth<XeroConfig, TokenSet> = {
  authorizeUrl: buildAuthorizeUrl,
  exchangeCode,
  errorCode: "xero_error",
  unreachable: "Xero could not be reached.",
};

/** The OAuth consent flow for one tenant: ticket → state + PKCE → callback → (pick) → connected. */
export class ConnectFlow extends OAuthConsentFlow<XeroConfig, TokenSet> {
  private readonly d: FlowDeps;
  constructor(deps: FlowDeps) {
    super(deps, () => deps.release.now(), XERO_CONSENT);
    this.d = deps;
  }

  /** The callback: checks state (single use), trades the code, reads the consent's organisations. */
  async completeAuthorize(id: string, callbackUrl: string): Promise<CallbackOutcome> {
    const r = await this.redeem(id, callbackUrl);
    if ("failed" in r) return r.failed;
    const { pending, got: tokens } = r;
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
  override async purgeExpired(now = this.d.release.now()): Promise<number | null> {
    const next = await super.purgeExpired(now, [
      {
        prefix: "pick:",
        parse: (v) => PendingPick.safeParse(v).data,
        expired: async (id, rec) => {
          const tokens = await this.d.vault.get(KEYS.pickTokens(id)).catch(() => null);
          await this.d.vault.delete(KEYS.pickTokens(id));
          const orgs = (rec as PendingPick | undefined)?.orgs;
          if (tokens)
            await abandonConsent(
              this.d.release,
              tokens,
              orgs?.map((o) => ({ id: o.connectionId, tenantId: o.tenantId })),
            );
        },
      },
    ]);
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
