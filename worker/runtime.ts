import type { Runtime } from "./provider/capabilities.ts";

/**
 * The real clock, network and sleep, bound once here for the tenant's Durable Object; everything
 * below it takes them injected, so tests route fetch to an emulator and move time.
 */
export const REAL_RUNTIME: Runtime = {
  now: () => Date.now(),
  // Looked up per call, so a test's outbound routing applies.
  fetch: (input, init) => fetch(input, init),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};
