// The consent popup for QuickBooks Online, per tenant: ticket → state + PKCE → Intuit's consent
// (the user picks the company there) → callback with code, state and realmId → connected. No
// organisation picker here: one consent is one company. A consent that cannot be used is revoked.

import { randomToken } from "../encoding.ts";
import type { FetchFn } from "../provider/capabilities.ts";
import { type ConsentOAuth, OAuthConsentFlow } from "../provider/connect-flow.ts";
import type { CallbackOutcome, ConsentDeps, NewConnection } from "../provider/provider.ts";
import { toStatus } from "../tenant/status.ts";
import type { QboClientDeps } from "./api.ts";
import { qboCall } from "./api.ts";
import { companyInfo } from "./company.ts";
import type { QboConfig } from "./config.ts";
import { buildAuthorizeUrl, exchangeCode, revokeToken } from "./oauth.ts";

/** What the flow needs beyond the tenant's consent deps. */
export interface QboFlowDeps extends ConsentDeps {
  cfg: QboConfig;
  fetchFn: FetchFn;
  now(): number;
  sleep(ms: number): Promise<void>;
}

type Exchanged = Awaited<ReturnType<typeof exchangeCode>>;

/** QuickBooks' side of the shared consent steps. */
const QBO_CONSENT: ConsentOAuth<QboConfig, Exchanged> = {
  authorizeUrl: buildAuthorizeUrl,
  exchangeCode,
  errorCode: "quickbooks_error",
  unreachable: "QuickBooks could not be reached.",
};

/** The consent flow of one tenant. */
export class QboConnectFlow extends OAuthConsentFlow<QboConfig, Exchanged> {
  private readonly d: QboFlowDeps;
  constructor(deps: QboFlowDeps) {
    super(deps, () => deps.now(), QBO_CONSENT);
    this.d = deps;
  }

  /** The callback: state (single use), the code for tokens, realmId, the company's name and currency. */
  async completeAuthorize(id: string, callbackUrl: string): Promise<CallbackOutcome> {
    const r = await this.redeem(id, callbackUrl);
    if ("failed" in r) return r.failed;
    const { pending } = r;
    const { tokens, realmId } = r.got;
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
}
