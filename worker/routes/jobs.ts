import { z } from "@hono/zod-openapi";
import { EventPage, JobPaymentLookup, PaymentPush, PaymentPushResult } from "../../shared/payments.ts";
import { requireEmbedToken } from "../auth/middleware.ts";
import {
  answers,
  contract,
  errors,
  json,
  routeApp,
  serverRoute,
  TenantPath,
  widgetRoute,
} from "../openapi.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";

/** An AGG SMART job number as it may appear in a path. */
const JobRef = z.string().trim().min(1, "job reference is empty").max(100, "job reference is too long");
const Cursor = z
  .string()
  .regex(/^\d{1,15}$/, "`after` is the `next` value of a previous page")
  .optional();
const Limit = z.coerce.number().int().min(1).max(500).default(100);

// One answer, two callers: the widget (tenant from its embed token) and the server (tenant in the path).
const paymentState = {
  method: "get",
  responses: answers(JobPaymentLookup, "Payment state", 400, 401),
} as const;
const widgetPaymentRoute = widgetRoute({
  ...paymentState,
  path: "/api/jobs/{job}/payment",
  summary: "A job's invoice payment state (widget)",
  request: { params: z.object({ job: JobRef }) },
});
const serverPaymentRoute = serverRoute({
  ...paymentState,
  path: "/v1/tenants/{tenant}/jobs/{job}/payment",
  summary: "A job's invoice payment state (server)",
  request: { params: TenantPath.extend({ job: JobRef }) },
});
const pushRoute = serverRoute({
  method: "post",
  path: "/v1/tenants/{tenant}/jobs/{job}/payments",
  summary:
    "Paid in AGG SMART → payment on the job's invoice in the accounting system (idempotent on paymentId)",
  description:
    'Body {paymentId, amount: "120.50", date: "YYYY-MM-DD"}; amount is a plain decimal in the invoice\'s currency, with at most its decimals (GBP 2, JPY 0, KWD 3; "10" = "10.00"). The same paymentId never pays twice: a retry of the same job, amount and date returns the first result (replayed: true), even long after a lost response. 404 no such job; 409 disabled / no bank account / already paid / paymentId used for a different job, amount or date; 422 amount above amount due, too many decimals for the currency, or invoice not approved; 503 accounting system unreachable (retry with the same paymentId). Results carry `providerPaymentId` (the older name of the same field stays, deprecated, for existing integrations).',
  request: {
    params: TenantPath.extend({ job: JobRef }),
    body: { required: true, content: { "application/json": { schema: contract(PaymentPush) } } },
  },
  responses: {
    200: json(PaymentPushResult, "Replayed: the first result for this paymentId"),
    201: json(PaymentPushResult, "Payment created (or replayed)"),
    ...errors(400, 401, 404, 409, 422, 503),
  },
});
const eventsRoute = serverRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/events",
  summary: "Ordered event feed (job.paid, job.part_paid, job.unpaid); pass `next` as `after`",
  request: {
    params: TenantPath,
    query: z.object({ after: Cursor, limit: Limit }),
  },
  responses: answers(EventPage, "Events after the cursor", 400, 401),
});

/** Job payment state (widget + server), payment push and the event feed (server). */
export const jobs = routeApp();
jobs.use("/api/jobs/*", requireEmbedToken());

jobs.openapi(widgetPaymentRoute, async (c) => {
  const { job } = c.req.valid("param");
  const { tenant } = c.get("auth");
  return c.json(await tenantStub(c.env, tenant).jobPayment(tenant, job), 200);
});

jobs.openapi(serverPaymentRoute, async (c) => {
  const { tenant, job } = c.req.valid("param");
  return c.json(await tenantStub(c.env, tenant).jobPayment(tenant, job), 200);
});

jobs.openapi(pushRoute, async (c) => {
  const { tenant, job } = c.req.valid("param");
  const { paymentId, amount, date } = c.req.valid("json");
  const result = unwrap(
    await tenantStub(c.env, tenant).pushPayment(tenant, job, { paymentId, amount, date }),
  );
  return result.replayed ? c.json(result, 200) : c.json(result, 201);
});

jobs.openapi(eventsRoute, async (c) => {
  const { tenant } = c.req.valid("param");
  const q = c.req.valid("query");
  return c.json(await tenantStub(c.env, tenant).events(tenant, Number(q.after ?? 0), q.limit ?? 100), 200);
});
