// The rules of Intuit's token service as pure state transitions: consent → grant + code; code →
// tokens (single use, same redirect_uri, PKCE verified when a challenge was sent); refresh with
// rotation where every earlier refresh token keeps working for 24 h after a newer one is issued;
// revocation of the whole grant. The HTTP layer is routes-token.ts.

import type { QboState } from "../state.ts";
import {
  ACCESS_TTL_MS,
  CODE_TTL_MS,
  type Grant,
  type PendingConsent,
  REFRESH_HARD_MAX_S,
  REFRESH_OVERLAP_MS,
  REFRESH_TTL_S,
  randomToken,
} from "./model.ts";

/** Intuit's token response. */
export interface QboTokenResponse {
  token_type: "bearer";
  access_token: string;
  expires_in: number;
  refresh_token: string;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
}

/** Success or an OAuth error code. */
export type GrantResult = { ok: true; body: QboTokenResponse } | { ok: false; error: "invalid_grant" };

const invalid = (): GrantResult => ({ ok: false, error: "invalid_grant" });

/** The user picked a company and pressed Connect: a grant and a one-time code. */
export function approve(state: QboState, req: PendingConsent, realmId: string): string {
  const now = state.clock.now();
  const grant: Grant = {
    id: crypto.randomUUID(),
    clientId: req.clientId,
    realmId,
    scopes: req.scopes,
    createdAt: now,
    revoked: false,
  };
  state.identity.grants.set(grant.id, grant);
  const code = randomToken(24, "AB11");
  state.identity.codes.set(code, {
    grantId: grant.id,
    redirectUri: req.redirectUri,
    codeChallenge: req.codeChallenge,
    createdAt: now,
    used: false,
  });
  return code;
}

/** base64url(SHA-256(verifier)). */
export async function s256(verifier: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  let s = "";
  for (const b of d) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** authorization_code grant: single use (a reuse is invalid_grant; what the first use issued stays valid). */
export async function exchangeCode(
  state: QboState,
  clientId: string,
  code: string,
  redirectUri: string | undefined,
  verifier: string | undefined,
  hardExpiry: boolean,
): Promise<GrantResult> {
  const rec = state.identity.codes.get(code);
  if (!rec) return invalid();
  const grant = state.identity.grants.get(rec.grantId);
  if (!grant || grant.clientId !== clientId) return invalid();
  if (rec.used) return invalid();
  rec.used = true;
  if (grant.revoked || state.clock.now() - rec.createdAt > CODE_TTL_MS) return invalid();
  if (redirectUri !== rec.redirectUri) return invalid();
  // Intuit documents no PKCE; a challenge that was sent is verified (accept-and-verify).
  if (rec.codeChallenge !== undefined) {
    if (!verifier || (await s256(verifier)) !== rec.codeChallenge) return invalid();
  }
  return { ok: true, body: issue(state, grant, hardExpiry) };
}

/** refresh_token grant: rotates; older tokens of the grant stay usable 24 h after being superseded. */
export function refresh(state: QboState, clientId: string, token: string, hardExpiry: boolean): GrantResult {
  const id = state.identity;
  const rec = id.refreshTokens.get(token);
  if (!rec) return invalid();
  const grant = id.grants.get(rec.grantId);
  const now = state.clock.now();
  if (!grant || grant.revoked || grant.clientId !== clientId) return invalid();
  if (now - rec.issuedAt > REFRESH_TTL_S * 1000) return invalid();
  if (now - grant.createdAt > REFRESH_HARD_MAX_S * 1000) return invalid();
  if (rec.supersededAt !== undefined && now - rec.supersededAt > REFRESH_OVERLAP_MS) return invalid();
  return { ok: true, body: issue(state, grant, hardExpiry) };
}

/** Revokes a grant: its tokens stop working (API 401 3200, refresh invalid_grant). */
export function revokeGrant(state: QboState, grant: Grant, by: "app" | "user"): void {
  grant.revoked = true;
  grant.revokedAt = state.clock.now();
  grant.revokedBy = by;
}

/** The grant behind an access or refresh token, if any. */
export function grantOfToken(state: QboState, token: string): Grant | undefined {
  const id = state.identity;
  const gid = id.refreshTokens.get(token)?.grantId ?? id.accessTokens.get(token)?.grantId;
  return gid ? id.grants.get(gid) : undefined;
}

function issue(state: QboState, grant: Grant, hardExpiry: boolean): QboTokenResponse {
  const id = state.identity;
  const now = state.clock.now();
  // Every live refresh token of this grant is now superseded (its 24 h overlap starts now).
  for (const r of id.refreshTokens.values()) {
    if (r.grantId === grant.id && r.supersededAt === undefined) r.supersededAt = now;
  }
  const access = randomToken(48, "eyJlbmMiOiJBMTI4Q0JDLUhTMjU2");
  const refreshToken = randomToken(24, "RT1-");
  id.accessTokens.set(access, { grantId: grant.id, expiresAt: now + ACCESS_TTL_MS });
  id.refreshTokens.set(refreshToken, { grantId: grant.id, issuedAt: now });
  const body: QboTokenResponse = {
    token_type: "bearer",
    access_token: access,
    expires_in: ACCESS_TTL_MS / 1000,
    refresh_token: refreshToken,
    x_refresh_token_expires_in: REFRESH_TTL_S,
  };
  if (hardExpiry) {
    body.x_refresh_token_hard_expires_in = Math.max(
      0,
      REFRESH_HARD_MAX_S - Math.floor((now - grant.createdAt) / 1000),
    );
  }
  return body;
}
