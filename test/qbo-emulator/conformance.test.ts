// The schema checker itself (it must catch what Intuit would never send) and a tour of every
// endpoint and status through it.

import { describe, expect, it } from "vitest";
import { checkQboResponse } from "./conformance/checks.ts";
import { DEMO_QBO_IDS, DEMO_REALM_ID } from "./index.ts";
import { QBO_TYPES } from "./schema/qbo-entities.ts";
import { qboHarness } from "./testing.ts";

type Json = Record<string, any>;
const TIME = "2026-12-01T04:00:00.000-08:00";
const META = { CreateTime: "2026-11-01T04:00:00-07:00", LastUpdatedTime: "2026-11-02T04:00:00-08:00" };
const customer = (extra: Json = {}) => ({
  Id: "1",
  SyncToken: "0",
  MetaData: META,
  DisplayName: "A",
  Active: true,
  Job: false,
  Balance: 10.5,
  BalanceWithJobs: 10.5,
  ...extra,
});
const check = (body: unknown, path = `/v3/company/1/customer/1`, status = 200) =>
  checkQboResponse("GET", path, status, body);

describe("checkQboResponse", () => {
  it("accepts a well-formed entity, and flags unknown fields, nulls, types, money and dates", () => {
    expect(check({ Customer: customer(), time: TIME })).toEqual([]);
    expect(check({ Customer: customer({ Colour: "red" }), time: TIME })[0]).toMatch(
      /Colour: not a field of Customer/,
    );
    expect(check({ Customer: customer({ CompanyName: null }), time: TIME })[0]).toMatch(/null/);
    expect(check({ Customer: customer({ Balance: "10.50" }), time: TIME })[0]).toMatch(/JSON number/);
    expect(check({ Customer: customer({ Balance: 10.505 }), time: TIME })[0]).toMatch(/more than 2 decimals/);
    expect(
      check({
        Customer: customer({ MetaData: { ...META, LastUpdatedTime: "2026-11-02 04:00" } }),
        time: TIME,
      })[0],
    ).toMatch(/dateTime/);
    expect(check({ Customer: customer({ Fax: { FreeFormNumber: 10000 } }), time: TIME })[0]).toMatch(
      /Fax.FreeFormNumber: expected a string/,
    );
    expect(check({ Customer: customer({ ParentRef: { value: "2", extra: "x" } }), time: TIME })[0]).toMatch(
      /not a field of a reference/,
    );
    expect(check({ Customer: customer({ CheckPayment: {} }), time: TIME })[0]).toMatch(
      /not a field of Customer/,
    );
    const { DisplayName: _, ...noName } = customer();
    expect(check({ Customer: noName, time: TIME })[0]).toMatch(/DisplayName: missing/);
    expect(check({ Customer: customer() })[0]).toMatch(/time/);
    expect(check({ Customer: customer(), time: TIME, extra: 1 })[0]).toMatch(/not part of this envelope/);
  });

  it("knows query, CDC and Fault envelopes", () => {
    const q = "/v3/company/1/query";
    expect(check({ QueryResponse: {}, time: TIME }, q)).toEqual([]);
    expect(check({ QueryResponse: { totalCount: 3 }, time: TIME }, q)).toEqual([]);
    expect(
      check({ QueryResponse: { Customer: [customer()], startPosition: 1, maxResults: 2 }, time: TIME }, q)[0],
    ).toMatch(/maxResults/);
    const tomb = {
      domain: "QBO",
      status: "Deleted",
      Id: "9",
      MetaData: { LastUpdatedTime: META.LastUpdatedTime },
    };
    expect(
      check(
        {
          CDCResponse: [{ QueryResponse: [{ Invoice: [tomb], startPosition: 1, maxResults: 1 }] }],
          time: TIME,
        },
        "/v3/company/1/cdc",
      ),
    ).toEqual([]);
    expect(
      check({ QueryResponse: { Invoice: [tomb], startPosition: 1, maxResults: 1 }, time: TIME }, q).length,
    ).toBeGreaterThan(0);
    const fault = {
      Fault: { Error: [{ Message: "m", Detail: "d", code: "6000", element: "" }], type: "ValidationFault" },
      time: TIME,
    };
    expect(check(fault, q, 400)).toEqual([]);
    expect(
      check(
        { Fault: { Error: [{ message: "m", code: "6000" }], type: "ValidationFault" }, time: TIME },
        q,
        400,
      ).length,
    ).toBeGreaterThan(0);
    const auth = {
      fault: {
        error: [
          {
            message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
            detail: "x",
            code: "3200",
          },
        ],
        type: "AUTHENTICATION",
      },
    };
    expect(check(auth, q, 401)).toEqual([]);
  });

  it("the schema holds Intuit's documented field names for the product's entities", () => {
    for (const f of [
      "DisplayName",
      "CompanyName",
      "Fax",
      "Balance",
      "BalanceWithJobs",
      "Job",
      "ParentRef",
      "CurrencyRef",
      "CreditLimit",
    ])
      expect(QBO_TYPES.Customer).toHaveProperty(f);
    for (const f of [
      "DocNumber",
      "TxnDate",
      "DueDate",
      "CustomerRef",
      "TotalAmt",
      "Balance",
      "PrivateNote",
      "CustomField",
      "LinkedTxn",
    ])
      expect(QBO_TYPES.Invoice).toHaveProperty(f);
    expect(QBO_TYPES.Payment).toHaveProperty("DepositToAccountRef");
    expect(QBO_TYPES.CurrencyPrefs).toEqual({ MultiCurrencyEnabled: "boolean", HomeCurrency: "Ref" });
  });
});

describe("conformance tour", () => {
  it("every emulator response conforms to the schema", async () => {
    const h = await qboHarness();
    const ids = DEMO_QBO_IDS;
    const enc = encodeURIComponent;
    const since = enc(new Date(h.emu.clock.now() - 5 * 86_400_000).toISOString());
    const statuses = new Set<number>();
    const track = async (p: Promise<Response>) => statuses.add((await p).status);
    for (const path of [
      `/companyinfo/${DEMO_REALM_ID}`,
      "/companyinfo/123",
      "/preferences",
      ...Object.values(ids.customers).map((id) => `/customer/${id}`),
      ...Object.values(ids.invoices).map((id) => `/invoice/${id}`),
      ...Object.values(ids.accounts).map((id) => `/account/${id}`),
      "/payment/99999",
      `/cdc?entities=Customer,Invoice,Payment,Account&changedSince=${since}`,
      "/cdc?entities=Customer&changedSince=2020-01-01T00:00:00Z",
      "/nothing-here",
    ])
      await track(h.api(path));
    for (const q of [
      "SELECT * FROM Customer WHERE Active IN (true, false) MAXRESULTS 1000",
      "SELECT * FROM Invoice MAXRESULTS 1000",
      "SELECT * FROM Payment",
      "SELECT * FROM Account WHERE Active IN (true,false)",
      "SELECT * FROM CompanyInfo",
      "SELECT * FROM Preferences",
      "SELECT COUNT(*) FROM Invoice WHERE Balance > '0'",
      "SELECT * FROM Invoice WHERE DocNumber = 'nope'",
      "SELECT * FROM Customer WHERE Fax = '1'",
      "SELECT Id FROM Customer",
    ])
      await track(h.api(`/query?query=${enc(q)}`));
    await track(
      h.api("/payment?requestid=tour-1", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          CustomerRef: { value: ids.customers.acme },
          TotalAmt: 500.5,
          Line: [{ Amount: 480.5, LinkedTxn: [{ TxnId: ids.invoices["J-20002"], TxnType: "Invoice" }] }],
          PaymentRefNum: "T1",
        }),
      }),
    );
    await track(
      h.api("/payment", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    );
    await track(h.api("/preferences", { token: "nope" }));
    await track(h.api("/preferences", { realmId: "123" }));
    h.emu.clock.advance(1000);
    for (let i = 0; i < 11; i++) await track(h.api("/preferences"));
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 429]);
    expect(h.violations).toEqual([]);
  });
});
