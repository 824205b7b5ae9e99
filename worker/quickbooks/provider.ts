// QuickBooks Online behind the provider seam: the descriptor (names, fields, rules) and the
// factories the registry hands out. Everything QuickBooks-specific the tenant layer needs comes
// from here.

import type { Env } from "../env.ts";
import type { Runtime } from "../provider/capabilities.ts";
import { isProviderError } from "../provider/errors.ts";
import type { OAuthSide, Provider, SessionDeps } from "../provider/provider.ts";
import { pollWaitMs } from "../sync/webhook-health.ts";
import { qboCall } from "./api.ts";
import { companyInfo } from "./company.ts";
import { QBO_ORGS, qboConfig, qboWebhookVerifier } from "./config.ts";
import { QboConnectFlow } from "./connect-flow.ts";
import { authToProviderError, refreshTokens, revokeToken } from "./oauth.ts";
import { QboSession } from "./session.ts";
import { qboWebhooks } from "./webhooks.ts";

/** Intuit's refresh tokens last 8,726,400 s (~101 days) from their last use; a day's margin. */
const REFRESH_IDLE_LIMIT_MS = 100 * 24 * 3600_000;

/** A one-off client for calls made with a bare access token (no refresh: the caller holds the keeper). */
function bareCall(apiUrl: string, rt: Runtime, token: string, realmId: string) {
  return (req: Parameters<typeof qboCall>[1]) =>
    qboCall(
      {
        apiUrl,
        fetchFn: rt.fetch,
        sleep: rt.sleep,
        creds: {
          token: async () => ({ token, realmId }),
          renew: async () => token,
          revoked: async () => {},
          refused: async () => {},
        },
      },
      req,
    );
}

function oauth(env: Env, rt: Runtime): OAuthSide {
  const cfg = qboConfig(env);
  const revoke = (refreshToken: string) => revokeToken(cfg, rt.fetch, refreshToken).catch(() => {});
  return {
    refresh: async (refreshToken) => {
      try {
        return await refreshTokens(cfg, rt.fetch, refreshToken, rt.now());
      } catch (err) {
        throw authToProviderError(err);
      }
    },
    organisation: (token, realmId) => companyInfo(bareCall(cfg.apiUrl, rt, token, realmId), realmId),
    stillConnected: async (token, realmId) => {
      try {
        await bareCall(
          cfg.apiUrl,
          rt,
          token,
          realmId,
        )({ path: `/companyinfo/${encodeURIComponent(realmId)}` });
        return true;
      } catch (err) {
        if (isProviderError(err, "auth_revoked", "auth_scope")) return false;
        throw err;
      }
    },
    consent: (d) => new QboConnectFlow({ ...d, cfg, fetchFn: rt.fetch, now: rt.now, sleep: rt.sleep }),
    // Revoking ends this consent's grant to the company; another tenant's connection to the same
    // company is its own consent (UNVERIFIED whether Intuit shares one grant per user+app+realm:
    // a connection another tenant stores is therefore left alone).
    release: async (tokens, conn, inUse) => {
      if (await inUse(conn.connectionRef, conn.orgRef)) return;
      await revoke(tokens.refreshToken);
    },
    releaseReplaced: async (old, oldTokens, newTokens, inUse) => {
      if (oldTokens.refreshToken === newTokens.refreshToken) return;
      if (await inUse(old.connectionRef, old.orgRef)) return;
      await revoke(oldTokens.refreshToken);
    },
  };
}

/** The QuickBooks Online provider. */
export const qboProvider: Provider = {
  id: "quickbooks",
  name: "QuickBooks Online",
  limitFields: [{ value: "Fax", label: "Fax" }],
  // DocNumber is the only invoice field QuickBooks lets a query find a job by.
  jobMatchFields: [{ value: "InvoiceNumber", label: "Invoice number (DocNumber)" }],
  orgs: QBO_ORGS,
  reasons: {
    revoked: "The company was disconnected from AGG SMART in QuickBooks Online.",
    refused:
      "QuickBooks Online refused access (ApplicationAuthorizationFailed): the connection lacks the accounting " +
      "scope or is for another company or environment. Ask a QuickBooks admin to reconnect in Admin → Accounts.",
    grantRefused: (message) => `QuickBooks Online no longer accepts this connection: ${message}`,
    idleExpired: "The connection was unused for 100 days and QuickBooks Online expired it.",
  },
  refreshIdleLimitMs: REFRESH_IDLE_LIMIT_MS,
  // Reads are metered (the free tier stops an app after 500,000 a month): with healthy webhooks
  // the CDC poll is an hourly safety net (sync/webhook-health.ts). There is no daily budget to plan around.
  pacing: {
    nextPoll: ({ now, intervalMs, lastWebhookAt }) => now + pollWaitMs(intervalMs, lastWebhookAt, now),
    reservePause: () => null,
    onDemandWait: () => null,
  },
  oauth,
  session: (env: Env, d: SessionDeps) =>
    new QboSession({
      apiUrl: qboConfig(env).apiUrl,
      rt: d.rt,
      creds: {
        token: async () => {
          const t = await d.creds.token();
          return { token: t.token, realmId: t.orgRef };
        },
        renew: d.creds.renew,
        revoked: d.creds.revoked,
        refused: d.creds.refused,
      },
      budget: d.budget,
      currency: d.currency,
      ...(d.merges ? { merges: d.merges } : {}),
    }),
  webhooks: (env) => qboWebhooks(qboWebhookVerifier(env)),
};
