import { SELF } from "cloudflare:test";
import { inject, vi } from "vitest";
import {
  type ConformanceLog,
  deserializeLike,
  withConformanceIndex,
} from "../emulator/conformance/checks.ts";
import { createEmulator, type Emulator } from "../emulator/index.ts";
import type { Clock } from "../emulator/state.ts";
import { EMULATOR_ORIGIN } from "./bindings.ts";
import { routeOutbound } from "./outbound.ts";

/** The emulator reads the same (fakeable) clock as the worker, so expiry rules line up. */
export const systemClock: Clock = {
  now: () => Date.now(),
  advance: (ms) => vi.setSystemTime(Date.now() + ms),
  set: (ms) => vi.setSystemTime(ms),
};

/**
 * Conformance of every emulator response the worker receives (JSON from /api.xro/2.0/* and
 * /connections), checked inside workerd against the index test/worker/global-setup.ts built in
 * Node. test/worker/setup.ts fails the test that produced any violation, and resets the list.
 */
export const conformance: ConformanceLog = { violations: [], checked: 0 };

/**
 * Starts a fresh seeded emulator and routes the worker's outbound fetch to it in-process until
 * the test ends (test/worker/outbound.ts). Any other outbound host fails the test: nothing here
 * may reach a real external host.
 */
export function useEmulator(
  opts: {
    receiver?: (req: Request) => Promise<Response>;
    webhooks?: boolean;
    /** Delivers the emulator's Xero webhooks (default SELF.fetch). */
    deliver?: (req: Request) => Promise<Response>;
  } = {},
): Emulator {
  const emu = createEmulator({
    clock: systemClock,
    seed: "demo",
    origin: EMULATOR_ORIGIN,
    clients: [
      {
        clientId: "demo-client-id",
        clientSecret: "demo-client-secret",
        redirectUris: ["https://worker.test/oauth/xero/callback"],
      },
    ],
    webhook: {
      key: "test-webhook-key",
      url: opts.webhooks ? "https://worker.test/webhooks/xero" : undefined,
      auto: false,
      deliver: opts.deliver ?? ((req: Request) => SELF.fetch(req)),
    },
  });
  const index = inject("conformanceIndex");
  const checked = withConformanceIndex(index, (input) => emu.fetch(input as Request), {
    connections: true,
    deserialize: deserializeLike(index),
    log: conformance,
  });
  routeOutbound((req) => {
    const origin = new URL(req.url).origin;
    if (origin === EMULATOR_ORIGIN) return checked.fetch(req);
    if (origin === AGG_RECEIVER && opts.receiver) return opts.receiver(req);
    return undefined; // a stray call: routedFetch refuses it and the test fails
  });
  return emu;
}

/** Where tests' stand-in for AGG SMART's webhook receiver lives. */
export const AGG_RECEIVER = "https://agg.test";

/** Count of requests the emulator saw for "METHOD /path". */
export function count(emu: Emulator, key: string): number {
  return emu.state.counters.get(key) ?? 0;
}
