// The emulator over real HTTP (Node only). `node test/emulator/server.ts --port 8789` seeds the
// demo data and listens; startEmulatorServer() does the same for tests and the local stack.

import { pathToFileURL } from "node:url";
import { buildConformanceIndex } from "./conformance/build-index.ts";
import { withConformanceIndex } from "./conformance/checks.ts";
import { deserializeWithSdk } from "./conformance/xero-node.ts";
import { createEmulator, type Emulator, type EmulatorOptions } from "./index.ts";
import { arg, type Served, serveEmulator } from "./serve.ts";
import { realClock } from "./state.ts";

/** A listening emulator. */
export type EmulatorServer = Served<Emulator>;

/**
 * Starts the emulator on `port` (0 = any free port); `origin` is the listening URL. Every
 * Accounting API and /connections answer is checked against xero-node's models (and Xero's
 * OpenAPI documents when ../shared/xero-openapi is beside the repo).
 */
export function startEmulatorServer(
  opts: EmulatorOptions & { port: number; host?: string },
): Promise<EmulatorServer> {
  const { port, host, ...rest } = opts;
  // A served emulator stands in for Xero itself: its clock runs in real time (tests in-process
  // choose their own clock), so tokens expire and If-Modified-Since sees real update times.
  return serveEmulator(
    port,
    host,
    (url) => createEmulator({ origin: url, clock: realClock(), ...rest }),
    (f) =>
      withConformanceIndex(buildConformanceIndex, f, { connections: true, deserialize: deserializeWithSdk }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(arg("port") ?? process.env.PORT ?? 8789);
  const host = arg("host");
  const webhookUrl = arg("webhook-url");
  const { url, emulator } = await startEmulatorServer({
    port,
    host,
    seed: "demo",
    ...(webhookUrl
      ? { webhook: { url: webhookUrl, key: arg("webhook-key") ?? "demo-webhook-key-0123456789" } }
      : {}),
  });
  const orgs = [...emulator.state.orgs.values()].map((o) => o.name).join(", ");
  console.log(`Xero emulator listening on ${url} (organisations: ${orgs || "none"})`);
}
