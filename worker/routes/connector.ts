import { Hono } from "hono";
import {
  SAGE50_BATCHES_PATH,
  SAGE50_CHECK_PATH,
  SAGE50_MAX_BODY_BYTES,
} from "../../shared/sage50-protocol.ts";
import type { AppEnv } from "../env.ts";
import { AppError } from "../errors.ts";
import { ProviderError } from "../provider/errors.ts";
import { providerFor } from "../provider/registry.ts";
import { readBody } from "../sage50/body.ts";
import { bearerOf, tenantOfKey } from "../sage50/key.ts";
import { unwrap } from "../tenant/result.ts";
import { tenantStub } from "../tenant/stub.ts";

// The Sage 50 connector's endpoints (connector/sage50/PROTOCOL.md). The connector key names its
// tenant, so a push goes straight to that tenant's object, which holds the key's hash and decides.

const REFUSED =
  "The connector key is missing or not valid: copy the current key from AGG SMART Admin → Accounts.";

/** The tenant and key of a request whose Bearer key that tenant accepts; throws 401 otherwise. */
async function authorised(env: AppEnv["Bindings"], header: string | undefined) {
  const key = bearerOf(header);
  const tenant = tenantOfKey(key);
  if (!key || !tenant || !(await tenantStub(env, tenant).connectorCheck(tenant, key)))
    throw new AppError(401, "unauthorized", REFUSED);
  return { tenant, key };
}

/** `GET /connector/sage50/check` and `POST /connector/sage50/batches`. */
export const connector = new Hono<AppEnv>()
  .get(SAGE50_CHECK_PATH, async (c) => {
    await authorised(c.env, c.req.header("Authorization"));
    return c.json({ ok: true as const }, 200);
  })
  .post(SAGE50_BATCHES_PATH, async (c) => {
    const { tenant, key } = await authorised(c.env, c.req.header("Authorization"));
    const read = await readBody(c.req.raw.body, c.req.header("Content-Encoding"), SAGE50_MAX_BODY_BYTES);
    if ("status" in read) throw new AppError(read.status, "bad_request", read.message);
    let json: unknown;
    try {
      json = JSON.parse(read.text);
    } catch {
      throw new AppError(400, "bad_request", "The batch is not JSON.");
    }
    const push = providerFor("sage50").push;
    if (!push) throw new AppError(404, "not_found", "Sage 50 is not available on this server.");
    const batch = push.parse(json);
    if (batch instanceof ProviderError)
      throw new AppError(
        400,
        "validation_failed",
        batch.message,
        batch.messages.map((m) => ({ message: m })),
      );
    return c.json(unwrap(await tenantStub(c.env, tenant).connectorPush(tenant, key, batch)), 200);
  });
