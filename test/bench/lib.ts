// Shared pieces of the benchmark scripts: a local stack on free ports, an admin connecting a
// tenant through the real consent flow, load generation and percentiles. Loopback only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintEmbedToken } from "../demo/tokens.ts";
import { consentFlow } from "../emulator/identity/flows.ts";
import { ROOT, readEnvFile } from "../stack/env-file.ts";
import { freePort } from "../stack/ports.ts";
import { type Stack, startStack } from "../stack/stack.ts";

export const ENV_FILE = join(ROOT, ".dev.vars.example");
const env = readEnvFile(ENV_FILE);
export const SERVER_KEY = env.SERVER_API_KEY ?? "";

/** A bench stack: the real worker under wrangler dev, the emulator and the demo host, on free ports. */
export async function benchStack(
  vars: Record<string, string> = {},
): Promise<Stack & { dispose(): Promise<void> }> {
  const persistTo = mkdtempSync(join(tmpdir(), "agg-bench-"));
  const [workerPort, demoPort, emulatorPort] = [await freePort(), await freePort(), await freePort()];
  const stack = await startStack({
    workerPort,
    demoPort,
    emulatorPort,
    persistTo,
    envFile: ENV_FILE,
    vars,
    // The production entry has no /bench/* routes; this one adds them.
    entry: "worker/bench-entry.ts",
    log: process.env.STACK_LOG === "1",
  });
  return {
    ...stack,
    dispose: async () => {
      await stack.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
}

/** An embed token for `tenant`. */
export const token = (tenant: string, role: "staff" | "admin" = "staff") =>
  mintEmbedToken(env.EMBED_SIGNING_SECRET ?? "", { tenant, sub: `bench-${role}`, role });

/** Connects `tenant` to the organisation `xeroTenantId` through start → consent → callback. */
export async function connectTenant(stack: Stack, tenant: string, xeroTenantId: string): Promise<void> {
  const start = await fetch(`${stack.workerUrl}/api/connection/start`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await token(tenant, "admin")}`, Origin: stack.demoUrl },
  });
  const { url } = (await start.json()) as { url: string };
  const popup = await fetch(url, { redirect: "manual" });
  const callback = await consentFlow(fetch, popup.headers.get("location") ?? "", {
    tenantIds: [xeroTenantId],
  });
  const done = await fetch(callback, { redirect: "manual" });
  if (!done.ok) throw new Error(`connect failed: ${done.status} ${await done.text()}`);
}

/** Server API call. */
export async function server(stack: Stack, path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(`${stack.workerUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${SERVER_KEY}`, "Content-Type": "application/json" },
  });
  return res.json();
}

/** Waits until the tenant's sync has finished a run after `since` (ISO). */
export async function waitSynced(
  stack: Stack,
  tenant: string,
  since = "",
  timeoutMs = 300_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = (await server(stack, `/v1/tenants/${tenant}/sync`)) as {
      phase: string;
      lastSyncedAt: string | null;
    };
    if (s.lastSyncedAt && s.lastSyncedAt > since && s.phase === "idle") return;
    if (Date.now() > end) throw new Error(`sync of ${tenant} did not finish: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The emulator's request counters. */
export async function counters(stack: Stack): Promise<Record<string, number>> {
  return (
    (await (await fetch(`${stack.emulatorUrl}/_control/counters`)).json()) as {
      total: Record<string, number>;
    }
  ).total;
}

/** `after − before` for every counter key that moved. */
export function diff(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v !== (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
  return out;
}

/** The p-th percentile (0–100) of samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** Sends `n` GETs with `concurrency` in flight; returns throughput and latency percentiles. */
export async function load(url: string, headers: Record<string, string>, n: number, concurrency: number) {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const s = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) failures++;
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { n, failures, rps: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
