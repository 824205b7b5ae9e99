// Migration 8 moves the contact index from two bucket families (KV `k:code:{n}` and `k:name:{n}`)
// to one (`k:{n}`). The KV layout below is what the code before it wrote (worker/sync at main
// 5c89cff: `bucketFor(tier, key)` = `{code|name}|bucketOf(key)`, bucket content "tier|key" →
// customers, meta without `layout`); the badge must keep answering from it until the new buckets
// are in KV, and the old keys must go afterwards.

import { env, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { contactKeys } from "../../worker/credit/matching.ts";
import { Customer, toSummary } from "../../worker/provider/model.ts";
import { migrate } from "../../worker/store/migrations.ts";
import { tenantPrefix } from "../../worker/store/tenant-data.ts";
import { bucketOf } from "../../worker/sync/buckets.ts";
import { forgetMeta } from "../../worker/sync/meta-cache.ts";
import { lookupCredit, metaKey } from "../../worker/sync/read-model.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { DEMO_CONTACTS, DEMO_TENANT_ID } from "../emulator/seed/index.ts";
import { connect } from "./connect-helpers.ts";
import { useEmulator } from "./emulator-harness.ts";

let emu: Emulator;
let T: string;

beforeEach(() => {
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
});

const opts = { jobValue: "450", includeLimitProblem: false, now: Date.now() };
const REFS = ["ACME01", "acme01 ", DEMO_CONTACTS.woldsLtd.id, "WOLD01", "Vale Groundworks Ltd", "NOPE99"];

async function syncToEnd() {
  for (let i = 0; i < 50; i++) {
    const r = await tenantStub(env, T).syncNow(T, 1000);
    if (!r.ok) throw new Error(r.message);
    if (r.value.phase === "idle" && r.value.kvPending === 0 && !r.value.error) return;
  }
  throw new Error("sync did not finish");
}

/** The badge's answer for every ref in REFS (the sync time blanked: a later sync moves it). */
const answers = async () =>
  JSON.parse(
    JSON.stringify(await Promise.all(REFS.map((ref) => lookupCredit(env.KV, T, ref, opts)))).replace(
      /"lastSyncedAt":"[^"]+"/g,
      '"lastSyncedAt":""',
    ),
  );
const indexKeys = async () => (await env.KV.list({ prefix: `${tenantPrefix(T)}k:` })).keys.map((k) => k.name);

/** Puts tenant T back to what the code before migration 8 left: its SQL columns, KV keys, meta. */
async function toOldLayout(): Promise<void> {
  for (const k of await indexKeys()) await env.KV.delete(k);
  const meta = (await env.KV.get(metaKey(T), "json")) as Record<string, unknown>;
  delete meta.layout;
  await env.KV.put(metaKey(T), JSON.stringify(meta));
  // Old code wrote that meta from another deploy: this isolate holds no copy of it.
  forgetMeta(T);
  await runInDurableObject(tenantStub(env, T), async (_o, state) => {
    const sql = state.storage.sql;
    const old = new Map<string, Record<string, Customer[]>>();
    const COL = { contactId: "b_id", contactNumber: "b_number", accountNumber: "b_account", name: "b_name" };
    for (const r of sql.exec<{ json: string }>("SELECT json FROM contacts").toArray()) {
      const c = Customer.parse(JSON.parse(r.json));
      for (const { tier, key } of contactKeys(toSummary(c))) {
        const b = bucketOf(key);
        sql.exec(`UPDATE contacts SET ${COL[tier]} = ? WHERE id = ?`, b, c.contactId);
        const id = `${tier === "name" ? "name" : "code"}:${b}`;
        const bucket = old.get(id) ?? {};
        bucket[`${tier}|${key}`] = [...(bucket[`${tier}|${key}`] ?? []), c];
        old.set(id, bucket);
      }
    }
    for (const [id, content] of old) await env.KV.put(`${tenantPrefix(T)}k:${id}`, JSON.stringify(content));
    sql.exec("DROP TABLE kv_legacy; DROP TABLE kv_state; DELETE FROM kv_dirty");
    sql.exec("UPDATE schema_meta SET version = 7");
    expect(await migrate(state.storage)).toEqual([8]);
  });
}

describe("migration 8: one bucket family", () => {
  it("badge reads keep answering from the old keys until the new buckets are written, then the old keys go", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const before = await answers();
    expect(before.map((a: { state: string }) => a.state)).toEqual([
      "found",
      "found",
      "found",
      "found",
      "ambiguous",
      "not_found",
    ]);
    expect(before[3]).toMatchObject({ position: { customer: { contactId: DEMO_CONTACTS.woldsLtd.id } } });

    await toOldLayout();
    const oldKeys = await indexKeys();
    expect(oldKeys.length).toBeGreaterThan(0);
    expect(oldKeys.every((k) => /:k:(code|name):\d+$/.test(k))).toBe(true);
    // Migrated in SQL, nothing flushed yet: the badge answers from the old layout.
    expect(await answers()).toEqual(before);

    await syncToEnd();
    const meta = (await env.KV.get(metaKey(T), "json")) as Record<string, unknown>;
    expect(meta.layout).toBe(2);
    const keys = await indexKeys();
    expect(keys.length).toBeGreaterThan(0);
    expect(
      keys.every((k) => /:k:\d+$/.test(k)),
      keys.join(),
    ).toBe(true);
    expect(await answers()).toEqual(before);
    await runInDurableObject(tenantStub(env, T), (_o, state) => {
      expect(state.storage.sql.exec("SELECT COUNT(*) AS n FROM kv_legacy").one().n).toBe(0);
    });
  });

  it("a fresh tenant has nothing to migrate: its meta says layout 2 from the first sync", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    expect(((await env.KV.get(metaKey(T), "json")) as Record<string, unknown>).layout).toBe(2);
    expect((await indexKeys()).every((k) => /:k:\d+$/.test(k))).toBe(true);
  });
});
