// setupFiles entry for the worker project (runs inside workerd): every emulator response a test
// produced was checked by the useEmulator() wrapper (test/worker/emulator-harness.ts) against
// xero-node's models and Xero's OpenAPI documents; a test that produced violations fails here.
// It also owns the worker's outbound fetch (test/worker/outbound.ts): after each test every
// tenant alarm is cancelled (a sync alarm must not outlive its test and call Xero later), the
// routing ends, and a test that made a call nothing routed fails, named.

import { env, listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { afterAll, afterEach, beforeEach } from "vitest";
import { conformance } from "./emulator-harness.ts";
import type { ConformanceMeta } from "./global-setup.ts";
import { beginTest, endTest, failOnStrays, routedFetch } from "./outbound.ts";

globalThis.fetch = routedFetch;

const totals: Required<ConformanceMeta> = { conformanceChecked: 0, conformanceViolations: 0 };
let fileMeta: object | undefined;

/** Takes the violations collected since the last call, counting them and the responses checked. */
function drain(): string[] {
  const found = conformance.violations.splice(0);
  totals.conformanceChecked += conformance.checked;
  totals.conformanceViolations += found.length;
  conformance.checked = 0;
  if (fileMeta) Object.assign(fileMeta, totals);
  return found;
}

/** At most this many distinct violations are listed in a failure message. */
const LIST_AT_MOST = 20;

function fail(found: string[], where: string): void {
  if (found.length === 0) return;
  // Same problem on every row of a page → one line: array indices become [*], with a count.
  const groups = new Map<string, number>();
  for (const v of found) {
    const key = v.replace(/\[\d+\]/g, "[*]");
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const lines = [...groups].slice(0, LIST_AT_MOST).map(([v, n]) => (n > 1 ? `${v}  (×${n})` : v));
  if (groups.size > LIST_AT_MOST) lines.push(`… and ${groups.size - LIST_AT_MOST} more distinct violations`);
  throw new Error(
    `Xero emulator conformance: ${found.length} violation(s) in responses ${where} ` +
      `(checked against xero-node's models and Xero's OpenAPI documents):\n  ${lines.join("\n  ")}`,
  );
}

/** Deletes the pending alarm of every tenant object this file created. */
async function cancelTenantAlarms(): Promise<void> {
  const ids = await listDurableObjectIds(env.TENANT);
  await Promise.all(
    ids.map((id) => runInDurableObject(env.TENANT.get(id), (_o, state) => state.storage.deleteAlarm())),
  );
}

beforeEach(({ task }) => beginTest(task.name));

afterEach(async ({ task }) => {
  fileMeta = task.file.meta;
  await cancelTenantAlarms();
  const strays = await endTest(task.name);
  fail(drain(), "to this test");
  failOnStrays(strays, `by test "${task.name}"`);
});

// Responses produced in afterAll hooks (beforeAll ones land on the first test).
afterAll(async () => {
  await cancelTenantAlarms();
  const strays = await endTest("the file's last hook");
  fail(drain(), "outside a test");
  failOnStrays(strays, "outside a test");
});
