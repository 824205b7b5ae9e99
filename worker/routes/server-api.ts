import { z } from "@hono/zod-openapi";
import * as zm from "zod/mini";
import { CreditLookup } from "../../shared/credit-api.ts";
import { answers, errors, json, routeApp, serverRoute, TenantPath } from "../openapi.ts";
import { lookupCredit } from "../sync/read-model.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";
import { JobValue, Ref } from "./credit.ts";

const creditRoute = serverRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/customers/{ref}/credit",
  summary: "Credit position + verdict for AGG SMART's server (e.g. to refuse over-limit jobs)",
  request: {
    params: TenantPath.extend({ ref: Ref }),
    query: z.object({ jobValue: JobValue }),
  },
  responses: answers(CreditLookup, "Credit lookup", 400, 401),
});

const syncRoute = serverRoute({
  method: "post",
  path: "/v1/tenants/{tenant}/sync",
  summary: "Ask for a sync now (runs in the tenant's object within seconds)",
  request: { params: TenantPath },
  responses: {
    202: json(zm.object({ queued: zm.literal(true) }), "Sync scheduled"),
    ...errors(400, 401, 409),
  },
});

const SyncStatusSchema = zm.object({
  connected: zm.boolean(),
  phase: zm.string(),
  lastSyncedAt: zm.nullable(zm.string()),
  nextRunAt: zm.nullable(zm.string()),
  contacts: zm.int(),
  invoices: zm.int(),
});
const syncStatusRoute = serverRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/sync",
  summary: "Where the tenant's sync stands (phase, last synced, counts)",
  request: { params: TenantPath },
  responses: answers(SyncStatusSchema, "Sync status", 400, 401),
});

/** Server API (AGG SMART's backend → worker), every path tenant-scoped; app.ts requires SERVER_API_KEY on /v1/*. */
export const serverApi = routeApp();

serverApi.openapi(creditRoute, async (c) => {
  const { tenant, ref } = c.req.valid("param");
  const { jobValue } = c.req.valid("query");
  return c.json(
    await lookupCredit(c.env.KV, tenant, ref, { jobValue, includeLimitProblem: true, now: Date.now() }),
    200,
  );
});

serverApi.openapi(syncStatusRoute, async (c) => {
  const { tenant } = c.req.valid("param");
  return c.json(await tenantStub(c.env, tenant).syncStatus(tenant), 200);
});

serverApi.openapi(syncRoute, async (c) => {
  const { tenant } = c.req.valid("param");
  return c.json(unwrap(await tenantStub(c.env, tenant).requestSync(tenant)), 202);
});
