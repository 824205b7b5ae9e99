// The consent steps every OAuth provider shares (worker/provider/connect-flow.ts) over in-memory
// storage and a moved clock: ticket → state + PKCE verifier → callback redeemed once → purge.

import { describe, expect, it } from "vitest";
import { type ConsentOAuth, OAuthConsentFlow, type PurgeKind } from "../../worker/provider/connect-flow.ts";
import { OAuthError } from "../../worker/provider/oauth2.ts";
import type { CallbackOutcome } from "../../worker/provider/provider.ts";
import { AUTH_TTL_MS, TICKET_TTL_MS } from "../../worker/tenant/records.ts";
import { splitTenantRef } from "../../worker/tenant/tenant-ref.ts";

const ORIGIN = "https://agg.test";
const TENANT = "tenant-1";

/** A test provider: its callback answer is whatever `exchange` does. */
class TestFlow extends OAuthConsentFlow<{ name: string }, string> {
  redeemed(id: string, url: string) {
    return this.redeem(id, url);
  }
  async completeAuthorize(): Promise<CallbackOutcome> {
    throw new Error("not used");
  }
  async completePick(): Promise<CallbackOutcome> {
    throw new Error("not used");
  }
}

function setup(exchange: ConsentOAuth<{ name: string }, string>["exchangeCode"] = async () => "tokens") {
  const store = new Map<string, unknown>();
  const clock = { now: 1_000_000 };
  const storage = {
    get: async <T>(k: string) => store.get(k) as T | undefined,
    put: async <T>(k: string, v: T) => void store.set(k, v),
    delete: async (k: string) => store.delete(k),
    list: async ({ prefix }: { prefix: string }) => new Map([...store].filter(([k]) => k.startsWith(prefix))),
  };
  const calls: { state: string; verifier: string; now: number }[] = [];
  const flow = new TestFlow(
    {
      storage,
      tenant: TENANT,
      allowedOrigins: `${ORIGIN}/, https://other.test`,
      cfg: { name: "c" },
      fetchFn: fetch,
    },
    () => clock.now,
    {
      authorizeUrl: async (cfg, state, verifier) =>
        `https://idp.test/authorize?cfg=${cfg.name}&state=${state}&v=${verifier}`,
      exchangeCode: async (cfg, fetchFn, callback, state, verifier, now) => {
        calls.push({ state, verifier, now });
        return exchange(cfg, fetchFn, callback, state, verifier, now);
      },
      errorCode: "test_error",
      unreachable: "Test could not be reached.",
    },
  );
  return { store, clock, flow, calls };
}

/** Ticket → consent URL; returns the state's nonce and the verifier the URL carries. */
async function begun(s: ReturnType<typeof setup>) {
  const ticket = await s.flow.createTicket("user-1", ORIGIN);
  if (!ticket.ok) throw new Error("no ticket");
  const r = await s.flow.beginAuthorize(ticket.value);
  if (!r.ok) throw new Error("no url");
  const url = new URL(r.value.url);
  const ref = splitTenantRef(url.searchParams.get("state"));
  return { ref, state: url.searchParams.get("state") ?? "", verifier: url.searchParams.get("v") ?? "", r };
}

describe("start tickets", () => {
  it("only for an allowed origin; single use; 60 seconds", async () => {
    const s = setup();
    expect(await s.flow.createTicket("user-1", "https://evil.test")).toMatchObject({
      ok: false,
      status: 403,
    });
    const t = await s.flow.createTicket("user-1", ORIGIN);
    if (!t.ok) throw new Error("no ticket");
    expect(s.store.get(`ticket:${t.value}`)).toEqual({
      sub: "user-1",
      origin: ORIGIN,
      expiresAt: 1_000_000 + TICKET_TTL_MS,
    });
    expect((await s.flow.beginAuthorize(t.value)).ok).toBe(true);
    expect(await s.flow.beginAuthorize(t.value)).toMatchObject({
      ok: false,
      status: 400,
      code: "bad_request",
    });
    const late = await s.flow.createTicket("user-1", ORIGIN);
    if (!late.ok) throw new Error("no ticket");
    s.clock.now += TICKET_TTL_MS + 1;
    expect(await s.flow.beginAuthorize(late.value)).toMatchObject({ ok: false, status: 400 });
  });

  it("the consent URL carries a state naming this tenant and a fresh PKCE verifier kept for the callback", async () => {
    const s = setup();
    const { ref, verifier, r } = await begun(s);
    expect(r.value.origin).toBe(ORIGIN);
    expect(ref?.tenant).toBe(TENANT);
    expect(verifier).toMatch(/^[\w-]{43,128}$/);
    expect(s.store.get(`auth:${ref?.nonce}`)).toEqual({
      sub: "user-1",
      origin: ORIGIN,
      verifier,
      expiresAt: 1_000_000 + AUTH_TTL_MS,
    });
    expect((await begun(s)).verifier).not.toBe(verifier);
  });
});

describe("redeem", () => {
  it("trades the code once, with the callback's state, the stored verifier and the clock", async () => {
    const s = setup();
    const { ref, state, verifier } = await begun(s);
    const cb = `https://w.test/cb?code=c&state=${encodeURIComponent(state)}`;
    const got = await s.flow.redeemed(ref?.nonce ?? "", cb);
    expect(got).toEqual({
      pending: { sub: "user-1", origin: ORIGIN, verifier, expiresAt: 1_000_000 + AUTH_TTL_MS },
      got: "tokens",
    });
    expect(s.calls).toEqual([{ state, verifier, now: 1_000_000 }]);
    expect(await s.flow.redeemed(ref?.nonce ?? "", cb)).toEqual({
      failed: {
        kind: "failed",
        origin: null,
        code: "state_invalid",
        message: "This sign-in has expired or was already used. Start again from AGG SMART.",
      },
    });
    expect(s.calls).toHaveLength(1);
  });

  it("an expired state is refused without calling the provider", async () => {
    const s = setup();
    const { ref } = await begun(s);
    s.clock.now += AUTH_TTL_MS + 1;
    expect(await s.flow.redeemed(ref?.nonce ?? "", "https://w.test/cb?code=c")).toMatchObject({
      failed: { code: "state_invalid", origin: null },
    });
    expect(s.calls).toHaveLength(0);
  });

  it("a denial is access_denied; other failures the provider's code, with its message or `unreachable`", async () => {
    const cases: [unknown, string, string][] = [
      [new OAuthError("denied", "Access was not granted."), "access_denied", "Access was not granted."],
      [new OAuthError("invalid_grant", "Gone."), "test_error", "Gone."],
      [new TypeError("fetch failed"), "test_error", "Test could not be reached."],
    ];
    for (const [err, code, message] of cases) {
      const s = setup(async () => {
        throw err;
      });
      const { ref } = await begun(s);
      expect(await s.flow.redeemed(ref?.nonce ?? "", "https://w.test/cb?code=c")).toEqual({
        failed: { kind: "failed", origin: ORIGIN, code, message },
      });
    }
  });
});

describe("purgeExpired", () => {
  it("deletes expired and unreadable records (running `expired` for its own kinds) and says when the next expires", async () => {
    const s = setup();
    const at = (expiresAt: number) => ({ sub: "u", origin: ORIGIN, verifier: "v", expiresAt });
    s.store.set("ticket:old", { sub: "u", origin: ORIGIN, expiresAt: 10 });
    s.store.set("ticket:new", { sub: "u", origin: ORIGIN, expiresAt: 5_000 });
    s.store.set("auth:old", at(999));
    s.store.set("auth:junk", { nope: true });
    s.store.set("auth:new", at(3_000));
    s.store.set("auth:edge", at(1_000)); // expires this very millisecond: still usable
    s.store.set("pick:old", { expiresAt: 1 });
    s.store.set("pick:new", { expiresAt: 4_000 });
    s.store.set("other:old", { expiresAt: 1 });
    const gone: [string, unknown][] = [];
    const pick: PurgeKind = {
      prefix: "pick:",
      parse: (v) => v as { expiresAt: number },
      expired: async (id, rec) => void gone.push([id, rec]),
    };
    expect(await s.flow.purgeExpired(1_000, [pick])).toBe(1_000);
    expect([...s.store.keys()].sort()).toEqual([
      "auth:edge",
      "auth:new",
      "other:old",
      "pick:new",
      "ticket:new",
    ]);
    expect(gone).toEqual([["old", { expiresAt: 1 }]]);
    expect(await s.flow.purgeExpired(10_000)).toBeNull();
    expect([...s.store.keys()].sort()).toEqual(["other:old", "pick:new"]);
  });
});
