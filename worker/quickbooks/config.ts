// QuickBooks Online settings from the worker's bindings. The names are a contract
// (../shared/ARCHITECTURE.md §3, "Configuration"); every endpoint is configurable so the same
// worker runs against Intuit or the emulator (test/qbo-emulator).

import type { Env } from "../env.ts";
import { baseUrl, setting } from "../provider/env-vars.ts";
import type { OAuth2Config } from "../provider/oauth2.ts";
import type { OrgMapScope } from "../store/org-map.ts";

/** The QuickBooks Online variables (not in the generated Env: a worker without them simply does not offer QuickBooks). */
export interface QboVars {
  QBO_CLIENT_ID?: string;
  QBO_CLIENT_SECRET?: string;
  QBO_REDIRECT_URI?: string;
  QBO_SCOPES?: string;
  QBO_AUTHORIZE_URL?: string;
  QBO_TOKEN_URL?: string;
  QBO_REVOKE_URL?: string;
  QBO_API_URL?: string;
  QBO_WEBHOOK_VERIFIER?: string;
}

/** Everything needed to talk to Intuit (or the emulator). */
export interface QboConfig extends OAuth2Config {
  /** The base such that `{apiUrl}/v3/company/{realmId}/query` is the query endpoint (no trailing slash). */
  apiUrl: string;
}

/** The only scope AGG SMART needs: accounting (customers, invoices, payments, accounts). */
export const DEFAULT_QBO_SCOPES = "com.intuit.quickbooks.accounting";

/** Intuit's production endpoints, used when a variable is unset. @see ../../shared/QBO-FACTS.md "OAuth 2.0" */
const DEFAULTS = {
  authorizeUrl: "https://appcenter.intuit.com/connect/oauth2",
  tokenUrl: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
  revokeUrl: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
  apiUrl: "https://quickbooks.api.intuit.com",
};

const vars = (env: Env | QboVars): QboVars => env as QboVars;

/** Reads the QuickBooks Online settings from the worker's bindings. */
export function qboConfig(env: Env | QboVars): QboConfig {
  const e = vars(env);
  return {
    clientId: setting(e.QBO_CLIENT_ID, ""),
    clientSecret: setting(e.QBO_CLIENT_SECRET, ""),
    redirectUri: setting(e.QBO_REDIRECT_URI, ""),
    scopes: setting(e.QBO_SCOPES, DEFAULT_QBO_SCOPES),
    authorizeUrl: setting(e.QBO_AUTHORIZE_URL, DEFAULTS.authorizeUrl),
    tokenUrl: setting(e.QBO_TOKEN_URL, DEFAULTS.tokenUrl),
    revokeUrl: setting(e.QBO_REVOKE_URL, DEFAULTS.revokeUrl),
    apiUrl: baseUrl(setting(e.QBO_API_URL, DEFAULTS.apiUrl)),
  };
}

/** The webhook verifier token (empty: every delivery is refused). */
export const qboWebhookVerifier = (env: Env | QboVars): string => setting(vars(env).QBO_WEBHOOK_VERIFIER, "");

/** Where QuickBooks companies' (realmId) tenant lists live in KV. */
export const QBO_ORGS: OrgMapScope = { provider: "quickbooks" };
