// The pure checks run in workerd over a JSON copy of the index, with a transcription of xero-node's
// ObjectSerializer.deserialize: they must give the same answers as the Node path (real SDK).

import { describe, expect, it } from "vitest";
import { buildConformanceIndex } from "./build-index.ts";
import { type ConformanceIndex, checkResponseWith, deserializeLike } from "./checks.ts";
import { checkResponse } from "./index.ts";

const envelope = { Id: "x", Status: "OK", ProviderName: "x", DateTimeUTC: "/Date(1795600800000)/" };
const id = "0f4e3c2a-1111-4222-8333-444455556666";
const CASES: [string, string, number, unknown][] = [
  [
    "GET",
    "/Contacts",
    200,
    { ...envelope, Contacts: [{ ContactID: id, Name: "A", ContactStatus: "ACTIVE" }] },
  ],
  ["GET", "/Contacts", 200, { ...envelope, Contacts: "not json" }],
  ["GET", "/Contacts", 200, { ...envelope, Contacts: [{ ContactID: id, UpdatedDateUTC: { a: 1 } }] }],
  ["GET", "/Invoices", 200, { ...envelope, Invoices: [{ Type: "SALES", Date: "2026-11-25", Bogus: 1 }] }],
  ["GET", "/Payments", 200, { ...envelope, Payments: [{ PaymentID: id, Amount: "5", Invoice: [] }] }],
  ["PUT", "/Payments", 400, { ErrorNumber: 10, Type: "ValidationException", Elements: [{ Oops: 1 }] }],
  [
    "GET",
    "/Organisation",
    401,
    { Type: null, Title: "Unauthorized", Status: 401, Detail: "x", Extensions: {} },
  ],
  ["GET", "/connections", 200, [{ id, tenantId: id, tenantType: "ORGANISATION", tenantName: "A", extra: 1 }]],
  ["GET", "/connections", 200, { not: "an array" }],
];

describe("conformance checks over a serialised index", () => {
  it("agree with the Node path (xero-node's own ObjectSerializer)", () => {
    const copy = JSON.parse(JSON.stringify(buildConformanceIndex())) as ConformanceIndex;
    const deserialize = deserializeLike(copy);
    for (const [method, path, status, body] of CASES) {
      expect(
        checkResponseWith(copy, method, path, status, body, { deserialize }),
        `${method} ${path}`,
      ).toEqual(checkResponse(method, path, status, body));
    }
    expect(checkResponse("GET", "/Contacts", 200, CASES[1]?.[3]).some((m) => m.includes("threw"))).toBe(true);
  }, 60_000);
});
