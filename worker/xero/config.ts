import type { Env } from "../env.ts";
import type { OrgMapScope } from "../store/org-map.ts";

/** Everything needed to talk to Xero (or the emulator): every endpoint is configurable. */
export interface XeroConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
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
    apiUrl: env.XERO_API_URL.replace(/\/+$/, ""),
  };
}

/** The fetch every Xero client uses; tests pass one that routes to the emulator. */
export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Where Xero organisations' tenant lists live in KV (`x:` before the provider seam). */
export const XERO_ORGS: OrgMapScope = { provider: "xero", legacyPrefix: "x:" };
