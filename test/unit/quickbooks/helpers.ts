// Test helpers for the QuickBooks provider against the QBO emulator in-process: a config that
// points at Intuit's hosts (the emulator routes by path), the consent driven through the
// emulator's page with the worker's own authorize URL, and credentials with a token keeper.

import * as oauth from "oauth4webapi";
import type { TokenSet } from "../../../worker/provider/model.ts";
import type { QboClientDeps, QboCredentials } from "../../../worker/quickbooks/api.ts";
import { type QboConfig, qboConfig } from "../../../worker/quickbooks/config.ts";
import { buildAuthorizeUrl, exchangeCode, refreshTokens } from "../../../worker/quickbooks/oauth.ts";
import { withQboConformance } from "../../qbo-emulator/conformance/checks.ts";
import { createQboEmulator, DEMO_REALM_ID, type QboEmulator } from "../../qbo-emulator/index.ts";

export const QBO_ENV = {
  QBO_CLIENT_ID: "demo-qbo-client-id",
  QBO_CLIENT_SECRET: "demo-qbo-client-secret",
  QBO_REDIRECT_URI: "https://worker.test/oauth/quickbooks/callback",
};

export const cfg: QboConfig = qboConfig(QBO_ENV);

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Opens the authorize URL, picks `realmId` on the consent page; returns the callback URL. */
export async function consentVia(
  fetchFn: Fetch,
  authorizeUrl: string,
  realmId = DEMO_REALM_ID,
): Promise<URL> {
  const page = await fetchFn(authorizeUrl);
  const html = await page.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (!request) throw new Error(`no consent form (${page.status}): ${html.slice(0, 300)}`);
  const res = await fetchFn(new URL("/connect/oauth2/consent", authorizeUrl), {
    method: "POST",
    body: new URLSearchParams({ request, realmId, action: "allow" }),
    redirect: "manual",
  });
  return new URL(res.headers.get("location") ?? "");
}

/** A connected emulator company: tokens, a token keeper (refresh persists first) and client deps. */
export async function connected(opts: { emu?: QboEmulator; realmId?: string } = {}) {
  const emu = opts.emu ?? createQboEmulator({ seed: "demo", webhook: { auto: false } });
  const checked = withQboConformance(emu.fetch);
  const fetchFn = checked.fetch as Fetch;
  const verifier = oauth.generateRandomCodeVerifier();
  const back = await consentVia(fetchFn, await buildAuthorizeUrl(cfg, "st-1", verifier), opts.realmId);
  const { tokens, realmId } = await exchangeCode(cfg, fetchFn, back, "st-1", verifier, emu.clock.now());
  let current: TokenSet = tokens;
  const log = { renewed: 0, revoked: 0, refused: 0, reads: 0, slept: [] as number[] };
  const creds: QboCredentials = {
    token: async () => ({ token: current.accessToken, realmId }),
    renew: async () => {
      log.renewed++;
      current = await refreshTokens(cfg, fetchFn, current.refreshToken, emu.clock.now());
      return current.accessToken;
    },
    revoked: async () => {
      log.revoked++;
    },
    refused: async () => {
      log.refused++;
    },
  };
  const deps: QboClientDeps = {
    apiUrl: cfg.apiUrl,
    fetchFn,
    creds,
    sleep: async (ms) => {
      log.slept.push(ms);
    },
    onRead: () => {
      log.reads++;
    },
  };
  const control = async (path: string, body?: unknown, method = body === undefined ? "GET" : "POST") => {
    const res = await emu.fetch(`https://quickbooks.api.intuit.com/_control${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json() as Promise<any>;
  };
  return {
    emu,
    realmId,
    tokens: () => current,
    setTokens: (t: TokenSet) => {
      current = t;
    },
    creds,
    deps,
    log,
    fetchFn,
    violations: checked.violations,
    control,
  };
}
