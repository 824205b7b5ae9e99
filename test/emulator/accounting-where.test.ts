import { describe, expect, it } from "vitest";
import { XeroHttpError } from "./accounting/errors.ts";
import { compileWhere } from "./accounting/where.ts";

const FIELDS = ["Name", "Status", "Total", "IsCustomer", "Contact", "Date", "EmailAddress"];
const rec = {
  Name: 'Acme "Rock" Ltd',
  Status: "AUTHORISED",
  Total: 120.5,
  IsCustomer: true,
  Contact: { ContactID: "0f4e3c2a-1111-4222-8333-444455556666", Name: "Acme" },
  Date: "/Date(1795564800000+0000)/",
};
const match = (where: string) => compileWhere(where, "Invoice", FIELDS)(rec);

describe("where expressions", () => {
  it.each([
    ['Status=="AUTHORISED"', true],
    ['Status = "AUTHORISED"', true],
    ['status=="AUTHORISED"', true],
    ['Status=="authorised"', false],
    ['Status!="PAID" AND Total > 100', true],
    ['Status=="PAID" OR Total >= 120.5', true],
    ['Status=="AUTHORISED" OR Total > 200 AND !IsCustomer', true],
    ['(Status=="PAID" OR Total > 100) && IsCustomer', true],
    ['NOT (Status=="PAID")', true],
    ["!IsCustomer", false],
    ["IsCustomer == true", true],
    ["EmailAddress == null", true],
    ["EmailAddress != null", false],
    ['Name == "Acme ""Rock"" Ltd"', true],
    ['Name.Contains("Rock")', true],
    ['Name.ToUpper().StartsWith("ACME")', true],
    ['Name.EndsWith("plc")', false],
    ['Contact.ContactID == Guid("0F4E3C2A-1111-4222-8333-444455556666")', true],
    ['Contact.Name == "Acme"', true],
    ["Date >= DateTime(2026, 11, 25)", true],
    ["Date > DateTime(2026, 11, 25)", false],
    ['Date < DateTime.Parse("2026-11-26T00:00:00")', true],
  ])("%s → %s", (where, expected) => {
    expect(match(where)).toBe(expected);
  });

  it.each([
    ['Status=="PAID'],
    ["Status==PAID"],
    ["Flavour==1"],
    ['Status=="PAID" AND'],
    ['Total > "x"'],
    ["Total"],
    ['Name.Frobnicate("x")'],
    ["DateTime(2026)"],
    ["Status == #"],
  ])("rejects %s with a QueryParseException", (where) => {
    let err: unknown;
    try {
      match(where);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XeroHttpError);
    expect((err as XeroHttpError).status).toBe(400);
    expect((err as XeroHttpError).body).toMatchObject({ ErrorNumber: 16, Type: "QueryParseException" });
  });
});
