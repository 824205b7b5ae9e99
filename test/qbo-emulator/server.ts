// The QuickBooks emulator over real HTTP (Node only). `node test/qbo-emulator/server.ts --port 8790`
// seeds the demo companies and listens; startQboEmulatorServer() does the same for tests and the
// local stack. Flags: --port, --host, --webhook-url, --webhook-verifier, --webhook-format legacy|cloudevents.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { DROP_HEADER } from "./faults.ts";
import { createQboEmulator, type QboEmulator, type QboEmulatorOptions } from "./index.ts";
import { realClock } from "./state.ts";
import type { WebhookFormat } from "./webhooks.ts";

/** A listening emulator. */
export interface QboEmulatorServer {
  url: string;
  emulator: QboEmulator;
  close(): Promise<void>;
}

/** Starts the emulator on `port` (0 = any free port). */
export async function startQboEmulatorServer(
  opts: QboEmulatorOptions & { port: number; host?: string },
): Promise<QboEmulatorServer> {
  const { port, host, ...rest } = opts;
  let emulator: QboEmulator | undefined;
  const listener = getRequestListener(async (req, env) => {
    if (!emulator) return new Response("starting", { status: 503 });
    const res = await emulator.app.fetch(req);
    if (res.headers.has(DROP_HEADER)) {
      // drop_response: the work is done, but the caller never hears back.
      await res.body?.cancel();
      env.incoming.socket?.destroy();
      return new Response(null, { status: 204 });
    }
    return res;
  });
  const server = createServer((incoming, outgoing) => void listener(incoming, outgoing));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (host) server.listen(port, host, () => resolve());
    else server.listen(port, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const shown = !host || host === "0.0.0.0" || host === "::" || host === "127.0.0.1" ? "localhost" : host;
  const url = `http://${shown}:${addr.port}`;
  // A served emulator stands in for Intuit itself: its clock runs in real time.
  emulator = createQboEmulator({ origin: url, clock: realClock(), ...rest });
  return {
    url,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
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
