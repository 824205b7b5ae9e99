// Runs `wrangler dev --local` as a child in its own process group, so stopping it takes workerd
// (wrangler's grandchild) down too and a Ctrl-C in the terminal never half-kills it.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./env-file.ts";

/** Options for {@link startWrangler}. */
export interface WranglerOptions {
  port: number;
  /** Overrides passed as `--var NAME:VALUE` (they beat wrangler.toml and the env file). */
  vars: Record<string, string>;
  /** Dotenv file with the worker's secrets (passed as `--env-file`). */
  envFile: string;
  /** Local state directory (`--persist-to`); wrangler's default `.wrangler/state` when absent. */
  persistTo?: string;
  /** Echo wrangler's output, prefixed, to this process's stdout. */
  log?: boolean;
  /** Worker entry to run instead of wrangler.toml's `main` (the benchmarks use worker/bench-entry.ts). */
  entry?: string;
  /** Give up waiting for /health after this long. */
  timeoutMs?: number;
}

/** A running `wrangler dev`. */
export interface WranglerHandle {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Last resort: if this process exits without stop(), take every wrangler group with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Group already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `wrangler dev` and resolves once `GET /health` answers 200; rejects with wrangler's output otherwise. */
export async function startWrangler(opts: WranglerOptions): Promise<WranglerHandle> {
  const args = [
    join(ROOT, "node_modules/wrangler/bin/wrangler.js"),
    "dev",
    ...(opts.entry ? [opts.entry] : []),
    "--port",
    String(opts.port),
    "--ip",
    "127.0.0.1",
    "--local",
    "--env-file",
    opts.envFile,
    "--show-interactive-dev-session=false",
    "--log-level",
    "info",
  ];
  if (opts.persistTo) args.push("--persist-to", opts.persistTo);
  for (const [k, v] of Object.entries(opts.vars)) args.push("--var", `${k}:${v}`);

  // process.execPath is the Node that runs us (npm scripts put Node 24 first; wrangler needs ≥ 22).
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      // Offline-friendly: no Request.cf download, no telemetry, no banner.
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      WRANGLER_SEND_METRICS: "false",
      WRANGLER_HIDE_BANNER: "true",
    },
  });
  if (child.pid === undefined) throw new Error("Could not start wrangler dev.");
  const pid = child.pid;
  live.add(child);
  installExitHook();

  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split(/\r?\n/)) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 60) tail.shift();
      if (opts.log) process.stdout.write(`[worker] ${line}\n`);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });

  const stop = async (): Promise<void> => {
    killGroup(child, "SIGTERM");
    const deadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) killGroup(child, "SIGKILL");
    while (groupAlive(pid) && Date.now() < deadline + 2000) await sleep(50);
    live.delete(child);
  };

  const url = `http://localhost:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`http://127.0.0.1:${opts.port}/health`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) return { url, pid, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  await stop();
  throw new Error(
    `wrangler dev did not become healthy on port ${opts.port}${exited ? " (it exited)" : ""}.\n` +
      `Last output:\n${tail.join("\n")}`,
  );
}
