// GET /Contacts and GET /Contacts/{ContactID|ContactNumber}.
// @see https://developer.xero.com/documentation/api/accounting/contacts

import type { EmulatorState } from "../state.ts";
import { balancesByContact } from "./balances.ts";
import type { AccountingApp } from "./env.ts";
import { envelope, notFound, parameterError } from "./errors.ts";
import { isGuid } from "./format.ts";
import type { ContactRecord, OrgData } from "./model.ts";
import { commaList, flag, runList } from "./query.ts";
import { contactJson } from "./serialize.ts";

/** Contact fields `where` and `order` may name. */
export const CONTACT_FIELDS = [
  "ContactID",
  "ContactNumber",
  "AccountNumber",
  "ContactStatus",
  "Name",
  "FirstName",
  "LastName",
  "CompanyNumber",
  "EmailAddress",
  "BankAccountDetails",
  "TaxNumber",
  "XeroNetworkKey",
  "IsSupplier",
  "IsCustomer",
  "DefaultCurrency",
  "UpdatedDateUTC",
  "Website",
  "Discount",
  "MergedToContactID",
  "HasAttachments",
  "HasValidationErrors",
  "Balances",
  "Addresses",
  "Phones",
  "ContactGroups",
  "ContactPersons",
] as const;

/** Finds a contact by ContactID or, as Xero allows on this route, by ContactNumber. */
export function findContact(org: OrgData, key: string): ContactRecord | undefined {
  if (isGuid(key)) return org.contacts.get(key.toLowerCase());
  for (const c of org.contacts.values()) if (c.contactNumber === key) return c;
  return undefined;
}

/** Registers the Contacts routes. */
export function registerContacts(app: AccountingApp, state: EmulatorState): void {
  app.get("/Contacts", (c) => {
    const org = c.get("org");
    const now = state.clock.now();
    const ids = commaList(c, "IDs");
    if (ids?.some((id) => !isGuid(id))) throw parameterError("IDs must be a comma-separated list of GUIDs");
    const idSet = ids ? new Set(ids.map((id) => id.toLowerCase())) : null;
    const includeArchived = flag(c, "includeArchived");
    const term = c.req.query("searchTerm")?.trim().toLowerCase();
    const records = [...org.contacts.values()].filter(
      (ct) =>
        (includeArchived || ct.status !== "ARCHIVED") &&
        (!idSet || idSet.has(ct.contactId)) &&
        (!term ||
          [ct.name, ct.firstName, ct.lastName, ct.contactNumber, ct.emailAddress].some((f) =>
            f?.toLowerCase().includes(term),
          )),
    );
    let balances: ReturnType<typeof balancesByContact> | undefined;
    const bal = () => {
      balances ??= balancesByContact(org, now);
      return balances;
    };
    return c.json(
      runList(c, {
        collection: "Contacts",
        typeName: "Contact",
        fields: CONTACT_FIELDS,
        records,
        id: (r) => r.contactId,
        updatedAt: (r) => r.updatedAt,
        filterJson: (r) => contactJson(r, "full", bal().get(r.contactId)),
        render: (page, view) =>
          page.map((r) => contactJson(r, view, view === "full" ? bal().get(r.contactId) : undefined)),
        now,
      }),
    );
  });

  app.get("/Contacts/:key", (c) => {
    const org = c.get("org");
    const contact = findContact(org, c.req.param("key"));
    if (!contact) throw notFound();
    const now = state.clock.now();
    const b = balancesByContact(org, now).get(contact.contactId);
    return c.json(envelope("Contacts", [contactJson(contact, "full", b)], now));
  });
}
