// Idempotency-Key on PUT/POST, as Xero keeps it — including the unpleasant parts:
// - the first answer for a key is stored and replayed (status and body) without applying anything
//   again, and that includes error answers: a retry of a request that got a 400 gets the same 400
//   for as long as the key is remembered, even if the request would now succeed;
// - keys belong to the app (OAuth client), not to one organisation: the same key sent by the same
//   app for another organisation, or with another method, path or body, is refused;
// - answers are kept for minutes only (IDEMPOTENCY_WINDOW_MS); after that a retry with the same key
//   is a NEW request and is applied again (a payment is made twice);
// - a key longer than 128 characters is refused.
// @see https://developer.xero.com/documentation/guides/idempotent-requests/idempotent-requests

import type { MiddlewareHandler } from "hono";
import type { EmulatorState } from "../state.ts";
import type { AccountingEnv } from "./env.ts";

/** Longest Idempotency-Key Xero accepts. */
export const MAX_IDEMPOTENCY_KEY = 128;

/** How long Xero remembers a key's answer (about 6 minutes per app, by Xero's guide). */
export const IDEMPOTENCY_WINDOW_MS = 6 * 60_000;

const inFlight = new WeakMap<EmulatorState, Map<string, Promise<void>>>();

function refusal(message: string): Response {
  const body = { ErrorNumber: 10, Type: "ValidationException", Message: message };
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** Middleware that stores and replays answers to PUT/POST requests carrying an Idempotency-Key. */
export function idempotency(state: EmulatorState): MiddlewareHandler<AccountingEnv> {
  return async (c, next) => {
    const key = c.req.header("Idempotency-Key");
    if ((c.req.method !== "PUT" && c.req.method !== "POST") || key === undefined) return next();
    if (key.length > MAX_IDEMPOTENCY_KEY) {
      c.res = refusal(`Idempotency-Key must be ${MAX_IDEMPOTENCY_KEY} characters or fewer`);
      return;
    }
    const org = c.get("org");
    const slot = `${c.get("auth")?.clientId ?? ""}\n${key}`;
    let running = inFlight.get(state);
    if (!running) {
      running = new Map();
      inFlight.set(state, running);
    }
    // Requests with the same key run one after another: a retry arriving while the first is still
    // running waits for it, then gets its stored answer. (Set up before any await.)
    const previous = running.get(slot) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chain = previous.then(() => mine);
    running.set(slot, chain);
    await previous;
    try {
      const fingerprint = `${org.tenantId} ${c.req.method} ${c.req.path}\n${await c.req.text()}`;
      let stored = state.idempotency.get(slot);
      if (stored && state.clock.now() - stored.at >= IDEMPOTENCY_WINDOW_MS) {
        state.idempotency.delete(slot);
        stored = undefined;
      }
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
        state.idempotency.set(slot, {
          fingerprint,
          status: c.res.status,
          body: await c.res.clone().text(),
          contentType: c.res.headers.get("content-type") ?? "application/json; charset=utf-8",
          at: state.clock.now(),
        });
      }
    } finally {
      release();
      if (running.get(slot) === chain) running.delete(slot);
    }
  };
}
