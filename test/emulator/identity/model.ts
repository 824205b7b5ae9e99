// Xero's identity service as data: apps (OAuth clients), users, pending consents, codes, grants
// (one per consent = one `authentication_event_id`), refresh/access tokens and connections.
// Times are emulator-clock milliseconds.

/** An app registered at developer.xero.com: the emulator accepts exactly these credentials. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name: string;
}

/** A Xero user who signs in on the consent page. */
export interface XeroUser {
  /** `xero_userid` claim (GUID). */
  id: string;
  /** `sub` claim (32 hex chars, as Xero sends it). */
  sub: string;
  email: string;
  givenName: string;
  familyName: string;
  /** `global_session_id` claim. */
  sessionId: string;
}

/** An authorize request waiting for the user to press Allow or Cancel on the consent page. */
export interface AuthRequest {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  loginHint?: string;
  createdAt: number;
}

/** An authorization code: single use, 5-minute lifetime. */
export interface AuthCode {
  code: string;
  grantId: string;
  redirectUri: string;
  codeChallenge?: string;
  nonce?: string;
  createdAt: number;
  used: boolean;
}

/** One consent (Xero's "authentication event"): the refresh-token chain hangs off it. */
export interface Grant {
  id: string;
  authEventId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
  revoked: boolean;
  revokedAt?: number;
}

/** A refresh token; `rotatedAt` is set when it was first used (the 30-minute grace counts from then). */
export interface RefreshTokenRecord {
  token: string;
  grantId: string;
  issuedAt: number;
  rotatedAt?: number;
  /** The token issued when this one was used (the newest, after a grace reuse). */
  successor?: string;
  /** Superseded by a grace reuse of its predecessor: never valid again. */
  dead: boolean;
}

/** What the emulator knows about an access token it issued (the JWT itself carries the same claims). */
export interface AccessTokenRecord {
  grantId: string;
  clientId: string;
  userId: string;
  authEventId: string;
  scopes: string[];
  /** ms since epoch (emulator clock). */
  expiresAt: number;
}

/** A user's connection of one organisation to one app (`GET /connections` rows). */
export interface Connection {
  id: string;
  tenantId: string;
  clientId: string;
  userId: string;
  /** The consent that most recently connected this tenant. */
  authEventId: string;
  grantId: string;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  /** api = DELETE /connections/{id}; user = removed in Xero's UI; revocation = token revoked. */
  deletedBy?: "api" | "user" | "revocation";
  /**
   * Scopes the user may no longer use in this organisation (their role was changed, or the
   * organisation's admin took a permission away): Accounting calls needing only these answer
   * 401 AuthorizationUnsuccessful, however fresh the token. `"*"` = every scope.
   */
  withheldScopes?: string[];
}

/** The identity half of EmulatorState. */
export interface IdentityState {
  clients: Map<string, OAuthClient>;
  /** Users by `xero_userid`. */
  users: Map<string, XeroUser>;
  authRequests: Map<string, AuthRequest>;
  codes: Map<string, AuthCode>;
  grants: Map<string, Grant>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  accessTokens: Map<string, AccessTokenRecord>;
  connections: Map<string, Connection>;
}

/** Access tokens live 30 minutes. @see https://developer.xero.com/documentation/guides/oauth2/token-types */
export const ACCESS_TOKEN_TTL_MS = 30 * 60_000;
/** Authorization codes live 5 minutes. */
export const CODE_TTL_MS = 5 * 60_000;
/** A rotated refresh token stays usable this long (a lost refresh response can be recovered). */
export const REFRESH_GRACE_MS = 30 * 60_000;
/** An unused refresh token expires after 60 days. */
export const REFRESH_IDLE_MS = 60 * 24 * 60 * 60_000;

/** The app the local stack and the tests use unless told otherwise. */
export const DEMO_CLIENT: OAuthClient = {
  clientId: "demo-client-id",
  clientSecret: "demo-client-secret",
  redirectUris: ["http://localhost:8787/oauth/xero/callback", "https://worker.test/oauth/xero/callback"],
  name: "AGG SMART Accounts Connect",
};

/** The user who signs in when the consent page is not told otherwise. */
export const DEFAULT_USER_EMAIL = "demo.user@agg-smart.test";

/** A fresh identity state holding only the registered apps. */
export function createIdentityState(clients: OAuthClient[]): IdentityState {
  return {
    clients: new Map(clients.map((c) => [c.clientId, { ...c, redirectUris: [...c.redirectUris] }])),
    users: new Map(),
    authRequests: new Map(),
    codes: new Map(),
    grants: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    connections: new Map(),
  };
}

/** Empties everything but the registered apps (used by reset). */
export function clearIdentityState(s: IdentityState): void {
  s.users.clear();
  s.authRequests.clear();
  s.codes.clear();
  s.grants.clear();
  s.refreshTokens.clear();
  s.accessTokens.clear();
  s.connections.clear();
}

/** Random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Random bytes as base64url (opaque codes and refresh tokens). */
export function randomToken(bytes = 32): string {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...a))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Finds the user with this email, creating them on first sign-in. */
export function userByEmail(s: IdentityState, email: string): XeroUser {
  const wanted = email.trim().toLowerCase();
  for (const u of s.users.values()) if (u.email === wanted) return u;
  const local = wanted.split("@")[0] ?? "user";
  const [given = "Demo", family = "User"] = local
    .split(/[._-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1));
  const user: XeroUser = {
    id: crypto.randomUUID(),
    sub: randomHex(16),
    email: wanted,
    givenName: given,
    familyName: family,
    sessionId: randomHex(16),
  };
  s.users.set(user.id, user);
  return user;
}

/** Xero's connection timestamp format: ISO 8601 without zone, 7 fractional digits ("2019-12-07T18:46:19.5165400"). */
export function xeroConnectionDate(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "0000");
}

/** The live (not deleted) connections of one user to one app. */
export function liveConnections(s: IdentityState, clientId: string, userId: string): Connection[] {
  return [...s.connections.values()].filter(
    (c) => c.clientId === clientId && c.userId === userId && !c.deletedAt,
  );
}
