// Test helpers: the consent flow through HTTP (as a browser and the worker would drive it) and a
// conformance-checked API client. Used by the emulator's own tests; worker tests can use them too.

import { withQboConformance } from "./conformance/checks.ts";
import { createQboEmulator, type QboEmulator, type QboEmulatorOptions } from "./index.ts";
import type { QboTokenResponse } from "./oauth/grants.ts";
import { DEMO_QBO_CLIENT } from "./oauth/model.ts";
import { DEMO_REALM_ID } from "./seed/index.ts";

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

const REDIRECT = "https://worker.test/oauth/quickbooks/callback";
const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

/** Runs authorize → consent for `realmId`; returns the redirect's query (code, state, realmId). */
export async function consent(
  fetchFn: Fetch,
  opts: {
    realmId?: string;
    state?: string;
    scope?: string;
    redirectUri?: string;
    codeChallenge?: string;
    action?: "allow" | "deny";
  } = {},
): Promise<URLSearchParams> {
  const q = new URLSearchParams({
    client_id: DEMO_QBO_CLIENT.clientId,
    response_type: "code",
    scope: opts.scope ?? "com.intuit.quickbooks.accounting",
    redirect_uri: opts.redirectUri ?? REDIRECT,
    state: opts.state ?? "st-1",
  });
  if (opts.codeChallenge) {
    q.set("code_challenge", opts.codeChallenge);
    q.set("code_challenge_method", "S256");
  }
  const page = await fetchFn(`https://appcenter.intuit.com/connect/oauth2?${q}`);
  const html = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error(`no consent form (${page.status}): ${html.slice(0, 200)}`);
  const res = await fetchFn("https://appcenter.intuit.com/connect/oauth2/consent", {
    method: "POST",
    body: new URLSearchParams({
      request,
      realmId: opts.realmId ?? DEMO_REALM_ID,
      action: opts.action ?? "allow",
    }),
    redirect: "manual",
  });
  return new URL(res.headers.get("location") ?? "").searchParams;
}

/** POSTs to the token endpoint with the demo app's Basic credentials. */
export function tokenRequest(
  fetchFn: Fetch,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetchFn("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", {
    method: "POST",
    headers: {
      authorization: basic(DEMO_QBO_CLIENT.clientId, DEMO_QBO_CLIENT.clientSecret),
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      ...headers,
    },
    body: new URLSearchParams(form),
  });
}

/** Consent + code exchange: a connected company's tokens. */
export async function connect(
  fetchFn: Fetch,
  realmId = DEMO_REALM_ID,
): Promise<QboTokenResponse & { realmId: string }> {
  const back = await consent(fetchFn, { realmId });
  const res = await tokenRequest(fetchFn, {
    grant_type: "authorization_code",
    code: back.get("code") ?? "",
    redirect_uri: REDIRECT,
  });
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
  return { ...((await res.json()) as QboTokenResponse), realmId: back.get("realmId") ?? "" };
}

/** A demo-seeded emulator, a connection to Demo Quarry Ltd and a conformance-checked API client. */
export async function qboHarness(opts: QboEmulatorOptions = {}) {
  const emu: QboEmulator = createQboEmulator({ seed: "demo", ...opts });
  const tokens = await connect(emu.fetch);
  const checked = withQboConformance(emu.fetch);
  let accessToken = tokens.access_token;
  const api = (path: string, init: RequestInit & { realmId?: string; token?: string } = {}) => {
    const realm = init.realmId ?? DEMO_REALM_ID;
    const sep = path.includes("?") ? "&" : "?";
    const url = `https://quickbooks.api.intuit.com/v3/company/${realm}${path}${/minorversion=/.test(path) ? "" : `${sep}minorversion=75`}`;
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${init.token ?? accessToken}`);
    headers.set("accept", "application/json");
    return checked.fetch(url, { ...init, headers });
  };
  const query = async (q: string) => {
    const res = await api(`/query?query=${encodeURIComponent(q)}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  return {
    emu,
    tokens,
    api,
    query,
    violations: checked.violations,
    setToken: (t: string) => {
      accessToken = t;
    },
  };
}

export { REDIRECT };
