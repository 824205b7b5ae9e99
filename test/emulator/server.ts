// The emulator over real HTTP (Node only). `node test/emulator/server.ts --port 8789` seeds the
// demo data and listens; startEmulatorServer() does the same for tests and the local stack.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { DROP_HEADER } from "./faults.ts";
import { createEmulator, type Emulator, type EmulatorOptions } from "./index.ts";
import { realClock } from "./state.ts";

/** A listening emulator. */
export interface EmulatorServer {
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/** Starts the emulator on `port` (0 = any free port); `origin` defaults to the listening URL. */
export async function startEmulatorServer(
  opts: EmulatorOptions & { port: number; host?: string },
): Promise<EmulatorServer> {
  // No host = every interface, so both 127.0.0.1 and ::1 ("localhost" resolves either way) answer.
  const { port, host, ...rest } = opts;
  let emulator: Emulator | undefined;
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
  const shownHost = !host || host === "0.0.0.0" || host === "::" || host === "127.0.0.1" ? "localhost" : host;
  const url = `http://${shownHost}:${addr.port}`;
  // A served emulator stands in for Xero itself: its clock runs in real time (tests in-process
  // choose their own clock), so tokens expire and If-Modified-Since sees real update times.
  emulator = createEmulator({ origin: url, clock: realClock(), ...rest });
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
