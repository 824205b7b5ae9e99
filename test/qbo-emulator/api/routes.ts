// The Accounting API under /v3/company/{realmId}: query (GET ?query= / POST application/text),
// entity reads by id, companyinfo, preferences, cdc and POST payment. Auth, limits, faults and
// requestid replay are middlewares mounted in index.ts.

import { type Context, Hono } from "hono";
import { intuitDateTime } from "../format.ts";
import type { QboState } from "../state.ts";
import type { ApiVariables } from "./auth.ts";
import { CdcParamError, parseCdcParams, runCdc } from "./cdc.ts";
import { queryParserError, queryValidationError, validation } from "./errors.ts";
import { createPayment } from "./payment.ts";
import { runQuery } from "./query-exec.ts";
import { parseQuery, QueryParserError, QueryValidationError } from "./query-parse.ts";
import {
  accountJson,
  companyInfoJson,
  customerJson,
  invoiceJson,
  paymentJson,
  preferencesJson,
} from "./serialize.ts";

type Env = { Variables: ApiVariables };

/** The API routes; mount at /v3/company/:realmId. */
export function apiRoutes(state: QboState): Hono<Env> {
  const app = new Hono<Env>();
  const time = () => intuitDateTime(state.clock.now(), true);
  const answer = (c: Context<Env>, body: Record<string, unknown>) => c.json({ ...body, time: time() }, 200);

  const query = (c: Context<Env>, text: string | undefined) => {
    const now = state.clock.now();
    if (!text?.trim()) return queryParserError(c, now, "Encountered <EOF>. Was expecting: SELECT");
    try {
      return answer(c, { QueryResponse: runQuery(c.get("company"), parseQuery(text)) });
    } catch (e) {
      if (e instanceof QueryParserError) return queryParserError(c, now, e.message);
      if (e instanceof QueryValidationError) return queryValidationError(c, now, e.message);
      throw e;
    }
  };
  app.get("/query", (c) => query(c, c.req.query("query")));
  app.post("/query", async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/text\b/i.test(type) && !/^text\/plain\b/i.test(type))
      return validation(
        c,
        state.clock.now(),
        "2010",
        "Request has invalid or unsupported property",
        "POST /query needs Content-Type: application/text",
        "Content-Type",
      );
    return query(c, await c.req.text());
  });

  app.get("/companyinfo/:id", (c) => {
    const co = c.get("company");
    if (c.req.param("id") !== co.realmId) return notFound(c, `CompanyInfo ${c.req.param("id")}`);
    return answer(c, { CompanyInfo: companyInfoJson(co) });
  });
  app.get("/preferences", (c) => answer(c, { Preferences: preferencesJson(c.get("company")) }));

  app.get("/customer/:id", (c) => {
    const co = c.get("company");
    const x = co.customers.get(c.req.param("id"));
    return x ? answer(c, { Customer: customerJson(co, x) }) : notFound(c, `Customer ${c.req.param("id")}`);
  });
  app.get("/invoice/:id", (c) => {
    const co = c.get("company");
    const x = co.invoices.get(c.req.param("id"));
    return x ? answer(c, { Invoice: invoiceJson(co, x) }) : notFound(c, `Invoice ${c.req.param("id")}`);
  });
  app.get("/payment/:id", (c) => {
    const co = c.get("company");
    const x = co.payments.get(c.req.param("id"));
    return x ? answer(c, { Payment: paymentJson(co, x) }) : notFound(c, `Payment ${c.req.param("id")}`);
  });
  app.get("/account/:id", (c) => {
    const x = c.get("company").accounts.get(c.req.param("id"));
    return x ? answer(c, { Account: accountJson(x) }) : notFound(c, `Account ${c.req.param("id")}`);
  });

  app.get("/cdc", (c) => {
    const now = state.clock.now();
    try {
      const p = parseCdcParams(c.req.query("entities"), c.req.query("changedSince"), now);
      return answer(c, runCdc(c.get("company"), p.entities, p.since, now));
    } catch (e) {
      if (e instanceof CdcParamError)
        return validation(
          c,
          now,
          "2010",
          "Request has invalid or unsupported property",
          e.message,
          e.element,
        );
      throw e;
    }
  });

  app.post("/payment", (c) => createPayment(c, state, c.get("company")));

  const notFound = (c: Context<Env>, what: string) =>
    validation(c, state.clock.now(), "610", "Object Not Found", `Object Not Found : ${what} does not exist`);

  app.notFound((c) =>
    validation(
      c as Context<Env>,
      state.clock.now(),
      "500",
      "Unsupported Operation",
      `Operation ${c.req.method} ${c.req.path} is not supported.`,
    ),
  );
  return app;
}
