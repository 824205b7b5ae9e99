// The `naive` comparison route of test/bench/badge.ts: the design the product avoids, asking Xero
// live for the customer on every badge call instead of reading the read model. Benchmarks only:
// worker/bench-entry.ts mounts it (through the provider registry); worker/index.ts never does, and
// building the area only when asked keeps it out of the production bundle's startup.

import { Hono } from "hono";
import * as z from "zod";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";
import { TenantId } from "../tenant/tenant-id.ts";
import { xeroConfig } from "./config.ts";

const Contacts = z.object({ Contacts: z.array(z.looseObject({ Name: z.string() })) });

/** `GET /bench/naive/:tenant/:ref`: one live Xero Contacts read by ContactNumber, with the tenant's token. */
export function xeroNaiveBench(): Hono<AppEnv> {
  const bench = new Hono<AppEnv>();
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
    const body = Contacts.parse(await res.json());
    return c.json({ found: body.Contacts.length, contact: body.Contacts[0] ?? null });
  });
  return bench;
}
