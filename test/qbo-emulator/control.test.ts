// The control API and the demo seed: pay/void/delete/merge/create/update, faults (5xx, 429, slow,
// malformed, lost responses), revoking a connection, counters with minorversion, clock, reset.

import { describe, expect, it } from "vitest";
import { createQboEmulator, DEMO_QBO_IDS, DEMO_REALM_ID, LARGE_REALM_ID } from "./index.ts";
import { qboHarness, tokenRequest } from "./testing.ts";

type Json = Record<string, any>;
const ctl = (emu: { fetch: typeof fetch }, path: string, body?: unknown, method = "POST") =>
  emu.fetch(`http://x/_control${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("demo seed", () => {
  it("has Demo Quarry Ltd with messy Fax limits, jobs, an inactive and a merged customer, duplicate names", async () => {
    const h = await qboHarness();
    const all = (await h.query("SELECT * FROM Customer WHERE Active IN (true, false) MAXRESULTS 1000")).body
      .QueryResponse.Customer as Json[];
    const byId = new Map(all.map((c) => [c.Id, c]));
    const fax = (k: string) => byId.get(DEMO_QBO_IDS.customers[k])?.Fax?.FreeFormNumber;
    expect([
      fax("acme"),
      fax("britannia"),
      fax("calder"),
      fax("dale"),
      fax("eastfield"),
      fax("fenwick"),
    ]).toEqual(["10000", "10,000", "£10,000.00", "01234 567890", "ask accounts", undefined]);
    const leeds = byId.get(DEMO_QBO_IDS.customers.hallamLeeds);
    expect(leeds).toMatchObject({
      Job: true,
      ParentRef: { value: DEMO_QBO_IDS.customers.hallam },
      FullyQualifiedName: "Hallam Contractors:Leeds Site",
      Level: 1,
    });
    const hallam = byId.get(DEMO_QBO_IDS.customers.hallam);
    expect(hallam?.BalanceWithJobs).toBeGreaterThan(hallam?.Balance);
    expect(byId.get(DEMO_QBO_IDS.customers.jubileeOld)).toMatchObject({ Active: false, Balance: 0 });
    expect(all.filter((c) => c.CompanyName === "Kirk & Sons")).toHaveLength(2);
    const co = (await h.api(`/companyinfo/${DEMO_REALM_ID}`).then((r) => r.json())) as Json;
    expect(co.CompanyInfo).toMatchObject({ CompanyName: "Demo Quarry Ltd", Country: "GB" });
    expect(((await h.api("/preferences").then((r) => r.json())) as Json).Preferences.CurrencyPrefs).toEqual({
      MultiCurrencyEnabled: false,
      HomeCurrency: { value: "GBP" },
    });
    expect(h.violations).toEqual([]);
  });

  it("has invoices paid, part-paid, overdue, voided and (only in CDC) deleted, numbered J-2000x", async () => {
    const h = await qboHarness();
    const inv = (await h.query("SELECT * FROM Invoice MAXRESULTS 1000")).body.QueryResponse.Invoice as Json[];
    const by = new Map(inv.map((i) => [i.DocNumber, i]));
    expect(by.get("J-20001")).toMatchObject({ Balance: 0, TotalAmt: 1250 });
    expect(by.get("J-20003")).toMatchObject({ Balance: 1600, TotalAmt: 3200 });
    expect(by.get("J-20006")).toMatchObject({ Balance: 0, TotalAmt: 0, PrivateNote: "Voided" });
    expect(by.has("J-20008")).toBe(false);
    expect(by.get("J-20001")?.CustomField).toEqual([
      { DefinitionId: "1", Name: "Job No", Type: "StringType", StringValue: "J-20001" },
    ]);
    const today = new Date(h.emu.clock.now()).toISOString().slice(0, 10);
    expect(by.get("J-20005")?.DueDate < today && by.get("J-20005")?.Balance > 0).toBe(true);
    expect(by.get("J-20013")?.CustomerRef.value).toBe(DEMO_QBO_IDS.customers.jubilee);
    expect(h.violations).toEqual([]);
  });

  it("generates a 10,000-customer company on request", async () => {
    const emu = createQboEmulator();
    const res = await ctl(emu, "/seed", { preset: "large" });
    expect(res.status).toBe(200);
    expect(emu.state.companies.get(LARGE_REALM_ID)?.customers.size).toBe(10_000);
  });
});

describe("control operations", () => {
  it("pays, voids, deletes, creates and updates; bad input is a 400 with a message", async () => {
    const h = await qboHarness();
    const pay = await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices/J-20007/pay`, {
      amount: 100,
      date: "2026-11-30",
    });
    expect(((await pay.json()) as Json).TotalAmt).toBe(100);
    expect(
      (await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices/J-20007/pay`, { amount: 5000 })).status,
    ).toBe(400);
    const created = (await (
      await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices`, {
        docNumber: "J-20999",
        customerId: DEMO_QBO_IDS.customers.acme,
        total: 99.99,
      })
    ).json()) as Json;
    expect(created).toMatchObject({ DocNumber: "J-20999", Balance: 99.99, SyncToken: "0" });
    const updated = (await (
      await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices/${created.Id}`, { total: 150 }, "PATCH")
    ).json()) as Json;
    expect(updated).toMatchObject({ TotalAmt: 150, Balance: 150, SyncToken: "1" });
    const cust = (await (
      await ctl(h.emu, `/companies/${DEMO_REALM_ID}/customers`, { displayName: "New Co", fax: "5000" })
    ).json()) as Json;
    expect(cust).toMatchObject({
      DisplayName: "New Co",
      Fax: { FreeFormNumber: "5000" },
      Active: true,
      Job: false,
    });
    expect(
      (await ctl(h.emu, `/companies/${DEMO_REALM_ID}/customers/${cust.Id}`, { active: false }, "PATCH"))
        .status,
    ).toBe(200);
    const v = (await (await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices/J-20007/void`)).json()) as Json;
    expect(v).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: "Voided" });
    expect(
      (await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices/J-20999`, undefined, "DELETE")).status,
    ).toBe(200);
    expect((await h.api(`/invoice/${created.Id}`)).status).toBe(400);
    expect((await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices`, { total: -1 })).status).toBe(400);
    expect((await ctl(h.emu, `/companies/${DEMO_REALM_ID}/customers`, "{")).status).toBe(400);
    expect((await ctl(h.emu, "/companies/nope/invoices/J-1/pay", {})).status).toBe(400);
    expect(h.violations).toEqual([]);
  });

  it("revoking a connection (user disconnected in QuickBooks) kills API calls and refresh", async () => {
    const h = await qboHarness();
    const conns = (await (await h.emu.fetch("http://x/_control/connections")).json()) as Json[];
    expect(conns).toHaveLength(1);
    expect((await ctl(h.emu, `/connections/${conns[0]?.id}/revoke`)).status).toBe(200);
    const res = await h.api("/preferences");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      fault: {
        error: [
          {
            message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
            detail: "Token revoked",
            code: "3200",
          },
        ],
        type: "AUTHENTICATION",
      },
    });
    const r = await tokenRequest(h.emu.fetch, {
      grant_type: "refresh_token",
      refresh_token: h.tokens.refresh_token,
    });
    expect(await r.json()).toEqual({ error: "invalid_grant" });
  });

  it("moves the clock and resets to the seed", async () => {
    const h = await qboHarness();
    const t = h.emu.clock.now();
    const c = (await (await ctl(h.emu, "/clock", { advanceMs: 60_000 })).json()) as Json;
    expect(Date.parse(c.now)).toBe(t + 60_000);
    await ctl(h.emu, `/companies/${DEMO_REALM_ID}/invoices/J-20002/pay`, {});
    await ctl(h.emu, "/reset");
    expect(
      h.emu.state.companies.get(DEMO_REALM_ID)?.invoices.get(DEMO_QBO_IDS.invoices["J-20002"] as string)
        ?.balancePence,
    ).toBe(48050);
    expect(h.emu.state.identity.grants.size).toBe(0);
  });
});

describe("faults", () => {
  it("5xx and 429 are answered without doing the work; malformed is truncated JSON", async () => {
    const h = await qboHarness();
    const prefix = `/v3/company/${DEMO_REALM_ID}/query`;
    await ctl(h.emu, "/faults", { pathPrefix: prefix, kind: "status", status: 503 });
    const s = await h.query("SELECT * FROM Customer");
    expect(s.status).toBe(503);
    expect(s.body.Fault.type).toBe("SystemFault");
    await ctl(h.emu, "/faults", { pathPrefix: prefix, kind: "rate_limit" });
    expect((await h.query("SELECT * FROM Customer")).body.Fault.Error[0].code).toBe("3001");
    await ctl(h.emu, "/faults", { pathPrefix: prefix, kind: "malformed" });
    const m = await h.emu.fetch(
      `https://q/v3/company/${DEMO_REALM_ID}/query?query=select%20*%20from%20Customer`,
      { headers: { authorization: `Bearer ${h.tokens.access_token}`, accept: "application/json" } },
    );
    await expect(m.json()).rejects.toThrow();
    expect((await h.query("SELECT * FROM Customer")).status).toBe(200);
    await ctl(h.emu, "/faults", { pathPrefix: "/oauth2/v1/tokens", kind: "drop_response" });
    await expect(
      tokenRequest(h.emu.fetch, { grant_type: "refresh_token", refresh_token: h.tokens.refresh_token }),
    ).rejects.toThrow(TypeError);
    expect((await ctl(h.emu, "/faults", { pathPrefix: "nope", kind: "status" })).status).toBe(400);
  });

  it("queryIncludes picks reads by their query text: customer reads fail, invoice reads do not", async () => {
    const h = await qboHarness();
    const prefix = `/v3/company/${DEMO_REALM_ID}/query`;
    await ctl(h.emu, "/faults", {
      pathPrefix: prefix,
      queryIncludes: "from customer",
      kind: "status",
      count: 2,
    });
    expect((await h.query("SELECT * FROM Invoice")).status).toBe(200);
    expect((await h.query("SELECT * FROM Customer")).status).toBe(503);
    expect((await h.query("SELECT * FROM Invoice")).status).toBe(200);
    expect((await h.query("SELECT * FROM Customer")).status).toBe(503);
    expect((await h.query("SELECT * FROM Customer")).status).toBe(200);
  });
});

describe("counters", () => {
  it("counts per METHOD path and records the minorversion each call sent", async () => {
    const h = await qboHarness();
    await h.api("/preferences");
    await h.api("/preferences?minorversion=40");
    await h.query("SELECT * FROM Customer");
    const res = await h.emu.fetch(
      `https://q/v3/company/${DEMO_REALM_ID}/customer/${DEMO_QBO_IDS.customers.acme}`,
      {
        headers: { authorization: `Bearer ${h.tokens.access_token}`, accept: "application/json" },
      },
    );
    expect(res.status).toBe(200);
    const c = (await (await h.emu.fetch("http://x/_control/counters")).json()) as Json;
    expect(c.total["GET /v3/company/{realmId}/preferences"]).toBe(2);
    expect(c.total["POST /oauth2/v1/tokens/bearer"]).toBe(1);
    expect(c.minorVersions["GET /v3/company/{realmId}/preferences"]).toEqual({ "75": 1, "40": 1 });
    expect(c.minorVersions["GET /v3/company/{realmId}/customer/{id}"]).toEqual({ none: 1 });
    expect(c.byRealm[DEMO_REALM_ID]["GET /v3/company/{realmId}/query"]).toBe(1);
    expect(h.violations).toEqual([]);
  });
});
