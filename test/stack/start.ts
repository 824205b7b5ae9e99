// `npm start`: build the widget, start emulator + worker + demo host, print where everything is,
// and stop all of it on Ctrl-C / SIGTERM. The browser tests run this very script on other ports
// (AGG_WORKER_PORT, AGG_DEMO_PORT, AGG_EMULATOR_PORT, AGG_QBO_EMULATOR_PORT, AGG_PERSIST_TO, AGG_ENV_FILE, AGG_SKIP_BUILD)
// so they never touch the developer's state.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensureDevVars, ROOT, readEnvFile } from "./env-file.ts";
import { type Stack, startStack } from "./stack.ts";

const LOCAL = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/;

function buildWidget(): void {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "--silent", "build:widget"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build:widget failed.");
}

function portFromEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  let envFile = process.env.AGG_ENV_FILE;
  if (!envFile) {
    if (ensureDevVars()) console.log("Created .dev.vars from .dev.vars.example (edit it for real Xero).");
    envFile = join(ROOT, ".dev.vars");
  }
  const env = readEnvFile(envFile);
  // Real Xero endpoints in .dev.vars → leave them alone; local ones → the emulator.
  const useEmulator = LOCAL.test(env.XERO_AUTHORIZE_URL ?? "http://localhost");
  // Likewise for QuickBooks: real Intuit endpoints (or no QBO app at all) → no QuickBooks emulator.
  const useQboEmulator = !!env.QBO_CLIENT_ID && LOCAL.test(env.QBO_AUTHORIZE_URL ?? "http://localhost");
  if (!process.env.AGG_SKIP_BUILD) buildWidget();

  let stack: Stack | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack?.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGHUP", () => void shutdown("SIGHUP"));

  stack = await startStack({
    workerPort: portFromEnv("AGG_WORKER_PORT", 8787),
    demoPort: portFromEnv("AGG_DEMO_PORT", 8788),
    emulatorPort: portFromEnv("AGG_EMULATOR_PORT", 8789),
    qboEmulatorPort: portFromEnv("AGG_QBO_EMULATOR_PORT", 8790),
    persistTo: process.env.AGG_PERSIST_TO || undefined,
    envFile,
    log: true,
    useEmulator,
    useQboEmulator,
  });
  if (stopping) return;
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  const lines = [
    "",
    `AGG SMART Accounts Connect is running (ready in ${secs} s):`,
    `  Worker            ${stack.workerUrl}   (health: ${stack.workerUrl}/health, widget: ${stack.workerUrl}/widget.js)`,
    `  Demo booking page ${stack.demoUrl}/`,
    `  Demo admin page   ${stack.demoUrl}/admin   (Admin → Accounts: connect Xero or QuickBooks here)`,
    useEmulator
      ? `  Xero emulator     ${stack.emulatorUrl}   (consent page opens from the connect button)`
      : `  Xero              real endpoints from .dev.vars (${env.XERO_AUTHORIZE_URL})`,
    useQboEmulator
      ? `  QBO emulator      ${stack.qboEmulatorUrl}   (consent page: Connect Accounts → QuickBooks Online)`
      : env.QBO_CLIENT_ID
        ? `  QuickBooks        real endpoints from .dev.vars (${env.QBO_AUTHORIZE_URL ?? "Intuit production"})`
        : "  QuickBooks        not configured (no QBO_CLIENT_ID in .dev.vars)",
    `  Demo Quarry Ltd   ${stack.demoUrl}/admin?business=quarry   (a second business, books in QuickBooks)`,
    "",
    "Press Ctrl-C to stop.",
    "",
  ];
  console.log(lines.join("\n"));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
