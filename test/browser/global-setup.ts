// Vitest globalSetup for the browser project: one local stack on test ports (18787–18790),
// worker state in a temp dir and secrets from .dev.vars.example, so tests never touch dev state.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ROOT } from "../stack/env-file.ts";
import { pickPorts } from "../stack/ports.ts";
import { startStack } from "../stack/stack.ts";

/** Preferred ports of the test stack (npm start uses 8787–8790); free ones are picked if busy. */
export const TEST_PORTS = { worker: 18787, demo: 18788, emulator: 18789, qboEmulator: 18790 } as const;

declare module "vitest" {
  interface ProvidedContext {
    /** The test stack's worker, e.g. http://localhost:18787. */
    workerUrl: string;
    /** The demo host (booking page at `/`, admin page at `/admin`). */
    demoUrl: string;
    /** The Xero emulator. */
    emulatorUrl: string;
    /** The QuickBooks emulator. */
    qboEmulatorUrl: string;
    /** The secrets file the test stack's worker runs with. */
    envFile: string;
    /** How long startStack took, in ms. */
    stackStartupMs: number;
  }
}

/** Starts the stack before the browser tests and stops it after them. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `npm test` builds the widget first; a bare `vitest --project browser` may not have.
  if (!existsSync(join(ROOT, "worker/generated/widget.ts"))) {
    const r = spawnSync("npm", ["run", "--silent", "build:widget"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) throw new Error("npm run build:widget failed");
  }
  const persistTo = mkdtempSync(join(tmpdir(), "agg-stack-"));
  const envFile = join(ROOT, ".dev.vars.example");
  const ports = await pickPorts(TEST_PORTS);
  const t0 = performance.now();
  const stack = await startStack({
    workerPort: ports.worker,
    demoPort: ports.demo,
    emulatorPort: ports.emulator,
    qboEmulatorPort: ports.qboEmulator,
    persistTo,
    envFile,
    log: process.env.STACK_LOG === "1",
  });
  const stackStartupMs = Math.round(performance.now() - t0);
  project.provide("workerUrl", stack.workerUrl);
  project.provide("demoUrl", stack.demoUrl);
  project.provide("emulatorUrl", stack.emulatorUrl);
  project.provide("qboEmulatorUrl", stack.qboEmulatorUrl);
  project.provide("envFile", envFile);
  project.provide("stackStartupMs", stackStartupMs);
  return async () => {
    // Every emulator answer the browser tests caused was checked against the service's documents
    // (Intuit's entity schema; xero-node's models and Xero's OpenAPI when ../shared is beside).
    const logs = Object.entries(stack.conformance);
    await stack.stop();
    rmSync(persistTo, { recursive: true, force: true });
    for (const [name, log] of logs)
      console.log(
        `[conformance] browser stack, ${name} emulator: ${log.checked} responses checked, ${log.violations.length} violations`,
      );
    const bad = logs.flatMap(([name, log]) => log.violations.map((v) => `${name}: ${v}`));
    if (bad.length > 0)
      throw new Error(`Emulator responses broke the services' schemas:\n${bad.slice(0, 20).join("\n")}`);
  };
}
