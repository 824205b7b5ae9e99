// The worker's outbound fetch inside the worker tests (runs in workerd). test/worker/setup.ts
// installs `routedFetch` as the global fetch once, before any test; the tenant Durable Object
// looks fetch up per call, so every Xero call it makes lands here. A test routes calls with
// `routeOutbound` (useEmulator does); between tests nothing is routed, so a call made by
// something that outlived its test (a sync alarm) is refused and recorded, never sent.

import { env } from "cloudflare:test";

/** Answers a request, or `undefined` when it is not for this handler. */
export type OutboundHandler = (req: Request) => Promise<Response> | undefined;

/** The real network fetch; in tests it ends at the network guard (test/worker/network-guard.ts). */
export const networkFetch: typeof fetch = globalThis.fetch.bind(globalThis);

let handler: OutboundHandler | null = null;
let where = "before the first test";
const strays: string[] = [];

/** Routes the worker's outbound calls to `h` until the current test ends. */
export function routeOutbound(h: OutboundHandler): void {
  handler = h;
}

/** The global fetch of the worker tests: the current test's handler, or a recorded refusal. */
export async function routedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const req = input instanceof Request && init === undefined ? input : new Request(input, init);
  const answer = handler?.(req);
  if (answer) return answer;
  const call = `${req.method} ${req.url} (${where})`;
  strays.push(call);
  throw new Error(`stray outbound call: ${call}; worker tests may reach only what the test routes`);
}

/** Marks the start of a test: calls from now on are attributed to it. */
export function beginTest(name: string): void {
  where = `in test "${name}"`;
}

/** Ends the test: unroutes, and returns the stray calls seen in workerd and at the network guard. */
export async function endTest(name: string): Promise<string[]> {
  handler = null;
  where = `after test "${name}"`;
  return [...strays.splice(0), ...(await networkStrays())];
}

/** Calls the network guard blocked since the last look (it lives in Node; see vitest.config.ts). */
export async function networkStrays(): Promise<string[]> {
  const guard = (env as unknown as { NETWORK_GUARD: Fetcher }).NETWORK_GUARD;
  const res = await guard.fetch("http://network-guard/strays");
  return ((await res.json()) as string[]).map((call) => `${call} (reached the network guard)`);
}

/** Throws naming every stray call, so the test (or hook) that made them fails. */
export function failOnStrays(found: string[], where: string): void {
  if (found.length === 0) return;
  throw new Error(
    `${found.length} stray outbound call(s) ${where}: worker tests may contact no host but the ones ` +
      `a test routes (useEmulator):\n  ${found.join("\n  ")}`,
  );
}
