// Idempotency-Key on PUT/POST: the first answer for a key (per organisation) is stored and replayed,
// status and body, for every retry, without applying anything again. A key longer than 128 characters
// is refused; a key reused for a different request (method, path or body) is refused.
// @see https://developer.xero.com/documentation/guides/idempotent-requests/idempotent-requests

import type { MiddlewareHandler } from "hono";
import type { AccountingEnv } from "./env.ts";
import type { OrgData } from "./model.ts";

/** Longest Idempotency-Key Xero accepts. */
export const MAX_IDEMPOTENCY_KEY = 128;

const inFlight = new WeakMap<OrgData, Map<string, Promise<void>>>();

function refusal(message: string): Response {
  const body = { ErrorNumber: 10, Type: "ValidationException", Message: message };
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** Middleware that stores and replays answers to PUT/POST requests carrying an Idempotency-Key. */
export function idempotency(): MiddlewareHandler<AccountingEnv> {
  return async (c, next) => {
    const key = c.req.header("Idempotency-Key");
    if ((c.req.method !== "PUT" && c.req.method !== "POST") || key === undefined) return next();
    if (key.length > MAX_IDEMPOTENCY_KEY) {
      c.res = refusal(`Idempotency-Key must be ${MAX_IDEMPOTENCY_KEY} characters or fewer`);
      return;
    }
    const org = c.get("org");
    let running = inFlight.get(org);
    if (!running) {
      running = new Map();
      inFlight.set(org, running);
    }
    // Requests with the same key run one after another: a retry arriving while the first is still
    // running waits for it, then gets its stored answer. (Set up before any await.)
    const previous = running.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chain = previous.then(() => mine);
    running.set(key, chain);
    await previous;
    try {
      const fingerprint = `${c.req.method} ${c.req.path}\n${await c.req.text()}`;
      const stored = org.idempotency.get(key);
      if (stored) {
        c.res =
          stored.fingerprint === fingerprint
            ? new Response(stored.body, {
                status: stored.status,
                headers: { "content-type": stored.contentType },
              })
            : refusal(`Idempotency Key: ${key} is used with a different request.`);
        return;
      }
      await next();
      if (c.res.status < 500) {
        org.idempotency.set(key, {
          fingerprint,
          status: c.res.status,
          body: await c.res.clone().text(),
          contentType: c.res.headers.get("content-type") ?? "application/json; charset=utf-8",
        });
      }
    } finally {
      release();
      if (running.get(key) === chain) running.delete(key);
    }
  };
}
