// GET /identity/connect/authorize (consent page) and the consent form's POST.
// Bad client_id / redirect_uri → an HTML error page, never a redirect; later errors go back to
// the (verified) redirect URI with `error=…&state=…`, as RFC 6749 §4.1.2.1 says.

import { Hono } from "hono";
import type { EmulatorState } from "../state.ts";
import { consentPage, errorPage } from "./consent-page.ts";
import { approveConsent } from "./grants.ts";
import { type AuthRequest, DEFAULT_USER_EMAIL, randomToken, userByEmail } from "./model.ts";

/** Scopes Xero knows; anything else (e.g. restricted `paymentservices`) is refused. */
const KNOWN_SCOPE =
  /^(openid|profile|email|offline_access|accounting\.[a-z.]+|files(\.read)?|assets(\.read)?|projects(\.read)?|payroll\.[a-z.]+|finance\.[a-z.]+|bankfeeds|app\.connections|marketplace\.billing)$/;
/** Consent requests left unanswered this long are forgotten. */
const REQUEST_TTL_MS = 30 * 60_000;

function redirectWith(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

function orgChoices(state: EmulatorState) {
  return [...state.orgs.values()].map((o) => ({ tenantId: o.tenantId, name: o.name }));
}

/** The authorize endpoint and consent form. @see https://developer.xero.com/documentation/guides/oauth2/auth-flow */
export function authorizeRoutes(state: EmulatorState): Hono {
  const app = new Hono();

  app.get("/identity/connect/authorize", (c) => {
    const q = (k: string) => c.req.query(k);
    const client = state.identity.clients.get(q("client_id") ?? "");
    if (!client) return c.html(errorPage("unauthorized_client", "Unknown client or client not enabled"), 400);
    const redirectUri = q("redirect_uri") ?? "";
    if (!client.redirectUris.includes(redirectUri)) {
      return c.html(errorPage("invalid_request", "Invalid redirect_uri"), 400);
    }
    const state_ = q("state");
    const back = (error: string, description: string) =>
      c.redirect(redirectWith(redirectUri, { error, error_description: description, state: state_ }), 302);
    if (q("response_type") !== "code") return back("unsupported_response_type", "response_type must be code");
    const scopes = (q("scope") ?? "").split(" ").filter(Boolean);
    if (!scopes.length) return back("invalid_scope", "scope is required");
    const unknown = scopes.find((s) => !KNOWN_SCOPE.test(s));
    if (unknown) return back("invalid_scope", `Invalid scope for client: ${unknown}`);
    const challenge = q("code_challenge");
    const method = q("code_challenge_method");
    if (challenge !== undefined || method !== undefined) {
      if (method !== "S256") return back("invalid_request", "code_challenge_method must be S256");
      if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
        return back("invalid_request", "invalid code_challenge");
    }
    const req: AuthRequest = {
      id: randomToken(16),
      clientId: client.clientId,
      redirectUri,
      scopes: [...new Set(scopes)],
      state: state_,
      nonce: q("nonce"),
      codeChallenge: challenge,
      loginHint: q("login_hint"),
      createdAt: state.clock.now(),
    };
    state.identity.authRequests.set(req.id, req);
    return c.html(
      consentPage({
        requestId: req.id,
        appName: client.name,
        scopes: req.scopes,
        userEmail: req.loginHint ?? DEFAULT_USER_EMAIL,
        orgs: orgChoices(state),
      }),
    );
  });

  app.post("/identity/connect/authorize", async (c) => {
    const form = new URLSearchParams(new TextDecoder().decode(await c.req.arrayBuffer()));
    const req = state.identity.authRequests.get(form.get("request") ?? "");
    if (!req || state.clock.now() - req.createdAt > REQUEST_TTL_MS) {
      return c.html(
        errorPage("invalid_request", "This sign-in request has expired. Start again from the app."),
        400,
      );
    }
    const client = state.identity.clients.get(req.clientId);
    if (!client) return c.html(errorPage("unauthorized_client", "Unknown client or client not enabled"), 400);
    if (form.get("action") !== "allow") {
      state.identity.authRequests.delete(req.id);
      return c.redirect(redirectWith(req.redirectUri, { error: "access_denied", state: req.state }), 302);
    }
    const email = (form.get("user") ?? "").trim() || req.loginHint || DEFAULT_USER_EMAIL;
    const orgs = orgChoices(state);
    const chosen = form.getAll("tenant");
    const bad = chosen.find((t) => !state.orgs.has(t));
    if (bad || (orgs.length > 0 && chosen.length === 0)) {
      const error = bad
        ? "That organisation is not available."
        : "Choose at least one organisation to connect.";
      const view = { requestId: req.id, appName: client.name, scopes: req.scopes, userEmail: email, orgs };
      return c.html(consentPage({ ...view, checked: chosen, error }), 400);
    }
    state.identity.authRequests.delete(req.id);
    const code = approveConsent(state, req, userByEmail(state.identity, email), chosen);
    return c.redirect(
      redirectWith(req.redirectUri, {
        code,
        scope: req.scopes.join(" "),
        state: req.state,
        session_state: `${randomToken(32)}.${randomToken(16)}`,
      }),
      302,
    );
  });

  return app;
}
