// The QuickBooks emulator over real HTTP (Node only). `node test/qbo-emulator/server.ts --port 8790`
// seeds the demo companies and listens; startQboEmulatorServer() does the same for tests and the
// local stack. Flags: --port, --host, --webhook-url, --webhook-verifier, --webhook-format legacy|cloudevents.

import { pathToFileURL } from "node:url";
import { arg, type Served, serveEmulator } from "../emulator/serve.ts";
import { withQboConformance } from "./conformance/checks.ts";
import { createQboEmulator, type QboEmulator, type QboEmulatorOptions } from "./index.ts";
import { realClock } from "./state.ts";
import type { WebhookFormat } from "./webhooks.ts";

/** A listening emulator. */
export type QboEmulatorServer = Served<QboEmulator>;

/** Starts the emulator on `port` (0 = any free port); every /v3/company answer is schema-checked. */
export function startQboEmulatorServer(
  opts: QboEmulatorOptions & { port: number; host?: string },
): Promise<QboEmulatorServer> {
  const { port, host, ...rest } = opts;
  // A served emulator stands in for Intuit itself: its clock runs in real time.
  return serveEmulator(
    port,
    host,
    (url) => createQboEmulator({ origin: url, clock: realClock(), ...rest }),
    (f) => withQboConformance(f),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(arg("port") ?? process.env.PORT ?? 8790);
  const webhookUrl = arg("webhook-url");
  const format = arg("webhook-format") as WebhookFormat | undefined;
  const { url, emulator } = await startQboEmulatorServer({
    port,
    host: arg("host"),
    seed: "demo",
    webhook: {
      ...(webhookUrl ? { url: webhookUrl } : {}),
      ...(arg("webhook-verifier") ? { verifier: arg("webhook-verifier") } : {}),
      ...(format ? { format } : {}),
    },
  });
  const names = [...emulator.state.companies.values()].map((c) => `${c.name} (${c.realmId})`).join(", ");
  console.log(`QuickBooks emulator listening on ${url} (companies: ${names || "none"})`);
}
