// The query language subset: grammar (QueryParserError 4000 for anything else), validation (4001),
// filters, inactive exclusion, paging, COUNT(*), the empty QueryResponse, POST application/text.

import { describe, expect, it } from "vitest";
import { parseQuery, QueryParserError, QueryValidationError } from "./api/query-parse.ts";
import { DEMO_QBO_IDS } from "./index.ts";
import { qboHarness } from "./testing.ts";

describe("parseQuery", () => {
  it("accepts the subset the product sends", () => {
    expect(parseQuery("select * from Customer")).toMatchObject({
      count: false,
      entity: "Customer",
      startPosition: 1,
      maxResults: 100,
    });
    const q = parseQuery(
      "SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime > '2026-01-01T00:00:00Z' AND Balance >= 0 AND DocNumber IN ('J-1', 'J-2') ORDERBY MetaData.LastUpdatedTime, Id DESC STARTPOSITION 101 MAXRESULTS 1000",
    );
    expect(q.where.map((w) => w.op)).toEqual([">", ">=", "IN"]);
    expect(q.orderBy).toEqual([
      { field: "MetaData.LastUpdatedTime", desc: false },
      { field: "Id", desc: true },
    ]);
    expect(q).toMatchObject({ startPosition: 101, maxResults: 1000 });
    expect(parseQuery("SELECT COUNT(*) FROM Customer WHERE Active IN (true, false)").count).toBe(true);
    expect(parseQuery("select * from Customer where DisplayName LIKE 'O\\'Brien%'").where[0]?.value).toBe(
      "O'Brien%",
    );
  });

  it.each([
    "SELECT DisplayName FROM Customer",
    "SELECT * FROM Customer WHERE Active = true OR Job = true",
    "SELECT * FROM Customer ORDER BY DisplayName",
    "SELECT * FROM Customer WHERE DisplayName != 'x'",
    "SELECT * FROM Customer WHERE DisplayName = 'unterminated",
    "SELECT * FROM Customer MAXRESULTS 10 STARTPOSITION 1",
    "SELECT * FROM Customer;",
    "DELETE FROM Customer",
    "SELECT * FROM",
  ])("refuses %s with a QueryParserError", (q) => {
    expect(() => parseQuery(q)).toThrow(QueryParserError);
  });

  it("refuses MAXRESULTS above 1000 and STARTPOSITION 0 as validation errors", () => {
    expect(() => parseQuery("SELECT * FROM Customer MAXRESULTS 1001")).toThrow(QueryValidationError);
    expect(() => parseQuery("SELECT * FROM Customer STARTPOSITION 0")).toThrow(QueryValidationError);
  });
});

describe("GET/POST /query", () => {
  it("leaves inactive customers out unless asked, and answers Intuit's envelope", async () => {
    const h = await qboHarness();
    const active = await h.query("SELECT * FROM Customer MAXRESULTS 1000");
    expect(active.status).toBe(200);
    const rows = active.body.QueryResponse.Customer as { Id: string; Active: boolean }[];
    expect(rows.every((c) => c.Active)).toBe(true);
    expect(rows.map((c) => c.Id)).not.toContain(DEMO_QBO_IDS.customers.ironside);
    expect(active.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: rows.length });
    expect(typeof active.body.time).toBe("string");
    const all = await h.query("SELECT * FROM Customer WHERE Active IN (true, false) MAXRESULTS 1000");
    expect(all.body.QueryResponse.Customer.length).toBe(25);
    const inactive = await h.query("SELECT * FROM Customer WHERE Active = false");
    expect(inactive.body.QueryResponse.Customer.map((c: { Id: string }) => c.Id).sort()).toEqual(
      [DEMO_QBO_IDS.customers.ironside, DEMO_QBO_IDS.customers.jubileeOld].sort(),
    );
    expect(h.violations).toEqual([]);
  });

  it("pages with STARTPOSITION/MAXRESULTS, counts with COUNT(*), and answers {} past the end", async () => {
    const h = await qboHarness();
    const count = await h.query("SELECT COUNT(*) FROM Customer");
    expect(count.body.QueryResponse).toEqual({ totalCount: 23 });
    const p1 = await h.query("SELECT * FROM Customer STARTPOSITION 1 MAXRESULTS 10");
    const p3 = await h.query("SELECT * FROM Customer STARTPOSITION 21 MAXRESULTS 10");
    expect(p1.body.QueryResponse.maxResults).toBe(10);
    expect(p3.body.QueryResponse).toMatchObject({ startPosition: 21, maxResults: 3 });
    const past = await h.query("SELECT * FROM Customer STARTPOSITION 101 MAXRESULTS 10");
    expect(past.body.QueryResponse).toEqual({});
    expect(h.violations).toEqual([]);
  });

  it("filters by LIKE, IN, comparisons and MetaData.LastUpdatedTime, and orders", async () => {
    const h = await qboHarness();
    const kirk = await h.query(
      "SELECT * FROM Customer WHERE DisplayName LIKE 'Kirk%' ORDERBY DisplayName DESC",
    );
    expect(kirk.body.QueryResponse.Customer.map((c: { DisplayName: string }) => c.DisplayName)).toEqual([
      "Kirk & Sons (York)",
      "Kirk & Sons (Leeds)",
    ]);
    const inv = await h.query("SELECT * FROM Invoice WHERE DocNumber IN ('J-20001', 'J-20002')");
    expect(inv.body.QueryResponse.Invoice.map((i: { DocNumber: string }) => i.DocNumber)).toEqual([
      "J-20001",
      "J-20002",
    ]);
    const open = await h.query("SELECT * FROM Invoice WHERE Balance > '0' MAXRESULTS 1000");
    expect(open.body.QueryResponse.Invoice.every((i: { Balance: number }) => i.Balance > 0)).toBe(true);
    const since = new Date(h.emu.clock.now() - 1000).toISOString();
    expect(
      (await h.query(`SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime > '${since}'`)).body.QueryResponse,
    ).toEqual({});
    await h.emu.fetch(`http://x/_control/companies/${h.tokens.realmId}/invoices/J-20002/pay`, {
      method: "POST",
      body: "{}",
    });
    const changed = await h.query(`SELECT * FROM Invoice WHERE MetaData.LastUpdatedTime > '${since}'`);
    expect(changed.body.QueryResponse.Invoice.map((i: { DocNumber: string }) => i.DocNumber)).toEqual([
      "J-20002",
    ]);
    expect(h.violations).toEqual([]);
  });

  it("answers QueryParserError (4000) and QueryValidationError (4001) as 400 ValidationFaults", async () => {
    const h = await qboHarness();
    const parse = await h.query("SELECT * FROM Customer WHERE Active = true OR Job = true");
    expect(parse.status).toBe(400);
    expect(parse.body.Fault.type).toBe("ValidationFault");
    expect(parse.body.Fault.Error[0]).toMatchObject({ code: "4000", Message: "Error parsing query" });
    expect(parse.body.Fault.Error[0].Detail).toMatch(/^QueryParserError: /);
    const field = await h.query("SELECT * FROM Customer WHERE Fax = '10000'");
    expect(field.body.Fault.Error[0].code).toBe("4001");
    const entity = await h.query("SELECT * FROM Vendor");
    expect(entity.body.Fault.Error[0].code).toBe("4001");
    const type = await h.query("SELECT * FROM Customer WHERE Active = 'yes'");
    expect(type.body.Fault.Error[0].code).toBe("4001");
    expect(h.violations).toEqual([]);
  });

  it("answers XML, as Intuit does, when the request does not ask for JSON; intuit_tid on every answer", async () => {
    const h = await qboHarness();
    const res = await h.emu.fetch(
      `https://quickbooks.api.intuit.com/v3/company/${h.tokens.realmId}/query?query=${encodeURIComponent("SELECT * FROM Customer")}`,
      { headers: { authorization: `Bearer ${h.tokens.access_token}` } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml");
    expect(await res.text()).toMatch(/^<\?xml/);
    const json = await h.api("/preferences");
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    expect(json.headers.get("intuit_tid")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("takes POST application/text, and queries Account, Payment, CompanyInfo and Preferences", async () => {
    const h = await qboHarness();
    const res = await h.api("/query", {
      method: "POST",
      headers: { "content-type": "application/text" },
      body: "SELECT * FROM Account WHERE AccountType = 'Bank'",
    });
    const body = (await res.json()) as { QueryResponse: { Account: { Name: string }[] } };
    expect(body.QueryResponse.Account.map((a) => a.Name)).toEqual(["Business Current Account"]);
    const uf = await h.query("SELECT * FROM Account WHERE AccountSubType = 'UndepositedFunds'");
    expect(uf.body.QueryResponse.Account[0]).toMatchObject({
      AccountType: "Other Current Asset",
      Name: "Undeposited Funds",
    });
    expect((await h.query("SELECT * FROM Payment")).body.QueryResponse.Payment.length).toBeGreaterThan(0);
    expect((await h.query("SELECT * FROM CompanyInfo")).body.QueryResponse.CompanyInfo[0].CompanyName).toBe(
      "Demo Quarry Ltd",
    );
    expect(
      (await h.query("SELECT * FROM Preferences")).body.QueryResponse.Preferences[0].CurrencyPrefs
        .HomeCurrency.value,
    ).toBe("GBP");
    const json = await h.api("/query", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "SELECT * FROM Account",
    });
    expect(json.status).toBe(400);
    expect(h.violations).toEqual([]);
  });
});
