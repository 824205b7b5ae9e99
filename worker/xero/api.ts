import { fetchJson, retryDelay } from "../provider/http.ts";
import type { SessionCredentials } from "../provider/provider.ts";
import type { FetchFn, XeroConfig } from "./config.ts";

/**
 * The tenant's credentials as the provider seam hands them over (orgRef = xero-tenant-id).
 * `renew` after a 401 TokenExpired; `revoked` on 403 AuthenticationUnsuccessful (the organisation
 * is no longer connected); `refused` on 401 AuthorizationUnsuccessful (a scope or the user's role
 * is missing, permanent).
 */
export type XeroCredentials = SessionCredentials;

/** What a 401 means. Only `expired` (or an unrecognised 401) is worth a refresh and one retry. */
export type Unauthorized = "expired" | "authorization" | "unknown";

/**
 * Tells Xero's two 401s apart by the problem body's `Detail` (and `WWW-Authenticate`):
 * `TokenExpired: …` → refresh; `AuthorizationUnsuccessful` → a missing scope or role, which no
 * refresh fixes. @see ../../shared/XERO-FACTS.md "401 has two meanings"
 */
export function unauthorizedKind(body: unknown, wwwAuthenticate: string | null): Unauthorized {
  const detail = (body as { Detail?: unknown } | null)?.Detail;
  const text = `${typeof detail === "string" ? detail : ""} ${wwwAuthenticate ?? ""}`;
  if (/AuthorizationUnsuccessful|insufficient_scope/i.test(text)) return "authorization";
  if (/TokenExpired|expired/i.test(text)) return "expired";
  return "unknown";
}

/** Remaining call budgets Xero reported on the last response. */
export interface RateBudget {
  day?: number;
  minute?: number;
  appMinute?: number;
  /** When Xero said so (ms since epoch); a minute budget older than a minute says nothing. */
  at?: number;
  /** When the day window resets, as a `day` 429's Retry-After said (Xero does not publish the time). */
  dayResetAt?: number;
}

/** Xero said 429: wait `retryAfterMs` before the next call. */
export class RateLimited extends Error {
  readonly retryAfterMs: number;
  readonly problem: string;
  constructor(retryAfterMs: number, problem: string) {
    super(`Xero rate limit (${problem}): retry after ${Math.round(retryAfterMs / 1000)} s`);
    this.retryAfterMs = retryAfterMs;
    this.problem = problem;
  }
}

/** A Xero API failure with a category callers can act on. */
export class XeroApiError extends Error {
  readonly kind: "not_connected" | "transient" | "validation" | "not_found" | "rejected";
  readonly status: number;
  readonly messages: string[];
  constructor(kind: XeroApiError["kind"], status: number, message: string, messages: string[] = []) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.messages = messages;
  }
}

export interface XeroRequest {
  method?: "GET" | "POST" | "PUT";
  /** Path under /api.xro/2.0, e.g. "/Contacts". */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  ifModifiedSince?: number;
  body?: unknown;
  idempotencyKey?: string;
}

export interface XeroClientDeps {
  cfg: XeroConfig;
  fetchFn: FetchFn;
  creds: XeroCredentials;
  sleep(ms: number): Promise<void>;
  /** Told about every response's remaining budget (for pacing). */
  onBudget?(b: RateBudget): void;
}

const num = (h: Headers, name: string): number | undefined => {
  const v = h.get(name);
  return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
};

function validationMessages(body: unknown): string[] {
  const elements =
    (body as { Elements?: { ValidationErrors?: { Message?: string }[] }[] } | null)?.Elements ?? [];
  return elements.flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message ?? "")).filter(Boolean);
}

/**
 * One Xero Accounting API call: JSON in and out, `xero-tenant-id`, a single retry after a 401
 * with a renewed token (not after AuthorizationUnsuccessful: permanent), 403 → not connected, 429 → RateLimited (never retried here: the caller
 * owns the schedule), 5xx / network / unreadable JSON → retried twice, then `transient`.
 * @see https://developer.xero.com/documentation/api/accounting/overview
 */
export async function xeroCall<T = unknown>(d: XeroClientDeps, req: XeroRequest): Promise<T> {
  const url = new URL(`${d.cfg.apiUrl}/api.xro/2.0${req.path}`);
  for (const [k, v] of Object.entries(req.query ?? {}))
    if (v !== undefined) url.searchParams.set(k, String(v));
  let { token, orgRef: xeroTenantId } = await d.creds.token();
  let renewed = false;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      "xero-tenant-id": xeroTenantId,
      Accept: "application/json",
    };
    // Xero documents UTC yyyy-mm-ddThh:mm:ss and xero-node sends toISOString(); a strict server ignores an HTTP date.
    if (req.ifModifiedSince !== undefined)
      headers["If-Modified-Since"] = new Date(req.ifModifiedSince).toISOString();
    if (req.body !== undefined) headers["Content-Type"] = "application/json";
    if (req.idempotencyKey) headers["Idempotency-Key"] = req.idempotencyKey;
    const answer = await fetchJson(d.fetchFn, url.toString(), {
      method: req.method ?? "GET",
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    const { res, body, readable } = answer ?? { res: null, body: null, readable: true };
    if (res) {
      d.onBudget?.({
        day: num(res.headers, "X-DayLimit-Remaining"),
        minute: num(res.headers, "X-MinLimit-Remaining"),
        appMinute: num(res.headers, "X-AppMinLimit-Remaining"),
      });
      if (
        res.status === 401 &&
        unauthorizedKind(body, res.headers.get("WWW-Authenticate")) === "authorization"
      ) {
        await d.creds.refused();
        throw new XeroApiError(
          "not_connected",
          401,
          "Xero refused access: a permission or scope is missing (AuthorizationUnsuccessful).",
        );
      }
      if (res.status === 401 && !renewed) {
        renewed = true;
        token = await d.creds.renew(token);
        attempt--;
        continue;
      }
      if (res.status === 403) {
        await d.creds.revoked();
        throw new XeroApiError(
          "not_connected",
          403,
          "The organisation is no longer connected to this app in Xero.",
        );
      }
      if (res.status === 401) throw new XeroApiError("not_connected", 401, "Xero refused the access token.");
      if (res.status === 429) {
        const after = num(res.headers, "Retry-After") ?? 60;
        throw new RateLimited(
          after * 1000,
          (res.headers.get("X-Rate-Limit-Problem") ?? "unknown").toLowerCase(),
        );
      }
      if (res.ok && readable) return body as T;
      if (res.status === 400) {
        const messages = validationMessages(body);
        throw new XeroApiError("validation", 400, messages[0] ?? "Xero rejected the request.", messages);
      }
      if (res.status === 404) throw new XeroApiError("not_found", 404, "Xero has no such record.");
      if (res.status < 500 && readable)
        throw new XeroApiError("rejected", res.status, `Xero answered ${res.status}.`);
    }
    // Writes are retried only when an Idempotency-Key makes a retry safe.
    const retryable = (req.method ?? "GET") === "GET" || !!req.idempotencyKey;
    const delay = retryDelay(attempt, retryable);
    if (delay === undefined) {
      throw new XeroApiError(
        "transient",
        res?.status ?? 0,
        res
          ? `Xero answered ${res.status}${readable ? "" : " with an unreadable body"}.`
          : "Xero could not be reached.",
      );
    }
    await d.sleep(delay);
  }
}
