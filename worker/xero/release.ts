// Letting go of Xero connections without breaking anyone else's. At Xero, revoking a refresh
// token removes *every* connection that Xero user granted to the app — a bookkeeper who connected
// two AGG SMART businesses would lose both — so one connection is removed with
// DELETE /connections/{id}, and the grant is revoked only when GET /connections (which lists all
// of that user's connections to the app, whichever consent made them) comes back empty.
// Several AGG SMART tenants may share one Xero user, and even one connection (same user, same
// organisation): a connection another tenant stores is never deleted.

import type { TokenSet } from "../provider/model.ts";
import { tenantsForOrg } from "../store/org-map.ts";
import { REFRESH_AHEAD_MS } from "../tenant/records.ts";
import { type FetchFn, XERO_ORGS, type XeroConfig } from "./config.ts";
import { deleteConnection, listConnections } from "./connections.ts";
import { authEventId, refreshTokens, revokeToken, xeroUserId } from "./oauth.ts";

/** What releasing needs: Xero, a clock, and who else uses a connection. */
export interface ReleaseDeps {
  cfg: XeroConfig;
  fetchFn: FetchFn;
  now(): number;
  /** True when an AGG SMART tenant still stores this connection (so it must stay at Xero). */
  inUse(connectionId: string, xeroTenantId: string): Promise<boolean>;
}

/** A connection at Xero: its id (for DELETE) and organisation. */
export interface Releasable {
  id: string;
  tenantId: string;
}

/** What releasing did. */
export interface Released {
  removed: string[];
  /** Left at Xero because a tenant uses them. */
  kept: string[];
  revoked: boolean;
}

/**
 * Removes `conns` at Xero (DELETE; 404 counts as done) except those in use, then, if `revoke`,
 * revokes the refresh token only when the user has no connection left to the app. A failed
 * DELETE throws (the caller decides whether that blocks it); the revoke is tidying, so a failed
 * list or revoke only means it is skipped.
 */
export async function releaseConnections(
  d: ReleaseDeps,
  tokens: Pick<TokenSet, "accessToken" | "refreshToken">,
  conns: readonly Releasable[],
  revoke: boolean,
): Promise<Released> {
  const out: Released = { removed: [], kept: [], revoked: false };
  for (const c of conns) {
    if (await d.inUse(c.id, c.tenantId)) {
      out.kept.push(c.id);
      continue;
    }
    await deleteConnection(d.cfg, d.fetchFn, tokens.accessToken, c.id);
    out.removed.push(c.id);
  }
  if (!revoke) return out;
  const left = await listConnections(d.cfg, d.fetchFn, tokens.accessToken).catch(() => null);
  if (left?.length === 0) {
    out.revoked = await revokeToken(d.cfg, d.fetchFn, tokens.refreshToken).then(
      () => true,
      () => false,
    );
  }
  return out;
}

/** A token set whose access token still has a while to live: refreshed (rotating it) if not. */
export async function freshTokens(d: ReleaseDeps, tokens: TokenSet): Promise<TokenSet> {
  if (tokens.expiresAt - d.now() > REFRESH_AHEAD_MS) return tokens;
  return refreshTokens(d.cfg, d.fetchFn, tokens.refreshToken, d.now());
}

/**
 * A consent that will not be used (an error after the code exchange, no organisation picked,
 * a picker abandoned or expired): removes what it connected — `conns`, or else what Xero lists
 * for its authentication event — unless in use, and revokes it when nothing is left. Best
 * effort: the tokens are forgotten either way.
 */
export async function abandonConsent(
  d: ReleaseDeps,
  tokens: TokenSet,
  conns?: readonly Releasable[],
): Promise<Released | null> {
  try {
    const fresh = await freshTokens(d, tokens);
    const event = authEventId(fresh.accessToken);
    const made = conns ?? (event ? await listConnections(d.cfg, d.fetchFn, fresh.accessToken, event) : []);
    return await releaseConnections(d, fresh, made, true);
  } catch {
    return null;
  }
}

/**
 * After a reconnect to another organisation: removes the old connection with a token Xero
 * accepts now (the stored one has usually expired). If the old and new consents are the same
 * Xero user, the new token can remove it, and the old grant must not be revoked (that would take
 * the new connection with it); otherwise the old grant's tokens are refreshed for the job.
 */
export async function releaseReplaced(
  d: ReleaseDeps,
  old: Releasable,
  oldTokens: TokenSet,
  newTokens: TokenSet,
): Promise<Released> {
  const user = xeroUserId(oldTokens.accessToken);
  if (user && user === xeroUserId(newTokens.accessToken))
    return releaseConnections(d, newTokens, [old], false);
  return releaseConnections(d, await freshTokens(d, oldTokens), [old], true);
}

/**
 * Whether an AGG SMART tenant other than `me` stores connection `connectionId` of
 * `xeroTenantId`: the `o:xero:{xeroTenantId}` KV list names the candidates, and each one's object is
 * asked (a tenant that cannot be asked counts as a user, so nothing is removed on a guess).
 */
export async function usedByOtherTenant(
  kv: KVNamespace,
  me: string,
  xeroTenantId: string,
  connectionId: string,
  connectionOf: (tenant: string) => Promise<string | null>,
): Promise<boolean> {
  for (const t of await tenantsForOrg(kv, XERO_ORGS, xeroTenantId)) {
    if (t === me) continue;
    const id = await connectionOf(t).catch(() => connectionId);
    if (id === connectionId) return true;
  }
  return false;
}
