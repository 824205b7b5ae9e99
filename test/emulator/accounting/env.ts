// The Hono environment of the Accounting routes: the caller's middleware resolves the tenant.

import type { Hono } from "hono";
import type { OrgData } from "./model.ts";

/**
 * Variables the routes read: `org` is set by the auth middleware (xero-tenant-id → organisation);
 * `auth` (the access token's app) too, except in the routes-only test harness.
 */
export type AccountingEnv = { Variables: { org: OrgData; auth?: { clientId: string } } };

/** The Accounting API app type. */
export type AccountingApp = Hono<AccountingEnv>;
