// Test shortcuts that drive the real consent page and token endpoint over HTTP (through the
// emulator's in-process fetch), for tests without a browser.

import type { ConnectionRow } from "./connections.ts";
import { s256, type TokenResponse } from "./grants.ts";
import { type OAuthClient, randomToken } from "./model.ts";

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** How the simulated user answers the consent page. */
export interface ConsentOptions {
  /** Organisations to tick (default: what the page pre-checks, i.e. the first). */
  tenantIds?: string[];
  /** Email to sign in as (default: the page's default user). */
  user?: string;
  /** Default "allow". */
  action?: "allow" | "deny";
}

/** What connect() returns. */
export interface ConnectResult {
  tokens: TokenResponse;
  connections: ConnectionRow[];
  /** The code-exchange inputs, for tests that want to replay them. */
  code: string;
  codeVerifier: string;
}

/** The scopes the product asks for (as in .dev.vars.example). */
export const PRODUCT_SCOPES =
  "openid profile email offline_access accounting.contacts.read accounting.invoices accounting.payments accounting.settings.read";

function pageError(html: string): string {
  return /role="alert">([\s\S]*?)<\/p>/.exec(html)?.[1]?.replace(/<[^>]+>/g, "") ?? "unexpected page";
}

/** GETs the consent page for `authorizeUrl`, answers it, and returns the redirect Location. */
export async function consentFlow(
  fetchFn: FetchFn,
  authorizeUrl: string | URL,
  opts: ConsentOptions = {},
): Promise<string> {
  const url = new URL(authorizeUrl);
  const page = await fetchFn(url, { redirect: "manual" });
  if (page.status === 302) return page.headers.get("location") ?? "";
  const html = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${pageError(html)}`);
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error("consent page has no request id");
  const form = new URLSearchParams({ request, action: opts.action ?? "allow" });
  if (opts.user) form.set("user", opts.user);
  const checked = [...html.matchAll(/name="tenant" value="([^"]+)" checked/g)].map((m) => m[1] ?? "");
  for (const t of opts.tenantIds ?? checked) form.append("tenant", t);
  const res = await fetchFn(new URL("/identity/connect/authorize", url), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form,
    redirect: "manual",
  });
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${pageError(await res.text())}`);
  return res.headers.get("location") ?? "";
}

/** Runs authorize → consent → code exchange (PKCE S256, client_secret_basic) → GET /connections. */
export async function connectFlow(
  fetchFn: FetchFn,
  origin: string,
  clients: OAuthClient[],
  opts: ConsentOptions & { scope?: string; clientId?: string; redirectUri?: string } = {},
): Promise<ConnectResult> {
  const client = clients.find((c) => c.clientId === (opts.clientId ?? clients[0]?.clientId));
  if (!client) throw new Error(`unknown client ${opts.clientId}`);
  const redirectUri = opts.redirectUri ?? client.redirectUris[0] ?? "";
  const codeVerifier = randomToken(48);
  const state = randomToken(12);
  const authorize = new URL("/identity/connect/authorize", origin);
  const params = {
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: redirectUri,
    scope: opts.scope ?? PRODUCT_SCOPES,
    state,
    code_challenge: await s256(codeVerifier),
    code_challenge_method: "S256",
  };
  for (const [k, v] of Object.entries(params)) authorize.searchParams.set(k, v);
  const back = new URL(await consentFlow(fetchFn, authorize, opts));
  const code = back.searchParams.get("code");
  if (!code || back.searchParams.get("state") !== state)
    throw new Error(`consent did not return a code: ${back}`);
  const tokenRes = await fetchFn(new URL("/connect/token", origin), {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }),
  });
  if (tokenRes.status !== 200)
    throw new Error(`token endpoint answered ${tokenRes.status}: ${await tokenRes.text()}`);
  const tokens = (await tokenRes.json()) as TokenResponse;
  const connRes = await fetchFn(new URL("/connections", origin), {
    headers: { Authorization: `Bearer ${tokens.access_token}` },
  });
  const connections = (await connRes.json()) as ConnectionRow[];
  return { tokens, connections, code, codeVerifier };
}
