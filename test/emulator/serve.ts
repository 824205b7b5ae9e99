// Serving an emulator (Xero's, QuickBooks') over real HTTP (Node only): one listener that honours
// the drop_response fault (the work is done, the caller never hears back), and the URL the
// emulator names itself by. Each emulator's server.ts says what to create once the port is known.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { DROP_HEADER } from "./faults.ts";

/** A listening emulator. */
export interface Served<E> {
  url: string;
  emulator: E;
  close(): Promise<void>;
}

/**
 * Listens on `port` (0 = any free port; no host = every interface, so both 127.0.0.1 and ::1
 * answer "localhost"), then creates the emulator for the URL it listens on.
 */
export async function serveEmulator<E extends { app: { fetch(req: Request): Response | Promise<Response> } }>(
  port: number,
  host: string | undefined,
  create: (url: string) => E,
): Promise<Served<E>> {
  let emulator: E | undefined;
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
  emulator = create(url);
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

/** The value after `--name` on the command line. */
export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
