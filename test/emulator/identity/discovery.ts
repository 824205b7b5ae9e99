// OpenID discovery and JWKS, as identity.xero.com publishes them, for clients that verify tokens.

import { Hono } from "hono";
import { jwks } from "./jwt.ts";

/** `/.well-known/openid-configuration` and its `jwks_uri`. @see https://identity.xero.com/.well-known/openid-configuration */
export function discoveryRoutes(): Hono {
  const app = new Hono();
  app.get("/.well-known/openid-configuration", (c) => {
    const o = new URL(c.req.url).origin;
    return c.json({
      issuer: o,
      jwks_uri: `${o}/.well-known/openid-configuration/jwks`,
      authorization_endpoint: `${o}/identity/connect/authorize`,
      token_endpoint: `${o}/connect/token`,
      revocation_endpoint: `${o}/connect/revocation`,
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      response_types_supported: ["code"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      id_token_signing_alg_values_supported: ["RS256"],
      code_challenge_methods_supported: ["S256"],
      subject_types_supported: ["public"],
    });
  });
  app.get("/.well-known/openid-configuration/jwks", async (c) => c.json(await jwks()));
  return app;
}
