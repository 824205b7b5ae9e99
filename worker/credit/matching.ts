import type { ContactSummary } from "../../shared/credit.ts";
import { normaliseName } from "./normalise-name.ts";

/** Which field matched AGG SMART's account reference, in the order they are tried. */
export type MatchTier = "contactId" | "contactNumber" | "accountNumber" | "name";

/** Why a merge chain could not be followed to its end. */
export type MergeProblem = "target_missing" | "cycle";

/** The outcome of matching an account reference to the organisation's contacts. */
export type CustomerMatch =
  | {
      kind: "found";
      contact: ContactSummary;
      tier: MatchTier;
      /** The contact is not ACTIVE (archived, or erased on request): it cannot take new invoices. */
      archived: boolean;
      /** Archived contacts merged away, in the order followed to reach `contact`. */
      mergedFrom: ContactSummary[];
      mergeProblem?: MergeProblem;
    }
  | { kind: "not_found" }
  | { kind: "ambiguous"; tier: MatchTier; candidates: ContactSummary[] };

type Resolved = { contact: ContactSummary; mergedFrom: ContactSummary[]; mergeProblem?: MergeProblem };

const TIERS: readonly { tier: MatchTier; key: (c: ContactSummary) => string }[] = [
  { tier: "contactId", key: (c) => code(c.contactId) },
  { tier: "contactNumber", key: (c) => code(c.contactNumber) },
  { tier: "accountNumber", key: (c) => code(c.accountNumber) },
  { tier: "name", key: (c) => normaliseName(c.name) },
];

function code(value: string | undefined): string {
  return (value ?? "").trim().toLowerCase();
}

/**
 * Finds the contact for AGG SMART's `customer` reference: the provider's contact id, then ContactNumber,
 * then AccountNumber (each trimmed, case-insensitive), then the normalised name. The first tier
 * with any match decides; several distinct contacts there are `ambiguous`, never a guess.
 * Archived contacts merged into another are followed (`MergedToContactID`), cycle-safe.
 * @see ../provider/model.ts Customer
 */
export function matchCustomer(ref: string, contacts: readonly ContactSummary[]): CustomerMatch {
  const byId = new Map<string, ContactSummary>();
  for (const contact of contacts) {
    if (!byId.has(code(contact.contactId))) byId.set(code(contact.contactId), contact);
  }
  for (const { tier, key } of TIERS) {
    const wanted = tier === "name" ? normaliseName(ref) : code(ref);
    if (wanted === "") continue;
    const hits = contacts.filter((contact) => key(contact) === wanted);
    if (hits.length === 0) continue;
    // Duplicates merged into one survivor are one customer, not an ambiguity.
    const distinct = new Map<string, Resolved>();
    for (const hit of hits) {
      const resolved = followMerges(hit, byId);
      const id = code(resolved.contact.contactId);
      const known = distinct.get(id);
      if (!known || (known.mergedFrom.length > 0 && resolved.mergedFrom.length === 0))
        distinct.set(id, resolved);
    }
    const [only, ...others] = [...distinct.values()];
    if (only && others.length === 0) {
      const archived = only.contact.status !== "ACTIVE";
      return { kind: "found", tier, archived, ...only };
    }
    return { kind: "ambiguous", tier, candidates: [...distinct.values()].map((r) => r.contact) };
  }
  return { kind: "not_found" };
}

/** Follows `mergedToContactId` from a non-active contact to the contact that survived the merge. */
function followMerges(start: ContactSummary, byId: ReadonlyMap<string, ContactSummary>): Resolved {
  const seen = new Set([code(start.contactId)]);
  const mergedFrom: ContactSummary[] = [];
  let current = start;
  while (current.status !== "ACTIVE" && code(current.mergedToContactId) !== "") {
    const next = byId.get(code(current.mergedToContactId));
    if (!next) return { contact: current, mergedFrom, mergeProblem: "target_missing" };
    if (seen.has(code(next.contactId))) return { contact: start, mergedFrom: [], mergeProblem: "cycle" };
    seen.add(code(next.contactId));
    mergedFrom.push(current);
    current = next;
  }
  return { contact: current, mergedFrom };
}

/** The lookup key of `value` in each tier ("" when the tier cannot match it): the read model is indexed by these. */
export function tierKeys(value: string): Record<MatchTier, string> {
  return {
    contactId: code(value),
    contactNumber: code(value),
    accountNumber: code(value),
    name: normaliseName(value),
  };
}

/** The keys under which a contact can be found, one per tier it has a value for. */
export function contactKeys(c: ContactSummary): { tier: MatchTier; key: string }[] {
  return TIERS.map(({ tier, key }) => ({ tier, key: key(c) })).filter((k) => k.key !== "");
}
