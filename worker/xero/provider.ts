// Xero behind the provider seam: the descriptor (names, fields, rules) and the factories the
// registry hands out. Everything Xero-specific the tenant layer needs comes from here.

import type { Env } from "../env.ts";
import type { Runtime } from "../provider/capabilities.ts";
import type { CallBudget, OAuthSide, Provider, SessionDeps } from "../provider/provider.ts";
import { XERO_ORGS, xeroConfig } from "./config.ts";
import { ConnectFlow } from "./connect-flow.ts";
import { listConnections } from "./connections.ts";
import { LimitField } from "./contact.ts";
import { type DayState, onDemandWait, planNextPoll, reservePause } from "./day-plan.ts";
import { mapped } from "./errors.ts";
import { refreshTokens } from "./oauth.ts";
import { fetchOrganisation } from "./organisation.ts";
import { releaseConnections, releaseReplaced } from "./release.ts";
import { XeroSession } from "./session.ts";
import { xeroWebhooks } from "./webhooks.ts";

/** Xero expires a refresh token unused for 60 days. */
const REFRESH_IDLE_LIMIT_MS = 60 * 24 * 3600_000;

const LIMIT_LABELS: Record<LimitField, string> = {
  XeroNetworkKey: "Xero Network Key",
  TaxNumber: "Tax number",
  AccountNumber: "Account number",
  BankAccountDetails: "Bank account details",
  Website: "Website",
};

function oauth(env: Env, rt: Runtime): OAuthSide {
  const cfg = xeroConfig(env);
  const releaseDeps = (inUse: (id: string, org: string) => Promise<boolean>) => ({
    cfg,
    fetchFn: rt.fetch,
    now: rt.now,
    inUse,
  });
  return {
    refresh: (rt0) => mapped(() => refreshTokens(cfg, rt.fetch, rt0, rt.now())),
    organisation: (token, orgRef) => mapped(() => fetchOrganisation(cfg, rt.fetch, token, orgRef)),
    stillConnected: (token, orgRef) =>
      mapped(async () => (await listConnections(cfg, rt.fetch, token)).some((c) => c.tenantId === orgRef)),
    consent: (d) =>
      new ConnectFlow({
        storage: d.storage,
        vault: d.vault,
        cfg,
        fetchFn: rt.fetch,
        tenant: d.tenant,
        allowedOrigins: d.allowedOrigins,
        release: releaseDeps(d.inUse),
        onConnected: d.onConnected,
      }),
    release: async (tokens, conn, inUse) => {
      await mapped(() =>
        releaseConnections(
          releaseDeps(inUse),
          tokens,
          [{ id: conn.connectionRef, tenantId: conn.orgRef }],
          true,
        ),
      );
    },
    releaseReplaced: async (old, oldTokens, newTokens, inUse) => {
      await mapped(() =>
        releaseReplaced(
          releaseDeps(inUse),
          { id: old.connectionRef, tenantId: old.orgRef },
          oldTokens,
          newTokens,
        ),
      );
    },
  };
}

/** Xero's day plan over the budget its responses reported (X-DayLimit-Remaining, a `day` 429's reset). */
const day = (now: number, b: CallBudget): DayState => ({
  now,
  dayRemaining: b.day,
  dayReadAt: b.at,
  dayResetAt: b.dayResetAt,
});

/** The Xero provider. */
export const xeroProvider: Provider = {
  id: "xero",
  name: "Xero",
  limitFields: LimitField.options.map((value) => ({ value, label: LIMIT_LABELS[value] })),
  jobMatchFields: [
    { value: "Reference", label: "Reference" },
    { value: "InvoiceNumber", label: "Invoice number" },
  ],
  orgs: XERO_ORGS,
  reasons: {
    revoked: "The organisation was disconnected from AGG SMART in Xero.",
    refused:
      "Xero refused access: the user who connected lacks a permission or scope (AuthorizationUnsuccessful). " +
      "Ask a Xero adviser/admin to reconnect in Admin → Accounts.",
    grantRefused: (message) => `Xero no longer accepts this connection: ${message}`,
    idleExpired: "The connection was unused for 60 days and Xero expired it.",
  },
  refreshIdleLimitMs: REFRESH_IDLE_LIMIT_MS,
  pacing: {
    nextPoll: ({ now, budget, intervalMs, lastWebhookAt }) =>
      planNextPoll({ ...day(now, budget), intervalMs, lastWebhookAt }).at,
    reservePause: (now, budget) => reservePause(day(now, budget)),
    onDemandWait: (now, budget) => onDemandWait(day(now, budget)),
  },
  oauth,
  session: (env: Env, d: SessionDeps) =>
    new XeroSession({
      cfg: xeroConfig(env),
      rt: d.rt,
      creds: d.creds,
      budget: d.budget,
      currency: d.currency,
      limitField: LimitField.catch("XeroNetworkKey").parse(d.limitField),
    }),
  webhooks: (env) => xeroWebhooks(env.XERO_WEBHOOK_KEY),
};
