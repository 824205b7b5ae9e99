// Runs `npm start`'s script (test/stack/start.ts) as a child on other ports, the way a developer
// would, so a test can time its startup and press Ctrl-C on it.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./env-file.ts";

/** A running start.ts. */
export interface StartRun {
  workerUrl: string;
  demoUrl: string;
  /** Spawn → /health answering 200, in ms. */
  readyMs: number;
  /** Everything it printed so far. */
  output(): string;
  /** Sends SIGINT (what Ctrl-C sends) and resolves with the exit code. */
  interrupt(): Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function waitExit(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, ms);
    child.once("exit", (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

/** Starts start.ts with the widget build skipped, temp state and the example secrets; resolves when /health answers. */
export async function bootStart(
  ports: { worker: number; demo: number; emulator: number; qboEmulator?: number },
  timeoutMs = 90_000,
): Promise<StartRun> {
  const persistTo = mkdtempSync(join(tmpdir(), "agg-start-"));
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "test/stack/start.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      AGG_WORKER_PORT: String(ports.worker),
      AGG_DEMO_PORT: String(ports.demo),
      AGG_EMULATOR_PORT: String(ports.emulator),
      ...(ports.qboEmulator ? { AGG_QBO_EMULATOR_PORT: String(ports.qboEmulator) } : {}),
      AGG_PERSIST_TO: persistTo,
      AGG_ENV_FILE: join(ROOT, ".dev.vars.example"),
      AGG_SKIP_BUILD: "1",
    },
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString("utf8");
  });
  const workerUrl = `http://localhost:${ports.worker}`;
  const interrupt = async () => {
    child.kill("SIGINT");
    const code = await waitExit(child, 20_000);
    rmSync(persistTo, { recursive: true, force: true });
    return code;
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    // The banner is printed after startStack resolves (and startStack waits for /health).
    if (out.includes("Press Ctrl-C to stop.")) {
      return {
        workerUrl,
        demoUrl: `http://localhost:${ports.demo}`,
        readyMs: Math.round(performance.now() - t0),
        output: () => out,
        interrupt,
      };
    }
    await sleep(100);
  }
  await interrupt();
  throw new Error(`start.ts did not become ready:\n${out}`);
}

/** Processes (pid + command line) whose command line mentions `needle`, e.g. a port number. */
export function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      if (cmd.includes(needle)) found.push(`${pid} ${cmd}`);
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}
