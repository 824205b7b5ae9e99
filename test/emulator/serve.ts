// Serving an emulator (Xero's, QuickBooks') over real HTTP (Node only): one listener that honours
// the drop_response fault (the work is done, the caller never hears back), checks every response
// against the service's own documents when given a checker (so the browser tests and `npm start`
// are held to the same schemas as the in-process tests), and the URL the emulator names itself by.
// Each emulator's server.ts says what to create once the port is known.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { DROP_HEADER } from "./faults.ts";

/** A listening emulator. */
export interface Served<E> {
  url: string;
  emulator: E;
  /** What the response checker saw (empty when the emulator is served without one). */
  conformance: ConformanceLog;
  close(): Promise<void>;
}

type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Responses checked and the violations found (each "METHOD /path status: what is wrong"). */
export interface ConformanceLog {
  checked: number;
  violations: string[];
}

/** Wraps the emulator's fetch so every response it answers is checked; violations go to `log`. */
export type ResponseChecker = (fetchFn: FetchFn) => { fetch: FetchFn; log: ConformanceLog };

/** Where a served emulator reports its conformance log (GET → `ConformanceLog` as JSON). */
export const CONFORMANCE_PATH = "/_control/conformance";

/**
 * Listens on `port` (0 = any free port; no host = every interface, so both 127.0.0.1 and ::1
 * answer "localhost"), then creates the emulator for the URL it listens on.
 */
export async function serveEmulator<E extends { app: { fetch(req: Request): Response | Promise<Response> } }>(
  port: number,
  host: string | undefined,
  create: (url: string) => E,
  checker?: ResponseChecker,
): Promise<Served<E>> {
  let emulator: E | undefined;
  const direct: FetchFn = (input, init) =>
    Promise.resolve(
      emulator?.app.fetch(new Request(input, init)) ?? new Response("starting", { status: 503 }),
    );
  const checked = checker ? checker(direct) : { fetch: direct, log: { checked: 0, violations: [] } };
  let reported = 0;
  const listener = getRequestListener(async (req, env) => {
    if (!emulator) return new Response("starting", { status: 503 });
    if (req.method === "GET" && new URL(req.url).pathname === CONFORMANCE_PATH)
      return Response.json(checked.log);
    const res = await checked.fetch(req);
    // Say so the moment an emulator answers something its service never would.
    for (const v of checked.log.violations.slice(reported)) console.error(`[conformance] ${v}`);
    reported = checked.log.violations.length;
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
    conformance: checked.log,
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
