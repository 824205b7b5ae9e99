// One QuickBooks Online Accounting API call: `{apiUrl}/v3/company/{realmId}{path}`, JSON only
// (`Accept: application/json`: without it Intuit answers XML), `minorversion=75` on every call
// (1–74 are ignored since Aug 2025), Bearer token. Failures leave here as ProviderErrors.
// @see ../../shared/QBO-FACTS.md "Hosts, minorversion", "Errors", "Limits"

import type { FetchFn } from "../provider/capabilities.ts";
import { ProviderError } from "../provider/errors.ts";
import { fetchJson, retryDelay } from "../provider/http.ts";
import type { SessionCredentials } from "../provider/provider.ts";
import { type Fault, faultToError, isAuthFailure, isForbidden, readFault } from "./fault.ts";

/** The minor version every call names (the minimum Intuit honours). */
export const MINOR_VERSION = "75";

/**
 * The seam's SessionCredentials, the company named by its realmId: `renew` after 401 / 3200
 * (single-flight refresh); `revoked` when refused again after a refresh (the company disconnected
 * the app); `refused` on 403 / 3100 (a scope, the company or the environment does not match).
 */
export type QboCredentials = Omit<SessionCredentials, "token"> & {
  token(): Promise<{ token: string; realmId: string }>;
};

/** One request under the company: `path` like "/query", "/payment", "/companyinfo/123". */
export interface QboRequest {
  method?: "GET" | "POST";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/** What a call needs. */
export interface QboClientDeps {
  apiUrl: string;
  fetchFn: FetchFn;
  creds: QboCredentials;
  sleep(ms: number): Promise<void>;
  /** Told about every metered call (reads: GET and queries). Intuit bills reads (CorePlus), not writes. */
  onRead?(): void;
  /** Intuit times out at 120 s; a call is abandoned after this long (transient). Default 60 s. */
  timeoutMs?: number;
}

/** How long to wait before trying again after Intuit took the app offline (the month may turn meanwhile). */
export const OFFLINE_WAIT_MS = 3600_000;

/** Whether a 403 says the app was taken offline (the metered read cap), not that this grant lacks access. */
const isOffline = (f: Fault | null) =>
  !!f?.errors.some((e) => /\boffline\b/i.test(`${e.message} ${e.detail}`));

/** Whether a request is a metered read: every GET, and POST /query (UNVERIFIED: Intuit meters queries as reads). */
export const isRead = (req: QboRequest) => (req.method ?? "GET") === "GET" || req.path === "/query";

/**
 * Makes one call. 401 (or fault 3200) → renew the token once and retry; refused again →
 * `auth_revoked` (creds.revoked). 403 / 3100 → `auth_scope` (creds.refused). 429 → `rate_limited`
 * (60 s; never retried here: the caller owns the schedule). 5xx, network, timeout, an unreadable
 * body → retried twice for reads and `requestid` writes (Intuit replays those), then `transient`.
 * A 200 carrying a Fault is a refusal (`validation`).
 */
export async function qboCall<T = unknown>(d: QboClientDeps, req: QboRequest): Promise<T> {
  let { token, realmId } = await d.creds.token();
  const url = new URL(`${d.apiUrl}/v3/company/${encodeURIComponent(realmId)}${req.path}`);
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  url.searchParams.set("minorversion", MINOR_VERSION);
  const method = req.method ?? "GET";
  const retryable = method === "GET" || req.path === "/query" || url.searchParams.has("requestid");
  let renewed = false;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "application/json" };
    if (req.body !== undefined)
      headers["Content-Type"] = typeof req.body === "string" ? "application/text" : "application/json";
    if (isRead(req)) d.onRead?.();
    const payload =
      req.body === undefined ? undefined : typeof req.body === "string" ? req.body : JSON.stringify(req.body);
    const answer = await fetchJson(
      d.fetchFn,
      url.toString(),
      { method, headers, body: payload },
      d.timeoutMs ?? 60_000,
    );
    const { res, body, readable } = answer ?? { res: null, body: null, readable: true };
    if (res) {
      const f = readFault(body);
      if (isAuthFailure(res.status, f)) {
        if (!renewed) {
          renewed = true;
          token = await d.creds.renew(token);
          attempt--;
          continue;
        }
        await d.creds.revoked();
        throw new ProviderError(
          "auth_revoked",
          "QuickBooks Online refused the connection's token (AuthenticationFailed, 3200).",
          { status: 401 },
        );
      }
      if (isForbidden(res.status, f) && isOffline(f)) {
        // The app's monthly read cap (Builder tier) is spent: every tenant is refused until the
        // month turns; no reconnect fixes it, so this is a long wait, not a refusal (shape UNVERIFIED).
        throw new ProviderError(
          "rate_limited",
          "QuickBooks Online took the app offline: its monthly read allowance is spent.",
          {
            retryAfterMs: OFFLINE_WAIT_MS,
            limit: "month",
            status: 403,
          },
        );
      }
      if (isForbidden(res.status, f)) {
        await d.creds.refused();
        const why = f?.errors[0]?.detail || f?.errors[0]?.message || "ApplicationAuthorizationFailed";
        throw new ProviderError("auth_scope", `QuickBooks Online refused access (3100): ${why}`, {
          status: 403,
        });
      }
      if (res.ok && readable && !f) return body as T;
      if (readable && res.status < 500) throw faultToError(res.status, f, isRead(req));
    }
    const delay = retryDelay(attempt, retryable);
    if (delay === undefined)
      throw new ProviderError(
        "transient",
        res
          ? `QuickBooks Online answered ${res.status}${readable ? "" : " with an unreadable body"}.`
          : "QuickBooks Online could not be reached (or did not answer in time).",
        res ? { status: res.status } : {},
      );
    await d.sleep(delay);
  }
}

/** Runs a query (GET /query?query=…): Intuit's SQL dialect. */
export const qboQuery = <T = unknown>(d: QboClientDeps, query: string) =>
  qboCall<T>(d, { path: "/query", query: { query } });

/** Quotes a value for a query literal (Intuit escapes `'` with a backslash). */
export const qboLiteral = (v: string) => `'${v.replace(/'/g, "\\'")}'`;
