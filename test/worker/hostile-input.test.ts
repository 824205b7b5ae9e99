import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import * as zm from "zod/mini";
import { PaymentPush } from "../../shared/payments.ts";
import benchWorker from "../../worker/bench-entry.ts";
import production from "../../worker/index.ts";
import { JOB_VALUE_PATTERN } from "../../worker/routes/credit.ts";
import { WORKER } from "./connect-helpers.ts";
import { bearer, embedToken } from "./tokens.ts";

// Hostile or odd input is a 4xx with a message, never a 500 — and it is refused before any
// lookup, so the answer does not depend on the tenant's state.

const SERVER = bearer("test-server-api-key");

/** Every widget API route (embed token), with a body where it needs one. */
const WIDGET_ROUTES: [string, string, string?][] = [
  ["GET", "/api/connection"],
  ["POST", "/api/connection/start"],
  ["DELETE", "/api/connection"],
  ["GET", "/api/customers/ACME01/credit"],
  ["POST", "/api/customers/ACME01/refresh"],
  ["GET", "/api/jobs/J-1/payment"],
  ["GET", "/api/settings"],
  ["PUT", "/api/settings", "{}"],
  ["GET", "/api/settings/bank-accounts"],
  ["POST", "/api/settings/webhook-secret"],
];

async function call(method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await SELF.fetch(`${WORKER}${path}`, {
    method,
    headers: {
      Origin: "https://host.test",
      ...(body ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body,
  });
  const json = (await res.json()) as {
    error?: {
      code: string;
      message: string;
      details?: { reason?: string; path?: string }[] | { reason?: string };
    };
  };
  return { status: res.status, error: json.error, json };
}

describe("hostile tenant claims in the embed token", () => {
  const hostile: [string, string][] = [
    ["a lone surrogate", "\ud800"],
    ["300 non-ASCII characters", "é".repeat(300)],
    ["129 ASCII characters", "a".repeat(129)],
    ["an empty string", ""],
    ["a path", "../x"],
    ["a space", "tenant a"],
  ];
  for (const [what, tenant] of hostile) {
    it(`${what}: every widget route answers 401 invalid_claims, never a 500`, async () => {
      const token = await embedToken({ tenant });
      for (const [method, path, body] of WIDGET_ROUTES) {
        const r = await call(method, path, bearer(token), body);
        expect({ route: `${method} ${path}`, status: r.status }).toEqual({
          route: `${method} ${path}`,
          status: 401,
        });
        expect(r.error?.code).toBe("unauthorized");
        expect((r.error?.details as { reason?: string }).reason).toBe("invalid_claims");
        expect(r.error?.message).toMatch(/tenant/);
      }
    });
  }

  it("the longest valid tenant id works on every widget route (no KV key over 512 bytes)", async () => {
    const token = await embedToken({ tenant: ":".repeat(128), role: "admin" });
    for (const [method, path, body] of WIDGET_ROUTES) {
      const r = await call(method, path, bearer(token), body);
      expect({ route: `${method} ${path}`, status: r.status < 500 }).toEqual({
        route: `${method} ${path}`,
        status: true,
      });
    }
  });
});

describe("validation before lookup: a malformed param or body is a 400 with a message", () => {
  const cases: [string, string, string, Record<string, string> | "widget", string?][] = [
    [
      "widget credit, jobValue=abc (tenant not connected)",
      "GET",
      "/api/customers/ACME01/credit?jobValue=abc",
      "widget",
    ],
    ["widget refresh, jobValue=abc", "POST", "/api/customers/ACME01/refresh?jobValue=abc", "widget"],
    ["widget credit, blank ref", "GET", "/api/customers/%20%20/credit", "widget"],
    ["widget credit, ref too long", "GET", `/api/customers/${"R".repeat(201)}/credit`, "widget"],
    ["widget job, job ref too long", "GET", `/api/jobs/${"J".repeat(101)}/payment`, "widget"],
    ["settings, wrong types", "PUT", "/api/settings", "widget", '{"warningThreshold":"lots"}'],
    ["settings, not JSON", "PUT", "/api/settings", "widget", "{nope"],
    [
      "server credit, jobValue=abc (tenant not connected)",
      "GET",
      "/v1/tenants/tenant-z/customers/ACME01/credit?jobValue=abc",
      SERVER,
    ],
    [
      "server credit, jobValue=1e3",
      "GET",
      "/v1/tenants/tenant-z/customers/ACME01/credit?jobValue=1e3",
      SERVER,
    ],
    ["server credit, bad tenant", "GET", "/v1/tenants/b%C3%A9/customers/ACME01/credit", SERVER],
    ["server sync status, bad tenant", "GET", `/v1/tenants/${"t".repeat(129)}/sync`, SERVER],
    ["server sync request, bad tenant", "POST", "/v1/tenants/%2E%2E%2Fx/sync", SERVER],
    ["server job payment, bad tenant", "GET", "/v1/tenants/a%20b/jobs/J-1/payment", SERVER],
    ["server payment push, empty body", "POST", "/v1/tenants/tenant-z/jobs/J-1/payments", SERVER, "{}"],
    [
      "server payment push, amount not a decimal",
      "POST",
      "/v1/tenants/tenant-z/jobs/J-1/payments",
      SERVER,
      '{"paymentId":"p1","amount":"12,0","date":"2026-01-01"}',
    ],
    ["server payment push, not JSON", "POST", "/v1/tenants/tenant-z/jobs/J-1/payments", SERVER, "{nope"],
    ["server events, bad cursor", "GET", "/v1/tenants/tenant-z/events?after=abc", SERVER],
    ["server events, limit 0", "GET", "/v1/tenants/tenant-z/events?limit=0", SERVER],
  ];
  for (const [what, method, path, auth, body] of cases) {
    it(what, async () => {
      const headers = auth === "widget" ? bearer(await embedToken({ tenant: "tenant-z" })) : auth;
      const r = await call(method, path, headers, body);
      expect(r.status).toBe(400);
      expect(["validation_failed", "bad_request"]).toContain(r.error?.code);
      expect(r.error?.message.length).toBeGreaterThan(5);
    });
  }

  it("names the bad fields in details", async () => {
    const r = await call("POST", "/v1/tenants/tenant-z/jobs/J-1/payments", SERVER, '{"paymentId":"p 1"}');
    expect(r.error?.code).toBe("validation_failed");
    const paths = (r.error?.details as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(["amount", "date", "paymentId"]);
  });

  it("a valid jobValue on a tenant that is not connected is still answered (not_connected)", async () => {
    const r = await call("GET", "/v1/tenants/tenant-z/customers/ACME01/credit?jobValue=10,000.50", SERVER);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ state: "not_connected" });
  });
});

describe("the OpenAPI document publishes the constraints the handlers enforce", () => {
  type Param = {
    name: string;
    in: string;
    schema: { pattern?: string; maxLength?: number; minimum?: number };
  };
  type Op = {
    parameters?: Param[];
    requestBody?: {
      content: Record<string, { schema: { properties?: Record<string, { pattern?: string }> } }>;
    };
  };
  const doc = async () =>
    (await (await SELF.fetch(`${WORKER}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Op>>;
    };
  const param = (op: Op | undefined, name: string) => op?.parameters?.find((p) => p.name === name)?.schema;

  it("jobValue, tenant, ref, limit", async () => {
    const { paths } = await doc();
    const server = paths["/v1/tenants/{tenant}/customers/{ref}/credit"]?.get;
    const widget = paths["/api/customers/{ref}/credit"]?.get;
    expect(param(server, "jobValue")?.pattern).toBe(JOB_VALUE_PATTERN.source);
    expect(param(widget, "jobValue")?.pattern).toBe(JOB_VALUE_PATTERN.source);
    expect(param(server, "tenant")).toMatchObject({ pattern: "^[\\w.:-]+$", maxLength: 128 });
    expect(param(widget, "ref")).toMatchObject({ maxLength: 200 });
    expect(param(paths["/v1/tenants/{tenant}/events"]?.get, "limit")).toMatchObject({ minimum: 1 });
  });

  it("request bodies: payment push and settings", async () => {
    const { paths } = await doc();
    const push = paths["/v1/tenants/{tenant}/jobs/{job}/payments"]?.post?.requestBody;
    // Built from shared/payments.ts, so the published rules are the contract's, field by field.
    const shared = zm.toJSONSchema(PaymentPush) as { properties: Record<string, { pattern?: string }> };
    const published = push?.content["application/json"]?.schema.properties;
    for (const field of ["paymentId", "amount", "date"])
      expect(published?.[field]?.pattern).toBe(shared.properties[field]?.pattern);
    const put = paths["/api/settings"]?.put?.requestBody;
    expect(Object.keys(put?.content["application/json"]?.schema.properties ?? {})).toEqual(
      expect.arrayContaining(["webhookUrl", "warningThreshold", "pushPayments"]),
    );
  });
});

describe("/bench/* is not part of the production worker", () => {
  async function get(worker: ExportedHandler<typeof env>, path: string, vars: Record<string, string>) {
    const ctx = createExecutionContext();
    const fetch = worker.fetch as NonNullable<ExportedHandler<typeof env>["fetch"]>;
    const res = await fetch(new Request(`${WORKER}${path}`) as never, { ...env, ...vars }, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it.each(["/bench/kv-floor/tenant-a", "/bench/naive/tenant-a/ACME01"])(
    "answers 404 for %s even with BENCH_ROUTES=1",
    async (path) => {
      const res = await get(production, path, { BENCH_ROUTES: "1" });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    },
  );

  it("the benchmark entry has them", async () => {
    const res = await get(benchWorker, "/bench/kv-sizes/tenant-a/ACME01", {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ meta: 0, bucket: 0 });
  });

  it("the benchmark entry mounts the provider's naive route (an unconnected tenant: no call, not a 404)", async () => {
    const res = await get(benchWorker, "/bench/naive/tenant-a/ACME01", {});
    expect(res.status).not.toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_connected" } });
  });
});

describe("AGG SMART webhook URL: public https unless the worker runs locally", () => {
  async function put(webhookUrl: string, vars: Record<string, string> = {}) {
    const ctx = createExecutionContext();
    const fetch = production.fetch as NonNullable<ExportedHandler<typeof env>["fetch"]>;
    const req = new Request(`${WORKER}/api/settings`, {
      method: "PUT",
      headers: {
        ...bearer(await embedToken({ tenant: `t-${crypto.randomUUID()}` })),
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ webhookUrl }),
    });
    const res = await fetch(req as never, { ...env, ...vars }, ctx);
    await waitOnExecutionContext(ctx);
    return {
      status: res.status,
      body: (await res.json()) as { error?: { message: string; details?: { path: string }[] } },
    };
  }

  it.each([
    "http://hooks.aggsmart.example/x",
    "https://127.0.0.1/x",
    "https://2130706433/x",
    "https://[::ffff:127.0.0.1]/x",
    "https://169.254.169.254/latest",
    "https://10.1.2.3/x",
    "https://localhost:8790/x",
  ])("production refuses %s with a 400 naming webhookUrl", async (url) => {
    const r = await put(url);
    expect(r.status).toBe(400);
    expect(r.body.error?.details?.map((d) => d.path)).toEqual(["webhookUrl"]);
    expect(r.body.error?.message).toMatch(/https|public address/);
  });

  it("production accepts a public https receiver", async () => {
    expect((await put("https://hooks.aggsmart.example/x")).status).toBe(200);
  });

  it("LOCAL_DEV=1 (the local stack) accepts an http loopback receiver, but still no private network", async () => {
    expect((await put("http://127.0.0.1:8790/hooks", { LOCAL_DEV: "1" })).status).toBe(200);
    expect((await put("http://localhost:8790/hooks", { LOCAL_DEV: "1" })).status).toBe(200);
    expect((await put("http://10.0.0.5/hooks", { LOCAL_DEV: "1" })).status).toBe(400);
  });
});
