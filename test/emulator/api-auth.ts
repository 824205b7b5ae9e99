// Bearer access-token and xero-tenant-id checks in front of the Accounting API (and /connections),
// with Xero's error bodies:
//   expired token      → 401 Detail "TokenExpired: token expired at MM/dd/yyyy HH:mm:ss"
//   unknown/revoked    → 401 Detail "AuthenticationUnsuccessful"
//   scope not granted, or withheld for this organisation (role changed) → 401 Detail "AuthorizationUnsuccessful"
//   tenant missing / not connected → 403 Detail "AuthenticationUnsuccessful"

import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { OrgData } from "./accounting/model.ts";
import type { AccessTokenRecord } from "./identity/model.ts";
import type { EmulatorState } from "./state.ts";

/** Hono variables the Accounting routes see. */
export type ApiVariables = { org: OrgData; auth: AccessTokenRecord };

/** Xero's problem body: `{Type, Title, Status, Detail, Instance, Extensions}`. */
export function problem(c: Context, status: ContentfulStatusCode, title: string, detail: string): Response {
  return c.json(
    {
      Type: null,
      Title: title,
      Status: status,
      Detail: detail,
      Instance: crypto.randomUUID(),
      Extensions: {},
    },
    status,
  );
}

/** "MM/dd/yyyy HH:mm:ss" in UTC, as Xero writes it in TokenExpired messages. */
export function xeroExpiryText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Checks the Bearer token; returns its record, or the 401 Xero would send. */
export function checkBearer(state: EmulatorState, c: Context): AccessTokenRecord | Response {
  const header = c.req.header("authorization") ?? "";
  const token = /^bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  const rec = token ? state.identity.accessTokens.get(token) : undefined;
  if (!rec) return problem(c, 401, "Unauthorized", "AuthenticationUnsuccessful");
  if (state.clock.now() >= rec.expiresAt) {
    return problem(c, 401, "Unauthorized", `TokenExpired: token expired at ${xeroExpiryText(rec.expiresAt)}`);
  }
  const grant = state.identity.grants.get(rec.grantId);
  if (!grant || grant.revoked) return problem(c, 401, "Unauthorized", "AuthenticationUnsuccessful");
  return rec;
}

const READ = (area: string) => [`accounting.${area}`, `accounting.${area}.read`];
const TX = ["accounting.transactions", "accounting.transactions.read"];

/** Scopes that allow this Accounting call (any one suffices); undefined = any accounting scope. */
export function requiredScopes(method: string, path: string): string[] | undefined {
  const resource = (/^\/api\.xro\/2\.0\/([^/?]+)/i.exec(path)?.[1] ?? "").toLowerCase();
  const write = method !== "GET" && method !== "HEAD";
  const pick = (read: string[]) => (write ? read.filter((s) => !s.endsWith(".read")) : read);
  switch (resource) {
    case "contacts":
    case "contactgroups":
      return pick(READ("contacts"));
    case "invoices":
    case "creditnotes":
    case "onlineinvoices":
      return pick([...READ("invoices"), ...TX]);
    case "payments":
    case "batchpayments":
    case "overpayments":
    case "prepayments":
      return pick([...READ("payments"), ...TX]);
    case "accounts":
    case "organisation":
    case "currencies":
    case "taxrates":
    case "trackingcategories":
    case "brandingthemes":
    case "items":
      return pick(READ("settings"));
    default:
      return undefined;
  }
}

function hasScope(granted: string[], method: string, path: string): boolean {
  const needed = requiredScopes(method, path);
  if (!needed) return granted.some((s) => s.startsWith("accounting."));
  return needed.some((s) => granted.includes(s));
}

/** Middleware for /api.xro/2.0/*: valid token, connected tenant, granted scope; sets `org` and `auth`. */
export function apiAuth(state: EmulatorState): MiddlewareHandler<{ Variables: ApiVariables }> {
  return async (c, next) => {
    const rec = checkBearer(state, c);
    if (rec instanceof Response) return rec;
    const tenantId = (c.req.header("xero-tenant-id") ?? "").trim().toLowerCase();
    const connected = [...state.identity.connections.values()].find(
      (x) =>
        !x.deletedAt &&
        x.clientId === rec.clientId &&
        x.userId === rec.userId &&
        x.tenantId.toLowerCase() === tenantId,
    );
    const org = [...state.orgs.values()].find((o) => o.tenantId.toLowerCase() === tenantId);
    if (!tenantId || !connected || !org) return problem(c, 403, "Forbidden", "AuthenticationUnsuccessful");
    // A role change in the organisation takes effect at once, whatever the token says.
    const withheld = connected.withheldScopes ?? [];
    const usable = withheld.includes("*") ? [] : rec.scopes.filter((s) => !withheld.includes(s));
    if (!hasScope(usable, c.req.method, c.req.path)) {
      return problem(c, 401, "Unauthorized", "AuthorizationUnsuccessful");
    }
    c.set("org", org);
    c.set("auth", rec);
    await next();
  };
}
