// Proves the conformance checker catches what it exists to catch.

import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { checkResponse, withConformance } from "./conformance/index.ts";
import { OPENAPI_DIR, OPENAPI_SKIP_MESSAGE, openapiDoc } from "./conformance/openapi.ts";

/** Xero's OpenAPI documents sit beside the repo in CI, not on a user's clone: those checks skip, loudly. */
const HAVE_OPENAPI = existsSync(OPENAPI_DIR);

const envelope = {
  Id: "0f4e3c2a-1111-4222-8333-444455556666",
  Status: "OK",
  ProviderName: "x",
  DateTimeUTC: "/Date(1795600800000)/",
};
const goodContact = {
  ContactID: "0f4e3c2a-1111-4222-8333-444455556666",
  ContactStatus: "ACTIVE",
  Name: "Acme Groundworks Ltd",
  UpdatedDateUTC: "/Date(1795600800000+0000)/",
  Balances: { AccountsReceivable: { Outstanding: 1.5, Overdue: 0 } },
};

beforeAll(() => {
  openapiDoc();
}, 60_000);

describe("conformance checker", () => {
  it("passes a conformant body", () => {
    expect(
      checkResponse("GET", "/api.xro/2.0/Contacts", 200, { ...envelope, Contacts: [goodContact] }),
    ).toEqual([]);
  });

  it("catches a made-up property, at any depth", () => {
    const top = checkResponse("GET", "/Contacts", 200, {
      ...envelope,
      Contacts: [{ ...goodContact, CreditLimit: 5 }],
    });
    expect(top).toContain("[xero-node] $.Contacts[0].CreditLimit: not a field of Contact");
    const deep = checkResponse("GET", "/Contacts", 200, {
      ...envelope,
      Contacts: [
        { ...goodContact, Balances: { AccountsReceivable: { Outstanding: 1, Overdue: 0, Limit: 9 } } },
      ],
    });
    expect(deep.some((v) => v.includes("Balances.AccountsReceivable.Limit: not a field"))).toBe(true);
  });

  it("catches a number where a string belongs, and a string where a number belongs", () => {
    const v = checkResponse("GET", "/Contacts", 200, {
      ...envelope,
      Contacts: [
        { ...goodContact, XeroNetworkKey: 10000, Balances: { AccountsReceivable: { Outstanding: "1.50" } } },
      ],
    });
    expect(v).toContain("[xero-node] $.Contacts[0].XeroNetworkKey: expected string, got number");
    expect(v).toContain(
      "[xero-node] $.Contacts[0].Balances.AccountsReceivable.Outstanding: expected number, got string",
    );
  });

  it("catches enum values Xero does not use, dates not in /Date()/ form, nulls and bad envelopes", () => {
    const v = checkResponse("GET", "/Invoices", 200, {
      ...envelope,
      DateTimeUTC: "2026-11-25T10:00:00Z",
      Invoices: [{ Type: "SALES", Status: "Paid", UpdatedDateUTC: "2026-11-25", Reference: null }],
    });
    expect(v).toEqual(
      expect.arrayContaining([
        '[xero-node] $.DateTimeUTC: bad envelope value "2026-11-25T10:00:00Z"',
        '[xero-node] $.Invoices[0].Type: "SALES" is not a Invoice.TypeEnum value',
        '[xero-node] $.Invoices[0].Status: "Paid" is not a Invoice.StatusEnum value',
        "[xero-node] $.Invoices[0].UpdatedDateUTC: expected a /Date(ms)/ string",
        "[xero-node] $.Invoices[0].Reference: null (Xero omits unset fields)",
      ]),
    );
  });

  it("reports when xero-node's ObjectSerializer cannot read the body", () => {
    const v = checkResponse("GET", "/Contacts", 200, { ...envelope, Contacts: "not json" });
    expect(v.some((m) => m.includes("ObjectSerializer.deserialize(Contacts) threw"))).toBe(true);
  });

  it("checks error bodies: Elements may carry the posted object's fields, nothing else", () => {
    const ok = checkResponse("PUT", "/Payments", 400, {
      ErrorNumber: 10,
      Type: "ValidationException",
      Message: "A validation exception occurred",
      Elements: [
        {
          Amount: 5,
          Invoice: { InvoiceID: "0f4e3c2a-1111-4222-8333-444455556666" },
          ValidationErrors: [{ Message: "x" }],
        },
      ],
    });
    expect(ok).toEqual([]);
    const bad = checkResponse("PUT", "/Payments", 400, {
      ErrorNumber: "10",
      Type: "ValidationException",
      Elements: [{ Oops: 1 }],
    });
    expect(bad).toEqual(
      expect.arrayContaining([
        "[xero-node] $.ErrorNumber: expected number, got string",
        "[xero-node] $.Elements[0].Oops: not a field of Element",
      ]),
    );
    expect(checkResponse("GET", "/Contacts/x", 404, { Message: "Not found" })).toEqual([
      "Xero answers 404 with plain text, not JSON",
    ]);
  });

  it("also checks against Xero's OpenAPI document (uuid, /Date() fields, enums)", ({ skip }) => {
    skip(!HAVE_OPENAPI, OPENAPI_SKIP_MESSAGE);
    const v = checkResponse("GET", "/Invoices/INV-0001", 200, {
      ...envelope,
      Invoices: [{ InvoiceID: "not-a-guid", Date: "2026-11-25", LineAmountTypes: "EXCLUSIVE" }],
    });
    expect(v).toEqual(
      expect.arrayContaining([
        "[openapi] $.Invoices[0].InvoiceID: expected a uuid",
        "[openapi] $.Invoices[0].Date: expected /Date(ms)/",
        '[openapi] $.Invoices[0].LineAmountTypes: "EXCLUSIVE" not in enum',
      ]),
    );
  });

  /** A Contacts page with a made-up field, through withConformance; returns what it collected. */
  async function bogusContactViolations(): Promise<string[]> {
    const fake = async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith("/connections")) return Response.json([{ id: 1 }]);
      return Response.json({ ...envelope, Contacts: [{ ...goodContact, Bogus: true }] });
    };
    const w = withConformance(fake);
    await w.fetch("https://api.xero.com/connections");
    const res = await w.fetch("https://api.xero.com/api.xro/2.0/Contacts?page=1");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Contacts: unknown[] }).Contacts).toHaveLength(1);
    return w.violations;
  }

  it("withConformance collects violations from JSON responses under /api.xro/2.0 only", async () => {
    const xeroNode = (await bogusContactViolations()).filter((v) => !v.includes("[openapi]"));
    expect(xeroNode).toEqual([
      "GET /api.xro/2.0/Contacts?page=1 200: [xero-node] $.Contacts[0].Bogus: not a field of Contact",
    ]);
  });

  it("withConformance also reports what Xero's OpenAPI document forbids", async ({ skip }) => {
    skip(!HAVE_OPENAPI, OPENAPI_SKIP_MESSAGE);
    expect(await bogusContactViolations()).toEqual([
      "GET /api.xro/2.0/Contacts?page=1 200: [xero-node] $.Contacts[0].Bogus: not a field of Contact",
      "GET /api.xro/2.0/Contacts?page=1 200: [openapi] $.Contacts[0].Bogus: not in schema",
    ]);
  });
});
