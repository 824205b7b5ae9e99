import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { metaKey } from "../sync/read-model.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";
import { TenantId } from "../tenant/tenant-id.ts";
import { xeroConfig } from "../xero/config.ts";

/**
 * Comparison routes for test/bench/badge.ts, mounted only by worker/bench-entry.ts (the benchmark
 * stack's entry; worker/index.ts never imports this file): `kv-floor` does one KV read (the floor
 * any read-model route pays), `naive` asks Xero live for the customer on every call (what the
 * product avoids). The one file outside worker/xero/ that names Xero: the naive route is, by
 * definition, a live Xero call, and it is never deployed.
 */
export const bench = new Hono<AppEnv>();

bench.get("/bench/kv-floor/:tenant", async (c) => {
  const tenant = TenantId.parse(c.req.param("tenant"));
  return c.json({ meta: await c.env.KV.get(metaKey(tenant), "json") });
});

bench.get("/bench/naive/:tenant/:ref", async (c) => {
  const tenant = TenantId.parse(c.req.param("tenant"));
  const ref = c.req.param("ref");
  const { token, orgRef } = unwrap(await tenantStub(c.env, tenant).accessToken(tenant));
  const url = new URL(`${xeroConfig(c.env).apiUrl}/api.xro/2.0/Contacts`);
  url.searchParams.set("where", `ContactNumber=="${ref.replace(/"/g, "")}"`);
  url.searchParams.set("page", "1");
  const res = await fetch(url, {
    headers: { Authorization: `Bearer ${token}`, "xero-tenant-id": orgRef, Accept: "application/json" },
  });
  if (!res.ok) throw new AppError(502, "upstream_error", `Xero answered ${res.status}`);
  const body = z.object({ Contacts: z.array(z.looseObject({ Name: z.string() })) }).parse(await res.json());
  return c.json({ found: body.Contacts.length, contact: body.Contacts[0] ?? null });
});
