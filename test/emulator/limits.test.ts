import { describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "./index.ts";
import { STARTER_PER_DAY } from "./limits.ts";
import { manualClock } from "./state.ts";

const SEC = 1000;

async function connected(em: Emulator, tenants = 1): Promise<{ token: string; tenantIds: string[] }> {
  const tenantIds = [...em.state.orgs.keys()].slice(0, tenants);
  const { tokens } = await em.connect({ tenantIds });
  return { token: tokens.access_token, tenantIds };
}

function org(em: Emulator, token: string, tenantId: string): Promise<Response> {
  return em.fetch("http://localhost:8789/api.xro/2.0/Organisation", {
    headers: { Authorization: `Bearer ${token}`, "xero-tenant-id": tenantId, Accept: "application/json" },
  });
}

async function control(em: Emulator, path: string, body: unknown): Promise<Response> {
  return em.fetch(`http://localhost:8789/_control${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("rate limits", () => {
  it("puts X-DayLimit-Remaining, X-MinLimit-Remaining and X-AppMinLimit-Remaining on every Accounting response", async () => {
    const em = createEmulator({ seed: "demo" });
    const { token, tenantIds } = await connected(em);
    const res = await org(em, token, tenantIds[0] ?? "");
    expect(res.status).toBe(200);
    expect(res.headers.get("X-DayLimit-Remaining")).toBe("4999");
    expect(res.headers.get("X-MinLimit-Remaining")).toBe("59");
    expect(res.headers.get("X-AppMinLimit-Remaining")).toBe("9999");
  });

  it("answers the 61st call in a rolling minute with 429, Retry-After and X-Rate-Limit-Problem: minute", async () => {
    const em = createEmulator({ seed: "demo" });
    const { token, tenantIds } = await connected(em);
    const t = tenantIds[0] ?? "";
    for (let i = 0; i < 30; i++) expect((await org(em, token, t)).status).toBe(200);
    em.clock.advance(30 * SEC);
    let last: Response | undefined;
    for (let i = 0; i < 30; i++) last = await org(em, token, t);
    expect(last?.status).toBe(200);
    expect(last?.headers.get("X-MinLimit-Remaining")).toBe("0");
    const limited = await org(em, token, t);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("30");
    expect(limited.headers.get("X-Rate-Limit-Problem")).toBe("minute");
    expect(limited.headers.get("X-MinLimit-Remaining")).toBe("0");
    em.clock.advance(30 * SEC); // the first 30 calls leave the window
    const again = await org(em, token, t);
    expect(again.status).toBe(200);
    expect(again.headers.get("X-MinLimit-Remaining")).toBe("29");
  });

  it("limits each tenant separately per minute", async () => {
    const em = createEmulator({ seed: "demo", limits: { perMinute: 2 } });
    const { token, tenantIds } = await connected(em, 2);
    const [a = "", b = ""] = tenantIds;
    expect(b).not.toBe("");
    await org(em, token, a);
    await org(em, token, a);
    expect((await org(em, token, a)).status).toBe(429);
    expect((await org(em, token, b)).status).toBe(200);
  });

  it("enforces the daily limit (X-Rate-Limit-Problem: day) and the app-wide minute limit (appminute)", async () => {
    const em = createEmulator({ seed: "demo", clock: manualClock(Date.parse("2026-12-01T18:00:00Z")) });
    const { token, tenantIds } = await connected(em, 2);
    const [a = "", b = ""] = tenantIds;
    expect((await control(em, "/limits", { perDay: 3 })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await org(em, token, a)).status).toBe(200);
    const day = await org(em, token, a);
    expect(day.status).toBe(429);
    expect(day.headers.get("X-Rate-Limit-Problem")).toBe("day");
    expect(day.headers.get("Retry-After")).toBe(String(6 * 60 * 60)); // until 00:00 UTC
    expect(day.headers.get("X-DayLimit-Remaining")).toBe("0");

    await control(em, "/limits", { perDay: 5000, appPerMinute: 4, resetUsage: true });
    for (const t of [a, b, a, b]) expect((await org(em, token, t)).status).toBe(200);
    const app = await org(em, token, b);
    expect(app.status).toBe(429);
    expect(app.headers.get("X-Rate-Limit-Problem")).toBe("appminute");
    em.clock.advance(60 * SEC);
    expect((await org(em, token, b)).status).toBe(200);
  });

  it("the day is a fixed UTC window: calls just before the reset do not count after it, and Retry-After runs to the reset", async () => {
    const em = createEmulator({
      seed: "demo",
      limits: { perDay: 2 },
      clock: manualClock(Date.parse("2026-12-01T23:59:00Z")),
    });
    const { token, tenantIds } = await connected(em);
    const t = tenantIds[0] ?? "";
    expect((await org(em, token, t)).headers.get("X-DayLimit-Remaining")).toBe("1");
    expect((await org(em, token, t)).headers.get("X-DayLimit-Remaining")).toBe("0");
    const limited = await org(em, token, t);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("X-Rate-Limit-Problem")).toBe("day");
    expect(limited.headers.get("Retry-After")).toBe("60");
    em.clock.set(Date.parse("2026-12-02T00:00:01Z")); // a rolling day would still count both calls
    const fresh = await org(em, token, t);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("X-DayLimit-Remaining")).toBe("1");
    expect(em.limiter.usage(t).day).toBe(1);
  });

  it("the reset time is configurable (minutes after 00:00 UTC)", async () => {
    const em = createEmulator({
      seed: "demo",
      limits: { perDay: 1, dayResetUtcMinute: 12 * 60 },
      clock: manualClock(Date.parse("2026-12-01T11:50:00Z")),
    });
    const { token, tenantIds } = await connected(em);
    const t = tenantIds[0] ?? "";
    expect((await org(em, token, t)).status).toBe(200);
    const limited = await org(em, token, t);
    expect(limited.headers.get("Retry-After")).toBe("600");
    em.clock.set(Date.parse("2026-12-01T12:00:00Z"));
    expect((await org(em, token, t)).status).toBe(200);
  });

  it("each organisation has its own daily budget by plan (Starter 1,000), set through the control API", async () => {
    const em = createEmulator({ seed: "demo" });
    const { token, tenantIds } = await connected(em, 2);
    const [a = "", b = ""] = tenantIds;
    const res = await control(em, "/limits", { perDayByOrg: { [a]: STARTER_PER_DAY } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { perDayByOrg: Record<string, number> }).perDayByOrg).toEqual({
      [a]: 1000,
    });
    expect((await org(em, token, a)).headers.get("X-DayLimit-Remaining")).toBe("999");
    expect((await org(em, token, b)).headers.get("X-DayLimit-Remaining")).toBe("4999");
    expect((await control(em, "/limits", { perDayByOrg: { [a]: 0 } })).status).toBe(400);
    em.reset(); // back to the defaults: no per-organisation budgets
    expect(em.limiter.config.perDayByOrg).toEqual({});
  });

  it("allows 5 calls in flight per tenant; the 6th gets 429 concurrent", async () => {
    const em = createEmulator({ seed: "demo" });
    const { token, tenantIds } = await connected(em);
    const t = tenantIds[0] ?? "";
    await control(em, "/faults", {
      method: "GET",
      pathPrefix: "/api.xro/2.0/Organisation",
      kind: "slow",
      delayMs: 150,
      count: 5,
    });
    const results = await Promise.all(Array.from({ length: 6 }, () => org(em, token, t)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = results.find((r) => r.status === 429);
    expect(limited?.headers.get("X-Rate-Limit-Problem")).toBe("concurrent");
    expect(Number(limited?.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(em.limiter.usage(t).inFlight).toBe(0);
    expect((await org(em, token, t)).status).toBe(200);
  });

  it("does not count calls refused for auth", async () => {
    const em = createEmulator({ seed: "demo", limits: { perMinute: 1 } });
    const { token, tenantIds } = await connected(em);
    const t = tenantIds[0] ?? "";
    expect((await org(em, "bad-token", t)).status).toBe(401);
    expect((await org(em, token, t)).status).toBe(200);
  });
});
