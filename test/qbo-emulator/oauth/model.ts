// Intuit's OAuth 2.0 service as data: apps, pending consents, codes, grants (one per consent to one
// company), refresh and access tokens. Times are emulator-clock milliseconds.
// @see https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0

/** An app registered at developer.intuit.com (its Development or Production keys). */
export interface QboClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name: string;
}

/** The demo app: what `.dev.vars.example` and the worker tests use. */
export const DEMO_QBO_CLIENT: QboClient = {
  clientId: "demo-qbo-client-id",
  clientSecret: "demo-qbo-client-secret",
  redirectUris: [
    "http://localhost:8787/oauth/quickbooks/callback",
    "http://localhost:18787/oauth/quickbooks/callback",
    "https://worker.test/oauth/quickbooks/callback",
  ],
  name: "AGG SMART Accounts Connect",
};

/** Access tokens live one hour. */
export const ACCESS_TTL_MS = 3600 * 1000;
/** `x_refresh_token_expires_in`: 8,726,400 s (~101 days), rolling. */
export const REFRESH_TTL_S = 8_726_400;
/** "Previous refresh tokens expire 24 hours after you receive a new one." */
export const REFRESH_OVERLAP_MS = 24 * 3600 * 1000;
/** The 5-year hard maximum (Nov 2025 policy) from the first consent. */
export const REFRESH_HARD_MAX_S = 5 * 365 * 24 * 3600;
/** Authorization codes are single use; Intuit documents no lifetime, 10 minutes here (UNVERIFIED). */
export const CODE_TTL_MS = 10 * 60_000;

/** An authorize request waiting on the consent page. */
export interface PendingConsent {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  codeChallenge?: string;
  createdAt: number;
}

/** A one-time authorization code. */
export interface AuthCode {
  grantId: string;
  redirectUri: string;
  codeChallenge?: string;
  createdAt: number;
  used: boolean;
}

/** One consent: app × company. The refresh-token chain hangs off it. */
export interface Grant {
  id: string;
  clientId: string;
  realmId: string;
  scopes: string[];
  createdAt: number;
  revoked: boolean;
  revokedAt?: number;
  revokedBy?: "app" | "user";
}

/** A refresh token; `supersededAt` = when a newer one was issued (it dies 24 h later). */
export interface RefreshRecord {
  grantId: string;
  issuedAt: number;
  supersededAt?: number;
}

/** An access token (opaque here). */
export interface AccessRecord {
  grantId: string;
  expiresAt: number;
}

/** Everything OAuth. */
export interface IdentityState {
  clients: Map<string, QboClient>;
  pending: Map<string, PendingConsent>;
  codes: Map<string, AuthCode>;
  grants: Map<string, Grant>;
  refreshTokens: Map<string, RefreshRecord>;
  accessTokens: Map<string, AccessRecord>;
}

/** A fresh identity state with the given apps. */
export function createIdentity(clients: QboClient[]): IdentityState {
  return {
    clients: new Map(clients.map((c) => [c.clientId, c])),
    pending: new Map(),
    codes: new Map(),
    grants: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
  };
}

/** Clears everything but the registered apps. */
export function clearIdentity(id: IdentityState): void {
  id.pending.clear();
  id.codes.clear();
  id.grants.clear();
  id.refreshTokens.clear();
  id.accessTokens.clear();
}

/** A random URL-safe token of `bytes` random bytes. */
export function randomToken(bytes = 32, prefix = ""): string {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  let s = "";
  for (const b of a) s += String.fromCharCode(b);
  return prefix + btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
