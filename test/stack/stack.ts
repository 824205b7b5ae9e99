// The whole local stack: Xero emulator + QuickBooks emulator + `wrangler dev` worker + demo host
// (AGG SMART's stand-in), each on its own localhost port, wired to each other. Used by `npm start` and the browser tests.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startDemoServer } from "../demo/server.ts";
import type { ConformanceLog } from "../emulator/serve.ts";
import { startEmulatorServer } from "../emulator/server.ts";
import { startQboEmulatorServer } from "../qbo-emulator/server.ts";
import { ROOT, readEnvFile } from "./env-file.ts";
import { assertPortFree } from "./ports.ts";
import { startWrangler } from "./wrangler.ts";

/** Options for {@link startStack}. */
export interface StackOptions {
  workerPort?: number;
  demoPort?: number;
  emulatorPort?: number;
  /** The QuickBooks emulator's port (default 8790). */
  qboEmulatorPort?: number;
  /** Worker state directory (wrangler `--persist-to`); default `.wrangler/state`. */
  persistTo?: string;
  /** Echo the worker's log lines to stdout. */
  log?: boolean;
  /** Worker secrets file; default `.dev.vars`, or `.dev.vars.example` when that is missing. */
  envFile?: string;
  /**
   * Point the worker's XERO_* endpoints at the emulator (default true). `npm start` turns this off
   * when .dev.vars names real Xero endpoints, so real credentials reach real Xero.
   */
  useEmulator?: boolean;
  /** The same for the QBO_* endpoints and the QuickBooks emulator (default true). */
  useQboEmulator?: boolean;
  /** Extra worker variables (`--var`), e.g. SYNC_INTERVAL_MINUTES for the benchmarks. */
  vars?: Record<string, string>;
  /** Worker entry instead of wrangler.toml's `main` (the benchmarks: worker/bench-entry.ts). */
  entry?: string;
}

/** A running stack; `stop()` ends every process and server it started. */
export interface Stack {
  workerUrl: string;
  demoUrl: string;
  emulatorUrl: string;
  /** The QuickBooks emulator ("" when the worker talks to real Intuit). */
  qboEmulatorUrl: string;
  /** Each running emulator's response checks so far (the browser tests require 0 violations). */
  conformance: { xero?: ConformanceLog; quickbooks?: ConformanceLog };
  stop(): Promise<void>;
}

/** Picks the worker's secrets file: the given one, else .dev.vars, else the committed example. */
export function resolveEnvFile(envFile?: string): string {
  if (envFile) return envFile;
  const local = join(ROOT, ".dev.vars");
  return existsSync(local) ? local : join(ROOT, ".dev.vars.example");
}

/** Starts the QuickBooks emulator for the app in `env` and returns the worker's QBO_* endpoint variables. */
async function startQbo(
  env: Record<string, string>,
  port: number,
  workerUrl: string,
  workerPort: number,
): Promise<{
  url: string;
  close: () => Promise<void>;
  conformance: ConformanceLog;
  vars: Record<string, string>;
}> {
  const redirectUri = `${workerUrl}/oauth/quickbooks/callback`;
  const qbo = await startQboEmulatorServer({
    port,
    host: "127.0.0.1",
    seed: "demo",
    clients: [
      {
        clientId: env.QBO_CLIENT_ID ?? "demo-qbo-client-id",
        clientSecret: env.QBO_CLIENT_SECRET ?? "demo-qbo-client-secret",
        redirectUris: [redirectUri],
        name: "AGG SMART Accounts Connect",
      },
    ],
    webhook: {
      url: `http://127.0.0.1:${workerPort}/webhooks/quickbooks`,
      verifier: env.QBO_WEBHOOK_VERIFIER ?? "",
    },
  });
  const url = qbo.url.replace(/\/+$/, "");
  // As for Xero: the browser opens the consent page by name, the worker calls the rest by number.
  const direct = `http://127.0.0.1:${port}`;
  return {
    url,
    close: () => qbo.close(),
    conformance: qbo.conformance,
    vars: {
      QBO_AUTHORIZE_URL: `${url}/connect/oauth2`,
      QBO_TOKEN_URL: `${direct}/oauth2/v1/tokens/bearer`,
      QBO_REVOKE_URL: `${direct}/v2/oauth2/tokens/revoke`,
      QBO_API_URL: direct,
      QBO_REDIRECT_URI: redirectUri,
    },
  };
}

/** Starts the emulators, worker and demo host; resolves when the worker's /health answers. */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const workerPort = opts.workerPort ?? 8787;
  const demoPort = opts.demoPort ?? 8788;
  const emulatorPort = opts.emulatorPort ?? 8789;
  const qboPort = opts.qboEmulatorPort ?? 8790;
  const useEmulator = opts.useEmulator ?? true;
  const useQbo = opts.useQboEmulator ?? true;
  await assertPortFree(workerPort, "worker");
  await assertPortFree(demoPort, "demo host");
  if (useEmulator) await assertPortFree(emulatorPort, "Xero emulator");
  if (useQbo) await assertPortFree(qboPort, "QuickBooks emulator");

  const envFile = resolveEnvFile(opts.envFile);
  const env = readEnvFile(envFile);
  const workerUrl = `http://localhost:${workerPort}`;
  const demoOrigin = `http://localhost:${demoPort}`;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch(() => {});
  };

  const conformance: Stack["conformance"] = {};
  try {
    let emulatorUrl = "";
    // LOCAL_DEV: the worker runs on this machine, so http and loopback webhook receivers are fine.
    const vars: Record<string, string> = { ALLOWED_ORIGINS: demoOrigin, LOCAL_DEV: "1" };
    if (useEmulator) {
      const redirectUri = `${workerUrl}/oauth/xero/callback`;
      const emulator = await startEmulatorServer({
        port: emulatorPort,
        host: "127.0.0.1",
        seed: "demo",
        // The emulator accepts exactly the app the worker is configured with.
        clients: [
          {
            clientId: env.XERO_CLIENT_ID ?? "demo-client-id",
            clientSecret: env.XERO_CLIENT_SECRET ?? "demo-client-secret",
            redirectUris: [redirectUri],
          },
        ],
        // Server-to-server: the numeric loopback address, whatever "localhost" resolves to.
        webhook: { url: `http://127.0.0.1:${workerPort}/webhooks/xero`, key: env.XERO_WEBHOOK_KEY ?? "" },
      });
      stops.push(() => emulator.close());
      conformance.xero = emulator.conformance;
      emulatorUrl = emulator.url.replace(/\/+$/, "");
      // The browser goes to the authorize page by name; the worker calls the rest by number.
      const direct = `http://127.0.0.1:${emulatorPort}`;
      Object.assign(vars, {
        XERO_AUTHORIZE_URL: `${emulatorUrl}/identity/connect/authorize`,
        XERO_TOKEN_URL: `${direct}/connect/token`,
        XERO_REVOKE_URL: `${direct}/connect/revocation`,
        XERO_API_URL: direct,
        XERO_REDIRECT_URI: redirectUri,
      });
    }

    let qboEmulatorUrl = "";
    if (useQbo) {
      const qbo = await startQbo(env, qboPort, workerUrl, workerPort);
      stops.push(qbo.close);
      conformance.quickbooks = qbo.conformance;
      qboEmulatorUrl = qbo.url;
      Object.assign(vars, qbo.vars);
    }

    const demo = await startDemoServer({
      port: demoPort,
      workerUrl,
      embedSecrets: env.EMBED_SIGNING_SECRET ?? "",
    });
    stops.push(() => demo.close());

    const worker = await startWrangler({
      port: workerPort,
      vars: { ...vars, ...opts.vars },
      envFile,
      persistTo: opts.persistTo,
      log: opts.log,
      entry: opts.entry,
    });
    stops.push(() => worker.stop());

    return { workerUrl, demoUrl: demo.url, emulatorUrl, qboEmulatorUrl, conformance, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
