// The network edge of the worker tests' workerd (runs in Node, wired in vitest.config.ts).
// Miniflare hands every request that leaves the worker through the real network stack to
// `blockNetwork` instead of resolving its host: nothing a worker test does can reach, or even
// look up, a real host. In-workerd routing (test/worker/outbound.ts) normally stops stray calls
// first; this catches whatever bypasses it (a captured fetch, a fresh isolate, a late alarm).

/** Shared through globalThis: the config bundle and globalSetup load this file as two modules. */
const LEDGER = Symbol.for("agg-smart.worker-tests.network-strays");

function ledger(): string[] {
  const g = globalThis as { [LEDGER]?: string[] };
  g[LEDGER] ??= [];
  return g[LEDGER];
}

/** Status of the answer to a blocked call: a 5xx, so worker code treats it as Xero being down. */
export const BLOCKED_STATUS = 502;

/** Miniflare `outboundService`: records the call and refuses it without any DNS lookup. */
export function blockNetwork(req: Request): Response {
  const call = `${req.method} ${req.url}`;
  ledger().push(call);
  return new Response(`worker tests reach no network; blocked ${call}`, { status: BLOCKED_STATUS });
}

/** Takes (and clears) the calls blocked so far. */
export function takeNetworkStrays(): string[] {
  return ledger().splice(0);
}

/**
 * Miniflare service binding `NETWORK_GUARD`: `GET /strays` answers the blocked calls as JSON
 * and clears them, so test/worker/setup.ts can fail the test that made them.
 */
export function networkGuardControl(req: Request): Response {
  if (new URL(req.url).pathname !== "/strays") return new Response("not found", { status: 404 });
  return Response.json(takeNetworkStrays());
}
