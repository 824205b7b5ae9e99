// Bearer-token check for /v3/company/{realmId}/…: a missing, unknown, expired or revoked token is a
// 401 AuthenticationFailed (3200, lowercase body); a token for another company, without the
// accounting scope, or for a company that does not exist is a 403 (3100).

import type { MiddlewareHandler } from "hono";
import type { Company } from "../model.ts";
import type { Grant } from "../oauth/model.ts";
import type { QboState } from "../state.ts";
import { authenticationFailed, authorizationFailed } from "./errors.ts";

/** Set by apiAuth for the routes behind it. */
export interface ApiVariables {
  company: Company;
  grant: Grant;
}

/** The API's auth middleware. */
export function apiAuth(state: QboState): MiddlewareHandler<{ Variables: ApiVariables }> {
  return async (c, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!m?.[1]) return authenticationFailed(c, "Authorization header missing or not a Bearer token");
    const rec = state.identity.accessTokens.get(m[1]);
    const now = state.clock.now();
    if (!rec) return authenticationFailed(c, "Token invalid");
    if (now >= rec.expiresAt) return authenticationFailed(c, "Token expired");
    const grant = state.identity.grants.get(rec.grantId);
    if (!grant || grant.revoked) return authenticationFailed(c, "Token revoked");
    const realmId = c.req.param("realmId") ?? "";
    const company = state.companies.get(realmId);
    if (!company || grant.realmId !== realmId)
      return authorizationFailed(c, now, `The token is not authorised for company ${realmId}`);
    if (!grant.scopes.includes("com.intuit.quickbooks.accounting"))
      return authorizationFailed(c, now, "The token lacks the com.intuit.quickbooks.accounting scope");
    c.set("company", company);
    c.set("grant", grant);
    await next();
  };
}
