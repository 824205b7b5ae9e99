import { describe, expect, it } from "vitest";
import { ProviderError } from "../../worker/provider/errors.ts";
import type { TokenSet } from "../../worker/provider/model.ts";
import { type KeeperDeps, TokenKeeper } from "../../worker/tenant/token-keeper.ts";

function harness(opts: { failFirst?: "lost" | "invalid_grant" | "config"; delayMs?: number } = {}) {
  let now = 1_000_000;
  let stored: TokenSet = {
    accessToken: "a0",
    refreshToken: "r0",
    expiresAt: now + 1_800_000,
    refreshIssuedAt: now,
    scope: "",
  };
  const calls: string[] = [];
  let reconnect: string | null = null;
  let n = 0;
  const deps: KeeperDeps = {
    load: async () => stored,
    save: async (t) => {
      stored = t;
    },
    refresh: async (rt) => {
      calls.push(rt);
      await new Promise((r) => setTimeout(r, opts.delayMs ?? 5));
      n++;
      if (n === 1 && opts.failFirst === "lost") throw new ProviderError("transient", "lost");
      if (opts.failFirst === "invalid_grant") throw new ProviderError("auth_revoked", "revoked");
      if (opts.failFirst === "config") throw new ProviderError("validation", "bad client");
      return {
        accessToken: `a${n}`,
        refreshToken: `r${n}`,
        expiresAt: now + 1_800_000,
        refreshIssuedAt: now,
        scope: "",
      };
    },
    onInvalidGrant: async (m) => {
      reconnect = m;
    },
    now: () => now,
    sleep: async () => {},
  };
  return {
    keeper: new TokenKeeper(deps),
    calls,
    stored: () => stored,
    reconnect: () => reconnect,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("TokenKeeper", () => {
  it("returns the current access token while it is fresh, without refreshing", async () => {
    const h = harness();
    expect(await h.keeper.accessToken()).toBe("a0");
    expect(h.calls).toEqual([]);
  });

  it("50 concurrent callers near expiry cause exactly one refresh", async () => {
    const h = harness();
    h.advance(1_750_000);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => h.keeper.accessToken()));
    expect(new Set(tokens)).toEqual(new Set(["a1"]));
    expect(h.calls).toEqual(["r0"]);
    expect(h.stored().refreshToken).toBe("r1");
  });

  it("a lost refresh response is retried with the previous refresh token (Xero's grace)", async () => {
    const h = harness({ failFirst: "lost" });
    h.advance(1_750_000);
    expect(await h.keeper.accessToken()).toBe("a2");
    expect(h.calls).toEqual(["r0", "r0"]);
  });

  it("invalid_grant marks the connection for reconnecting and is not retried", async () => {
    const h = harness({ failFirst: "invalid_grant" });
    h.advance(1_750_000);
    await expect(h.keeper.accessToken()).rejects.toMatchObject({ kind: "auth_revoked" });
    expect(h.calls).toHaveLength(1);
    expect(h.reconnect()).toContain("revoked");
  });

  it("configuration errors are not retried either", async () => {
    const h = harness({ failFirst: "config" });
    h.advance(1_750_000);
    await expect(h.keeper.accessToken()).rejects.toMatchObject({ kind: "validation" });
    expect(h.calls).toHaveLength(1);
  });

  it("a refresh after a 401 is skipped when the set already moved on", async () => {
    const h = harness();
    await h.keeper.refresh();
    expect(h.calls).toEqual(["r0"]);
    const again = await h.keeper.refresh("a0");
    expect(again.accessToken).toBe("a1");
    expect(h.calls).toEqual(["r0"]);
  });
});
