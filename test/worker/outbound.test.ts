// The worker tests' outbound guard itself: a stray call never reaches DNS and fails the test
// that made it, and no tenant alarm outlives its test (test/worker/setup.ts, outbound.ts).
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { EMULATOR_ORIGIN } from "./bindings.ts";
import { BLOCKED_STATUS } from "./network-guard.ts";
import { endTest, failOnStrays, networkFetch, networkStrays, routedFetch } from "./outbound.ts";

const ARMED = `tenant-alarm-${crypto.randomUUID()}`;
const alarmOf = (tenant: string) =>
  runInDurableObject(tenantStub(env, tenant), (_o, state) => state.storage.getAlarm());

describe("outbound calls in worker tests", () => {
  it("a call no test routes is refused in workerd and fails the test that made it, by name", async ({
    task,
  }) => {
    expect(globalThis.fetch).toBe(routedFetch);
    await expect(fetch(`${EMULATOR_ORIGIN}/connections`)).rejects.toThrow(/stray outbound call/);
    const strays = await endTest(task.name); // what setup.ts's afterEach does, taken early
    expect(strays).toEqual([`GET ${EMULATOR_ORIGIN}/connections (in test "${task.name}")`]);
    expect(() => failOnStrays(strays, `by test "${task.name}"`)).toThrow(
      `1 stray outbound call(s) by test "${task.name}"`,
    );
  });

  it("a call that bypasses the routing stops at the network guard: no DNS lookup", async () => {
    // xero-emulator.test resolves nowhere: before the guard, workerd tried DNS for it.
    const res = await networkFetch(`${EMULATOR_ORIGIN}/api.xro/2.0/Contacts`);
    expect(res.status).toBe(BLOCKED_STATUS);
    expect(await res.text()).toContain("worker tests reach no network");
    expect(await networkStrays()).toEqual([
      `GET ${EMULATOR_ORIGIN}/api.xro/2.0/Contacts (reached the network guard)`,
    ]);
  });

  it("a test arms a tenant alarm and ends without cancelling it", async () => {
    await runInDurableObject(tenantStub(env, ARMED), (_o, state) =>
      state.storage.setAlarm(Date.now() + 60_000),
    );
    expect(await alarmOf(ARMED)).not.toBeNull();
  });

  it("…and the alarm is gone before the next test: it cannot call Xero after its test", async () => {
    expect(await alarmOf(ARMED)).toBeNull();
  });
});
