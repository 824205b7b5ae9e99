import type { Env } from "../env.ts";

/** The Durable Object stub of one AGG SMART tenant (one object per tenant id). */
export function tenantStub(env: Env, tenant: string) {
  return env.TENANT.get(env.TENANT.idFromName(tenant));
}
