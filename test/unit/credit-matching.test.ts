import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ContactSummary } from "../../shared/credit.ts";
import { matchCustomer } from "../../worker/credit/matching.ts";
import { normaliseName } from "../../worker/credit/normalise-name.ts";

let nextId = 0;
function contact(fields: Partial<ContactSummary> & { name: string }): ContactSummary {
  nextId += 1;
  const id = `00000000-0000-4000-8000-${String(nextId).padStart(12, "0")}`;
  return { contactId: id, status: "ACTIVE", ...fields };
}

describe("matchCustomer: tiers in order", () => {
  const acme = contact({
    contactId: "6D2A1F3E-0B7C-4A8E-9F10-1234567890AB",
    contactNumber: "ACME01",
    accountNumber: "ACC-9",
    name: "Acme Aggregates Ltd",
  });
  const bravo = contact({ contactNumber: "BRAVO", accountNumber: "ACME01", name: "Bravo Haulage" });
  const charlie = contact({ accountNumber: "C-77", name: "ACME01" });
  const contacts = [charlie, bravo, acme];

  it("matches the Xero ContactID exactly, ignoring case", () => {
    const match = matchCustomer("6d2a1f3e-0b7c-4a8e-9f10-1234567890ab", contacts);
    expect(match).toMatchObject({
      kind: "found",
      tier: "contactId",
      contact: acme,
      archived: false,
      mergedFrom: [],
    });
  });

  it("prefers ContactNumber over AccountNumber and name: the first tier with a match decides", () => {
    expect(matchCustomer("ACME01", contacts)).toMatchObject({
      kind: "found",
      tier: "contactNumber",
      contact: acme,
    });
  });

  it("falls back to AccountNumber, then to the normalised name", () => {
    expect(matchCustomer("C-77", contacts)).toMatchObject({
      kind: "found",
      tier: "accountNumber",
      contact: charlie,
    });
    expect(matchCustomer("ACC-9", contacts)).toMatchObject({
      kind: "found",
      tier: "accountNumber",
      contact: acme,
    });
    expect(matchCustomer("acme aggregates limited", contacts)).toMatchObject({
      kind: "found",
      tier: "name",
      contact: acme,
    });
  });

  it("ignores surrounding spaces and case in codes", () => {
    expect(matchCustomer("  acme01 ", contacts)).toMatchObject({
      kind: "found",
      tier: "contactNumber",
      contact: acme,
    });
  });

  it("answers not_found when nothing matches, and for a blank reference", () => {
    expect(matchCustomer("ZULU", contacts)).toEqual({ kind: "not_found" });
    expect(matchCustomer("", contacts)).toEqual({ kind: "not_found" });
    expect(matchCustomer("  ", contacts)).toEqual({ kind: "not_found" });
    expect(matchCustomer("...", contacts)).toEqual({ kind: "not_found" });
    expect(matchCustomer("ACME01", [])).toEqual({ kind: "not_found" });
  });

  it("never matches a blank reference to contacts with blank codes", () => {
    const blank = [contact({ contactNumber: "", accountNumber: "", name: "" })];
    expect(matchCustomer("", blank)).toEqual({ kind: "not_found" });
  });

  it("does not match a partial code or a name that merely contains the reference", () => {
    expect(matchCustomer("ACME", contacts)).toEqual({ kind: "not_found" });
    expect(matchCustomer("Acme Aggregates", contacts)).toEqual({ kind: "not_found" });
  });
});

describe("matchCustomer: ambiguity is reported, never guessed", () => {
  it("lists every contact when several share the matching code", () => {
    const a = contact({ accountNumber: "DUP", name: "Alpha" });
    const b = contact({ accountNumber: "dup", name: "Beta" });
    const c = contact({ accountNumber: "OTHER", name: "Gamma" });
    const match = matchCustomer("DUP", [a, b, c]);
    expect(match).toEqual({ kind: "ambiguous", tier: "accountNumber", candidates: [a, b] });
  });

  it("is ambiguous on names that normalise alike", () => {
    const a = contact({ name: "Smith & Sons Ltd" });
    const b = contact({ name: "SMITH AND SONS LIMITED" });
    const match = matchCustomer("smith and sons ltd", [a, b]);
    expect(match).toMatchObject({ kind: "ambiguous", tier: "name" });
    if (match.kind !== "ambiguous") throw new Error("unreachable");
    expect(match.candidates).toHaveLength(2);
  });

  it("stops at the first tier even if a later tier would have been unique", () => {
    const a = contact({ contactNumber: "X1", name: "Alpha" });
    const b = contact({ contactNumber: "X1", name: "Beta" });
    const c = contact({ accountNumber: "X1", name: "Gamma" });
    expect(matchCustomer("X1", [a, b, c])).toMatchObject({ kind: "ambiguous", tier: "contactNumber" });
  });
});

describe("matchCustomer: archived and merged contacts", () => {
  it("follows an archived contact to the contact it was merged into", () => {
    const survivor = contact({ name: "Acme Aggregates Ltd" });
    const old = contact({
      contactNumber: "ACME01",
      name: "Acme (old)",
      status: "ARCHIVED",
      mergedToContactId: survivor.contactId,
    });
    const match = matchCustomer("ACME01", [old, survivor]);
    expect(match).toEqual({
      kind: "found",
      tier: "contactNumber",
      contact: survivor,
      archived: false,
      mergedFrom: [old],
    });
  });

  it("follows a chain of merges, with ids compared case-insensitively", () => {
    const c = contact({ name: "C" });
    const b = contact({ name: "B", status: "ARCHIVED", mergedToContactId: c.contactId.toUpperCase() });
    const a = contact({
      contactNumber: "REF",
      name: "A",
      status: "ARCHIVED",
      mergedToContactId: b.contactId,
    });
    expect(matchCustomer("REF", [a, b, c])).toMatchObject({ kind: "found", contact: c, mergedFrom: [a, b] });
  });

  it("stops safely on a merge cycle and flags the archived match", () => {
    const a = contact({ contactNumber: "REF", name: "A", status: "ARCHIVED" });
    const b = contact({ name: "B", status: "ARCHIVED", mergedToContactId: a.contactId });
    a.mergedToContactId = b.contactId;
    const self = contact({ contactNumber: "SELF", name: "S", status: "ARCHIVED" });
    self.mergedToContactId = self.contactId;
    expect(matchCustomer("REF", [a, b])).toEqual({
      kind: "found",
      tier: "contactNumber",
      contact: a,
      archived: true,
      mergedFrom: [],
      mergeProblem: "cycle",
    });
    expect(matchCustomer("SELF", [self])).toMatchObject({
      kind: "found",
      contact: self,
      mergeProblem: "cycle",
    });
  });

  it("keeps the archived contact when the merge target is not known", () => {
    const a = contact({
      contactNumber: "REF",
      name: "A",
      status: "ARCHIVED",
      mergedToContactId: "missing-id",
    });
    expect(matchCustomer("REF", [a])).toMatchObject({
      kind: "found",
      contact: a,
      archived: true,
      mergeProblem: "target_missing",
    });
  });

  it("finds an archived contact without a merge, flagged archived", () => {
    const a = contact({ contactNumber: "REF", name: "A", status: "ARCHIVED" });
    expect(matchCustomer("REF", [a])).toEqual({
      kind: "found",
      tier: "contactNumber",
      contact: a,
      archived: true,
      mergedFrom: [],
    });
  });

  it("does not follow a merge link on an active contact", () => {
    const other = contact({ name: "Other" });
    const a = contact({ contactNumber: "REF", name: "A", mergedToContactId: other.contactId });
    expect(matchCustomer("REF", [a, other])).toMatchObject({ kind: "found", contact: a, mergedFrom: [] });
  });

  it("treats duplicates merged into one survivor as one customer, not an ambiguity", () => {
    const survivor = contact({ name: "Acme Aggregates Ltd" });
    const dup = contact({
      name: "ACME Aggregates Limited",
      status: "ARCHIVED",
      mergedToContactId: survivor.contactId,
    });
    expect(matchCustomer("Acme Aggregates Ltd", [dup, survivor])).toEqual({
      kind: "found",
      tier: "name",
      contact: survivor,
      archived: false,
      mergedFrom: [],
    });
  });

  it("is still ambiguous when matches merge into different survivors", () => {
    const s1 = contact({ name: "S1" });
    const s2 = contact({ name: "S2" });
    const a = contact({ accountNumber: "R", name: "A", status: "ARCHIVED", mergedToContactId: s1.contactId });
    const b = contact({ accountNumber: "R", name: "B", status: "ARCHIVED", mergedToContactId: s2.contactId });
    expect(matchCustomer("R", [a, b, s1, s2])).toEqual({
      kind: "ambiguous",
      tier: "accountNumber",
      candidates: [s1, s2],
    });
  });
});

describe("normaliseName", () => {
  it.each([
    ["Acme Aggregates Ltd", "Acme Aggregates Limited"],
    ["ACME AGGREGATES LTD.", "acme aggregates ltd"],
    ["Smith & Sons", "Smith and Sons"],
    ["Smith&Sons", "smith and sons"],
    ["A.B. Haulage", "AB Haulage"],
    ["  J  Bloggs   Skips ", "J Bloggs Skips"],
    ["O'Brien Plant Hire", "OBrien Plant-Hire"],
    ["Café Concrete", "Cafe Concrete"],
  ])("%j is the same name as %j", (a, b) => {
    expect(normaliseName(a)).toBe(normaliseName(b));
  });

  it.each([
    ["Acme Aggregates", "Acme Aggregates Ltd"],
    ["Smith Sons", "Smith and Sons"],
    ["Acme 1", "Acme 2"],
    ["Limitless Ltd", "Ltdless Ltd"],
  ])("%j is not the same name as %j", (a, b) => {
    expect(normaliseName(a)).not.toBe(normaliseName(b));
  });

  it("ignores case and surrounding punctuation or spaces, for any ASCII name", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(" ", ".", ", ", " - ", "\t"), (name, pad) => {
        expect(normaliseName(`${pad}${name.toUpperCase()}${pad}`)).toBe(normaliseName(name.toLowerCase()));
      }),
    );
  });

  it("keeps every letter and digit of the name, in order", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9 ]{0,30}$/), (name) => {
        const words = name.split(" ").filter((w) => w !== "" && w !== "limited");
        if (words.length === name.split(" ").filter((w) => w !== "").length) {
          expect(normaliseName(name)).toBe(words.join(""));
        }
      }),
    );
  });
});

describe("matchCustomer: properties", () => {
  it("finds any contact by its unique ContactID, whatever else the list holds", () => {
    const names = fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(names, fc.nat(), (list, pick) => {
        const contacts = list.map((name) => contact({ name, contactNumber: name, accountNumber: name }));
        const target = contacts[pick % contacts.length];
        if (!target) throw new Error("unreachable");
        expect(matchCustomer(target.contactId, contacts)).toMatchObject({
          kind: "found",
          tier: "contactId",
          contact: target,
        });
      }),
    );
  });

  it("never answers found when two distinct active contacts share the decisive code", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,8}$/), (code) => {
        const a = contact({ accountNumber: code, name: "A" });
        const b = contact({ accountNumber: code, name: "B" });
        expect(matchCustomer(code, [a, b]).kind).toBe("ambiguous");
      }),
    );
  });
});
