import type { Env } from "../env.ts";
import { baseUrl } from "../provider/env-vars.ts";
import type { OAuth2Config } from "../provider/oauth2.ts";
import type { OrgMapScope } from "../store/org-map.ts";

/** Everything needed to talk to Xero (or the emulator): every endpoint is configurable. */
export interface XeroConfig extends OAuth2Config {
  /** The API base (no trailing slash). */
  apiUrl: string;
}

/** Reads the Xero settings from the worker's bindings. */
export function xeroConfig(env: Env): XeroConfig {
  return {
    clientId: env.XERO_CLIENT_ID,
    clientSecret: env.XERO_CLIENT_SECRET,
    redirectUri: env.XERO_REDIRECT_URI,
    scopes: env.XERO_SCOPES,
    authorizeUrl: env.XERO_AUTHORIZE_URL,
    tokenUrl: env.XERO_TOKEN_URL,
    revokeUrl: env.XERO_REVOKE_URL,
    apiUrl: baseUrl(env.XERO_API_URL),
  };
}

/** The fetch every Xero client uses; tests pass one that routes to the emulator. */
export type { FetchFn } from "../provider/capabilities.ts";

/** Where Xero organisations' tenant lists live in KV (`x:` before the provider seam). */
export const XERO_ORGS: OrgMapScope = { provider: "xero", legacyPrefix: "x:" };
