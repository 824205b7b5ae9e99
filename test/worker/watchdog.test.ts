import {
  createExecutionContext,
  createScheduledController,
  env,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index.ts";
import { BEAT_EVERY_MS, heartbeat, registryKey, watchdog } from "../../worker/tenant/registry.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { DEMO_TENANT_ID } from "../emulator/seed/index.ts";
import { connect } from "./connect-helpers.ts";
import { useEmulator } from "./emulator-harness.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("cron watchdog (fan-out)", () => {
  it("1,000 registered tenants: one KV list call, and only tenants with a lost alarm are woken", async () => {
    const now = Date.now();
    const prefix = `sim-${crypto.randomUUID().slice(0, 8)}`;
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        // Every 100th tenant has been silent for a day: its alarm was lost.
        heartbeat(env.KV, `${prefix}-${i}`, now + 60_000, i % 100 === 0 ? now - 24 * 3600_000 : now),
      ),
    );
    const report = await watchdog(env, now, 10 * 60_000);
    expect(report.tenants).toBeGreaterThanOrEqual(1000);
    expect(report.listCalls).toBe(Math.ceil(report.tenants / 1000));
    expect(report.stale).toBe(10);
    expect(report.poked).toBe(10);
    expect(report.subrequests).toBe(report.listCalls + 10);
    // A poked tenant that is not connected removes itself from the registry.
    expect(await env.KV.get(registryKey(`${prefix}-0`))).toBeNull();
    expect(await env.KV.get(registryKey(`${prefix}-1`))).not.toBeNull();
    await Promise.all(Array.from({ length: 1000 }, (_, i) => env.KV.delete(registryKey(`${prefix}-${i}`))));
  });

  it("wakes a connected tenant whose alarm was lost, through the real scheduled handler", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const emu = useEmulator();
    const T = `tenant-${crypto.randomUUID()}`;
    await connect(emu, [DEMO_TENANT_ID], T); // connect() cancels the alarm: as if it were lost
    vi.setSystemTime(Date.now() + BEAT_EVERY_MS + 11 * 60_000);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const alarm = await runInDurableObject(tenantStub(env, T), (_o, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    vi.useRealTimers();
  });
});
