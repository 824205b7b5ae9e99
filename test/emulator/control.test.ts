import { describe, expect, it } from "vitest";
import { amountDue } from "./accounting/model.ts";
import { createEmulator, type Emulator } from "./index.ts";
import { startEmulatorServer } from "./server.ts";

const BASE = "http://localhost:8789";
const BASIC = `Basic ${btoa("demo-client-id:demo-client-secret")}`;

function post(em: Emulator, path: string, body?: unknown | string): Promise<Response> {
  const text = typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body);
  return em.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: text,
  });
}

async function json<T = Record<string, unknown>>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

function openInvoice(em: Emulator) {
  for (const org of em.state.orgs.values()) {
    const bank = [...org.accounts.values()].find((a) => a.type === "BANK" && a.status === "ACTIVE");
    for (const inv of org.invoices.values()) {
      if (bank && inv.type === "ACCREC" && inv.status === "AUTHORISED" && amountDue(inv) > 0) {
        return { org, inv, bankCode: bank.code };
      }
    }
  }
  throw new Error("demo seed has no open sales invoice with a bank account");
}

async function setup(em: Emulator) {
  const target = openInvoice(em);
  const { tokens } = await em.connect({ tenantIds: [target.org.tenantId] });
  const headers = {
    Authorization: `Bearer ${tokens.access_token}`,
    "xero-tenant-id": target.org.tenantId,
    Accept: "application/json",
    "Content-Type": "application/json",
  };
  const pay = () =>
    em.fetch(`${BASE}/api.xro/2.0/Payments`, {
      method: "PUT",
      headers,
      body: JSON.stringify({
        Invoice: { InvoiceID: target.inv.invoiceId },
        Account: { Code: target.bankCode },
        Date: "2026-11-20",
        Amount: amountDue(target.inv) / 100,
      }),
    });
  return { ...target, tokens, headers, pay };
}

describe("control API", () => {
  it("moves and sets the clock", async () => {
    const em = createEmulator();
    const start = em.clock.now();
    const moved = await json(post(em, "/_control/clock", { advanceMs: 90_000 }));
    expect(Date.parse(String(moved.now))).toBe(start + 90_000);
    const set = await json(post(em, "/_control/clock", { set: "2026-03-01T09:30:00.000Z" }));
    expect(set.now).toBe("2026-03-01T09:30:00.000Z");
    expect(em.clock.now()).toBe(Date.parse("2026-03-01T09:30:00Z"));
  });

  it("answers bad input with 400 and a message, never a 500", async () => {
    const em = createEmulator({ seed: "demo" });
    const bad: [string, unknown][] = [
      ["/_control/clock", "{not json"],
      ["/_control/clock", { advanceMs: "soon" }],
      ["/_control/clock", { set: "not a date" }],
      ["/_control/clock", { nonsense: 1 }],
      ["/_control/seed", { preset: "huge" }],
      ["/_control/faults", { kind: "status" }],
      ["/_control/faults", { pathPrefix: "/x", kind: "explode" }],
      ["/_control/limits", { perMinute: -1 }],
      ["/_control/webhooks", { url: "not a url" }],
      [`/_control/orgs/${crypto.randomUUID()}/invoices/${crypto.randomUUID()}/pay`, {}],
      ["/_control/orgs/x/invoices/y/pay", { amount: "lots" }],
    ];
    for (const [path, body] of bad) {
      const res = await post(em, path, body as string);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      const { error } = await json<{ error: string }>(res);
      expect(error.length).toBeGreaterThan(3);
    }
  });

  it("seeds, marks an invoice paid in Xero (recording the change) and resets to the initial state", async () => {
    const em = createEmulator();
    expect(em.state.orgs.size).toBe(0);
    const seeded = await json<{ orgs: { tenantId: string }[] }>(
      post(em, "/_control/seed", { preset: "demo" }),
    );
    expect(seeded.orgs.length).toBeGreaterThan(0);
    const { org, inv } = openInvoice(em);
    const res = await post(em, `/_control/orgs/${org.tenantId}/invoices/${inv.invoiceId}/pay`, {});
    expect(res.status).toBe(200);
    expect(amountDue(inv)).toBe(0);
    const changes = await json<{ resourceId: string }[]>(em.fetch(`${BASE}/_control/changes`));
    expect(changes.map((c) => c.resourceId)).toContain(inv.invoiceId);
    await em.connect();
    expect((await post(em, "/_control/reset")).status).toBe(200);
    expect(em.state.orgs.size).toBe(0);
    expect(em.state.identity.connections.size).toBe(0);
    expect(em.state.changes).toHaveLength(0);
  });

  it("lists every connection with the grant's revoked flag, and disconnects one as the user would in Xero", async () => {
    const em = createEmulator({ seed: "demo" });
    const { connections, tokens } = await em.connect();
    const conn = connections[0];
    const res = await post(em, `/_control/connections/${conn?.id}/disconnect`);
    expect(res.status).toBe(200);
    expect((await post(em, `/_control/connections/${conn?.id}/disconnect`)).status).toBe(404);
    const all = await json<Record<string, unknown>[]>(em.fetch(`${BASE}/_control/connections`));
    expect(all[0]).toMatchObject({ id: conn?.id, deleted: true, deletedBy: "user", grantRevoked: false });
    const api = await em.fetch(`${BASE}/api.xro/2.0/Organisation`, {
      headers: { Authorization: `Bearer ${tokens.access_token}`, "xero-tenant-id": conn?.tenantId ?? "" },
    });
    expect(api.status).toBe(403);
  });
});

describe("faults", () => {
  it("status: answers the 5xx and leaves state untouched; count limits how often it fires", async () => {
    const em = createEmulator({ seed: "demo" });
    const s = await setup(em);
    const due = amountDue(s.inv);
    const { id } = await json<{ id: string }>(
      post(em, "/_control/faults", {
        method: "PUT",
        pathPrefix: "/api.xro/2.0/payments",
        kind: "status",
        status: 503,
      }),
    );
    expect(id).toBeTruthy();
    const res = await s.pay();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ Status: 503 });
    expect(amountDue(s.inv)).toBe(due);
    expect((await s.pay()).status).toBe(200);
    expect(amountDue(s.inv)).toBe(0);
  });

  it("rate_limit answers 429 with headers; malformed answers 200 with broken JSON; DELETE clears faults", async () => {
    const em = createEmulator({ seed: "demo" });
    const s = await setup(em);
    const get = () => em.fetch(`${BASE}/api.xro/2.0/Organisation`, { headers: s.headers });
    await post(em, "/_control/faults", {
      pathPrefix: "/api.xro/2.0/Organisation",
      kind: "rate_limit",
      retryAfter: 7,
      problem: "day",
    });
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("7");
    expect(limited.headers.get("X-Rate-Limit-Problem")).toBe("day");
    await post(em, "/_control/faults", { pathPrefix: "/api.xro/2.0/Organisation", kind: "malformed" });
    const broken = await get();
    expect(broken.status).toBe(200);
    await expect(broken.json()).rejects.toThrow();
    await post(em, "/_control/faults", { pathPrefix: "/api.xro", kind: "status", count: 5 });
    expect(em.state.faults).toHaveLength(1);
    await em.fetch(`${BASE}/_control/faults`, { method: "DELETE" });
    expect((await get()).status).toBe(200);
  });

  it("drop_response: the payment IS applied but the caller's fetch throws TypeError", async () => {
    const em = createEmulator({ seed: "demo" });
    const s = await setup(em);
    await post(em, "/_control/faults", {
      method: "PUT",
      pathPrefix: "/api.xro/2.0/Payments",
      kind: "drop_response",
    });
    await expect(s.pay()).rejects.toThrow(new TypeError("Network connection lost."));
    expect(amountDue(s.inv)).toBe(0);
    expect(s.org.payments.size).toBeGreaterThan(0);
  });

  it("drop_response on /connect/token: the refresh happened, and the old refresh token recovers it within grace", async () => {
    const em = createEmulator({ seed: "demo" });
    const { tokens } = await em.connect();
    const refresh = (rt: string) =>
      em.fetch(`${BASE}/connect/token`, {
        method: "POST",
        headers: { Authorization: BASIC, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: rt }),
      });
    await post(em, "/_control/faults", {
      method: "POST",
      pathPrefix: "/connect/token",
      kind: "drop_response",
    });
    await expect(refresh(tokens.refresh_token ?? "")).rejects.toBeInstanceOf(TypeError);
    expect(em.state.identity.refreshTokens.get(tokens.refresh_token ?? "")?.rotatedAt).toBeDefined();
    em.clock.advance(60_000);
    const again = await refresh(tokens.refresh_token ?? "");
    expect(again.status).toBe(200);
  });
});

describe("counters", () => {
  it("count every request as METHOD /path with GUIDs as {id}, overall and per tenant; DELETE resets", async () => {
    const em = createEmulator({ seed: "demo" });
    const s = await setup(em);
    await em.fetch(`${BASE}/_control/counters`, { method: "DELETE" });
    await em.fetch(`${BASE}/api.xro/2.0/Invoices/${s.inv.invoiceId}?summaryOnly=true`, {
      headers: s.headers,
    });
    await em.fetch(`${BASE}/api.xro/2.0/Invoices/${crypto.randomUUID()}`, { headers: s.headers });
    await em.fetch(`${BASE}/api.xro/2.0/Contacts`, { headers: s.headers });
    await em.fetch(`${BASE}/connections`, { headers: { Authorization: s.headers.Authorization } });
    const snap = await json<{
      total: Record<string, number>;
      byTenant: Record<string, Record<string, number>>;
    }>(em.fetch(`${BASE}/_control/counters`));
    expect(snap.total).toEqual({
      "GET /api.xro/2.0/Invoices/{id}": 2,
      "GET /api.xro/2.0/Contacts": 1,
      "GET /connections": 1,
    });
    expect(snap.byTenant[s.org.tenantId.toLowerCase()]).toEqual({
      "GET /api.xro/2.0/Invoices/{id}": 2,
      "GET /api.xro/2.0/Contacts": 1,
    });
    await em.fetch(`${BASE}/_control/counters`, { method: "DELETE" });
    expect(await json(em.fetch(`${BASE}/_control/counters`))).toEqual({ total: {}, byTenant: {} });
  });
});

describe("node server", () => {
  it("serves the emulator over HTTP and destroys the socket for drop_response", async () => {
    const server = await startEmulatorServer({ port: 0, seed: "demo" });
    try {
      expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
      const orgs = await json<unknown[]>(fetch(`${server.url}/_control/orgs`));
      expect(orgs.length).toBeGreaterThan(0);
      const page = await fetch(`${server.url}/identity/connect/authorize?client_id=nope`);
      expect(page.status).toBe(400);
      await fetch(`${server.url}/_control/faults`, {
        method: "POST",
        body: JSON.stringify({ pathPrefix: "/connections", kind: "drop_response" }),
      });
      await expect(fetch(`${server.url}/connections`)).rejects.toThrow();
      expect((await fetch(`${server.url}/connections`)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
