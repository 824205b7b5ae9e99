import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contactKeys, matchCustomer, tierKeys } from "../../worker/credit/matching.ts";
import { normaliseName } from "../../worker/credit/normalise-name.ts";
import { BUCKETS, bucketFor, refBucket } from "../../worker/sync/buckets.ts";

// A badge read fetches ONE bucket: every key a reference can match must be filed there. That
// holds because lower-casing a reference first (its code key) never changes its normalised name.

/** Strings biased towards what breaks case mapping: Greek sigma, modifier letters, compatibility forms. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom(..."ΣσςΑαİıIiẞßǅǄǆＫK㎏ʰºª&.- \t".split("")),
      fc.string({ unit: "binary", maxLength: 2 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(""));
const anyString = fc.oneof(tricky, fc.string({ unit: "binary", maxLength: 40 }));

describe("one bucket holds every key of a reference", () => {
  it("normaliseName(code(x)) === normaliseName(x) for any string", () => {
    fc.assert(
      fc.property(anyString, (x) => normaliseName(tierKeys(x).contactId) === normaliseName(x)),
      { numRuns: 5000 },
    );
  });

  it("… for every BMP code point, alone and around a capital sigma (final-sigma context)", () => {
    for (let cp = 0; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      for (const x of [c, `Α${c}`, `ΑΣ${c}`, `${c}Σ`]) {
        if (normaliseName(x.trim().toLowerCase()) !== normaliseName(x))
          expect.fail(`U+${cp.toString(16)} in ${x}`);
      }
    }
  });

  it("a known case: a Greek name ending in Σ before a compatibility character", () => {
    expect(normaliseName("ΑΣ㎏")).toBe(normaliseName("ας㎏"));
  });

  it("every key a contact is matched by is filed in the matching reference's bucket", () => {
    const contact = fc.record({
      contactId: anyString,
      name: anyString,
      status: fc.constant("ACTIVE" as const),
      contactNumber: anyString,
      accountNumber: anyString,
    });
    fc.assert(
      fc.property(
        contact,
        fc.boolean(),
        fc.constantFrom("contactId", "contactNumber", "accountNumber", "name"),
        (c, upper, field) => {
          // A reference that matches the contact: one of its fields, re-cased and padded.
          const v = c[field];
          const ref = ` ${upper ? v.toUpperCase() : v} `;
          const match = matchCustomer(ref, [c]);
          if (match.kind !== "found") return true;
          const key = contactKeys(c).find((k) => k.tier === match.tier);
          return key !== undefined && bucketFor(key.tier, key.key) === refBucket(ref);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("bucket numbers are in range", () => {
    fc.assert(fc.property(anyString, (x) => refBucket(x) >= 0 && refBucket(x) < BUCKETS));
  });
});
