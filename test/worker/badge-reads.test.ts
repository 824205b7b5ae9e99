import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { refBucket } from "../../worker/sync/buckets.ts";
import { META_TTL_MS } from "../../worker/sync/meta-cache.ts";
import { bucketKey, lookupCredit, metaKey, ReadMeta, writeMeta } from "../../worker/sync/read-model.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import type { Emulator } from "../emulator/index.ts";
import { DEMO_CONTACTS, DEMO_TENANT_ID } from "../emulator/seed/index.ts";
import { connect } from "./connect-helpers.ts";
import { useEmulator } from "./emulator-harness.ts";

// The badge is the hot path: each KV operation is a round trip (and billed), so a badge read must
// cost exactly one — the one bucket holding every key of the ref, with the meta as this isolate
// read it less than META_TTL_MS ago, or else meta and bucket in one bulk get.

let emu: Emulator;
let T: string;

beforeEach(() => {
  T = `tenant-${crypto.randomUUID()}`;
  emu = useEmulator();
});

/** `kv` with every method call recorded (name and first argument). */
function counted(kv: KVNamespace) {
  const calls: { method: string; key: unknown }[] = [];
  const proxy = new Proxy(kv, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        calls.push({ method: String(prop), key: args[0] });
        return v.apply(target, args);
      };
    },
  });
  return { kv: proxy, calls };
}

async function syncToEnd() {
  for (let i = 0; i < 50; i++) {
    const r = await tenantStub(env, T).syncNow(T, 1000);
    if (!r.ok) throw new Error(r.message);
    if (r.value.phase === "idle" && r.value.kvPending === 0 && !r.value.error) return;
  }
  throw new Error("sync did not finish");
}

const opts = { jobValue: "450", includeLimitProblem: false, now: Date.now() };

describe("a badge read is one KV operation", () => {
  it("found, ambiguous, not found and not connected each cost exactly one KV get: meta + bucket, then the bucket alone", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const cases: [string, string][] = [
      [T, "ACME01"],
      [T, "Vale Groundworks Ltd"],
      [T, "NOPE99"],
      [`other-${T}`, "ACME01"],
    ];
    const states = [];
    const now = Date.now();
    for (const [tenant, ref] of cases) {
      const first = counted(env.KV);
      states.push((await lookupCredit(first.kv, tenant, ref, { ...opts, now })).state);
      expect(first.calls, `${ref} @ ${tenant}`).toHaveLength(1);
      expect(first.calls[0]?.method).toBe("get");
      // A tenant this isolate has not read within META_TTL_MS: meta and bucket in one bulk get.
      const known = states.length > 1 && tenant === T;
      expect(first.calls[0]?.key, "meta + one bucket, or the bucket alone").toEqual(
        known ? bucketKey(tenant, refBucket(ref)) : [metaKey(tenant), bucketKey(tenant, refBucket(ref))],
      );
      const again = counted(env.KV);
      expect((await lookupCredit(again.kv, tenant, ref, { ...opts, now: now + 1000 })).state).toBe(
        states.at(-1),
      );
      expect(again.calls).toEqual([{ method: "get", key: bucketKey(tenant, refBucket(ref)) }]);
    }
    expect(states).toEqual(["found", "ambiguous", "not_found", "not_connected"]);
    // The cached meta expires: the next read fetches it again.
    const later = counted(env.KV);
    await lookupCredit(later.kv, T, "ACME01", { ...opts, now: now + META_TTL_MS + 1 });
    expect(later.calls[0]?.key).toEqual([metaKey(T), bucketKey(T, refBucket("ACME01"))]);
  });

  it("a state change written by the tenant object is seen at once (the isolate's copy is dropped)", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const now = Date.now();
    expect((await lookupCredit(env.KV, T, "ACME01", { ...opts, now })).state).toBe("found");
    const meta = ReadMeta.parse(await env.KV.get(metaKey(T), "json"));
    await writeMeta(env.KV, T, { ...meta, connected: false, reason: "Disconnected by an admin." });
    expect(await lookupCredit(env.KV, T, "ACME01", { ...opts, now: now + 1 })).toMatchObject({
      state: "not_connected",
      reason: "Disconnected by an admin.",
    });
  });

  it("a merged contact costs one more read, and only then", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    const { kv, calls } = counted(env.KV);
    const r = await lookupCredit(kv, T, "WOLD01", opts);
    expect(r).toMatchObject({
      state: "found",
      position: { customer: { contactId: DEMO_CONTACTS.woldsLtd.id } },
    });
    expect(calls).toHaveLength(2);
  });

  it("a bucket that is not JSON reads as missing (not_found), not a 500", async () => {
    await connect(emu, [DEMO_TENANT_ID], T);
    await syncToEnd();
    await env.KV.put(bucketKey(T, refBucket("ACME01")), "{not json");
    expect(await lookupCredit(env.KV, T, "ACME01", opts)).toMatchObject({ state: "not_found" });
  });
});
