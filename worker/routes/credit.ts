import { z } from "@hono/zod-openapi";
import { CreditLookup } from "../../shared/credit-api.ts";
import { requireEmbedToken } from "../auth/middleware.ts";
import { AppError } from "../errors.ts";
import { answers, routeApp, widgetRoute } from "../openapi.ts";
import { lookupCredit } from "../sync/read-model.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";

/** An AGG SMART account reference as it may appear in a path. */
export const Ref = z
  .string()
  .trim()
  .min(1, "customer reference is empty")
  .max(200, "customer reference is too long");

/**
 * The job's value as a plain decimal ("450", "450.00", "10,000.50"); blank = no job check. The
 * organisation's currency (known after the lookup) may still refuse more decimals than it has.
 */
export const JOB_VALUE_PATTERN = /^(?:(?:\d{1,12}|\d{1,3}(?:,\d{3}){1,3})(?:\.\d{1,3})?)?$/;
export const JobValue = z
  .string()
  .regex(
    JOB_VALUE_PATTERN,
    'jobValue is a plain amount such as "450.00" (digits, optional "," groups and ".")',
  )
  .optional()
  .openapi({ example: "450.00" });

const params = z.object({ ref: Ref });
const query = z.object({ jobValue: JobValue });

const getRoute = widgetRoute({
  method: "get",
  path: "/api/customers/{ref}/credit",
  summary: "A customer's credit position and verdict (widget; read model only, never the accounting system)",
  request: { params, query },
  responses: answers(CreditLookup, "Credit lookup", 400, 401),
});

const refreshRoute = widgetRoute({
  method: "post",
  path: "/api/customers/{ref}/refresh",
  summary:
    "Re-read one customer from the accounting system now (rate-limited per customer and per tenant; a ref the read model does not know is answered without a call), then answer as GET credit",
  request: { params, query },
  responses: answers(CreditLookup, "Credit lookup after refresh", 400, 401, 429, 503),
});

/** Widget routes for the credit badge. */
export const credit = routeApp();
credit.use("/api/customers/*", requireEmbedToken());

credit.openapi(getRoute, async (c) => {
  const { ref } = c.req.valid("param");
  const { jobValue } = c.req.valid("query");
  const { tenant, role } = c.get("auth");
  const lookup = await lookupCredit(c.env.KV, tenant, ref, {
    jobValue,
    includeLimitProblem: role === "admin",
    now: Date.now(),
  });
  return c.json(lookup, 200);
});

credit.openapi(refreshRoute, async (c) => {
  const { ref } = c.req.valid("param");
  const { jobValue } = c.req.valid("query");
  const { tenant, role } = c.get("auth");
  const r = unwrap(
    await tenantStub(c.env, tenant).refreshCustomer(tenant, ref, {
      jobValue,
      includeLimitProblem: role === "admin",
      now: Date.now(),
    }),
  );
  if ("retryAfterS" in r) {
    c.header("Retry-After", String(r.retryAfterS));
    throw new AppError(429, "rate_limited", r.message);
  }
  return c.json(r, 200);
});
