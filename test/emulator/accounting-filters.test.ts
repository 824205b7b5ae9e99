import { describe, expect, it } from "vitest";
import { accountingHarness } from "./accounting/testing.ts";
import { DEMO_CONTACTS, DEMO_INVOICES, DEMO_TENANT_ID, NORTHERN_TENANT_ID } from "./seed/index.ts";

type Rec = Record<string, unknown>;

const q = (where: string) => `where=${encodeURIComponent(where)}`;

describe("filters", () => {
  const h = accountingHarness();
  const org = h.state.orgs.get(DEMO_TENANT_ID);
  const invoices = [...(org?.invoices.values() ?? [])];
  const ids = (body: Rec, key: string, id: string) =>
    ((body[key] as Rec[]) ?? []).map((r) => r[id] as string).sort();

  it("IDs, ContactIDs, InvoiceNumbers and Statuses select exactly what they name", async () => {
    const two = [DEMO_CONTACTS.acme.id, DEMO_CONTACTS.calder.id];
    expect(ids((await h.json(`/Contacts?IDs=${two.join(",")}`)).body, "Contacts", "ContactID")).toEqual(
      [...two].sort(),
    );
    const calder = await h.json(`/Invoices?ContactIDs=${DEMO_CONTACTS.calder.id}`);
    expect((calder.body.Invoices as Rec[]).length).toBe(3);
    const numbers = await h.json("/Invoices?InvoiceNumbers=INV-0023,INV-0024");
    expect(ids(numbers.body, "Invoices", "InvoiceNumber")).toEqual(["INV-0023", "INV-0024"]);
    const statuses = await h.json("/Invoices?Statuses=DRAFT,SUBMITTED");
    const expected = invoices
      .filter((i) => i.status === "DRAFT" || i.status === "SUBMITTED")
      .map((i) => i.invoiceId);
    expect(ids(statuses.body, "Invoices", "InvoiceID")).toEqual(expected.sort());
    const badIds = await h.json("/Contacts?IDs=not-a-guid");
    expect(badIds.status).toBe(400);
  });

  it("where supports ==, AND/OR, nested members, Guid(), DateTime() and string methods", async () => {
    const j = await h.json(`/Invoices?${q('Reference=="J-10023"')}`);
    expect(ids(j.body, "Invoices", "InvoiceID")).toEqual(
      [DEMO_INVOICES.pennineJob.id, DEMO_INVOICES.pennineTopUp.id].sort(),
    );
    const auth = await h.json(`/Invoices?${q('Type=="ACCREC" AND Status=="AUTHORISED"')}`);
    const want = invoices
      .filter((i) => i.type === "ACCREC" && i.status === "AUTHORISED")
      .map((i) => i.invoiceId);
    expect(ids(auth.body, "Invoices", "InvoiceID")).toEqual(want.sort());
    const or = await h.json(`/Invoices?${q('Status=="VOIDED" || Status=="DELETED"')}`);
    expect((or.body.Invoices as Rec[]).length).toBe(3);
    const nested = await h.json(
      `/Invoices?${q(`Contact.ContactID==Guid("${DEMO_CONTACTS.oakley.id.toUpperCase()}") AND AmountDue > 0`)}`,
    );
    expect((nested.body.Invoices as Rec[]).length).toBe(2);
    const dated = await h.json(`/Invoices?${q("Date >= DateTime(2026, 11, 20)")}`);
    expect((dated.body.Invoices as Rec[]).every((i) => String(i.Date) >= "/Date(1795")).toBe(true);
    const ref = await h.json(`/Contacts?${q(`ContactNumber=="${DEMO_CONTACTS.pennine.ref}"`)}`);
    expect(ids(ref.body, "Contacts", "ContactID")).toEqual([DEMO_CONTACTS.pennine.id]);
    const starts = await h.json(`/Contacts?${q('Name.ToLower().StartsWith("vale")')}`);
    expect((starts.body.Contacts as Rec[]).length).toBe(2);
  });

  it("where problems are 400 QueryParseExceptions, never 500s", async () => {
    for (const bad of [
      'Status=="PAID',
      "Status==PAID",
      "Foo==1",
      '(Status=="PAID"',
      "Name > 5",
      'Name.Frob("x")',
    ]) {
      const res = await h.json(`/Invoices?${q(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body, bad).toMatchObject({ ErrorNumber: 16, Type: "QueryParseException" });
    }
  });

  it("searchTerm, includeArchived and summaryOnly behave as Xero documents", async () => {
    const found = await h.json("/Contacts?searchTerm=groundworks");
    expect(((found.body.Contacts as Rec[]) ?? []).map((c) => c.ContactNumber).sort()).toEqual([
      "ACME01",
      "VALE01",
      "VALE02",
    ]);
    const byRef = await h.json("/Invoices?searchTerm=j-10023");
    expect((byRef.body.Invoices as Rec[]).length).toBe(2);
    const active = await h.json("/Contacts?page=1");
    expect(ids(active.body, "Contacts", "ContactID")).not.toContain(DEMO_CONTACTS.woldsArchived.id);
    const all = await h.json("/Contacts?page=1&includeArchived=true");
    const archived = (all.body.Contacts as Rec[]).find((c) => c.ContactID === DEMO_CONTACTS.woldsArchived.id);
    expect(archived).toMatchObject({
      ContactStatus: "ARCHIVED",
      MergedToContactID: DEMO_CONTACTS.woldsLtd.id,
    });
    const summary = await h.json("/Contacts?page=1&summaryOnly=true");
    const s = (summary.body.Contacts as Rec[])[0] ?? {};
    expect(s.Balances).toBeUndefined();
    expect(s.Addresses).toBeUndefined();
    expect(s.ContactID).toBeTypeOf("string");
  });

  it("accounts filter on Status, Type and EnablePaymentsToAccount", async () => {
    const banks = await h.json(`/Accounts?${q('Status=="ACTIVE" AND Type=="BANK"')}`);
    expect((banks.body.Accounts as Rec[]).map((a) => a.Code)).toEqual(["090", "091"]);
    const enabled = await h.json(`/Accounts?${q("EnablePaymentsToAccount==true")}`);
    expect((enabled.body.Accounts as Rec[]).map((a) => a.Code)).toEqual(["835"]);
  });
});

describe("single records and organisations", () => {
  const h = accountingHarness();

  it("fetches by ID or by number, and answers unknown ones with Xero's plain-text 404", async () => {
    const byNumber = await h.json(`/Contacts/${DEMO_CONTACTS.woldsArchived.ref}`);
    expect((byNumber.body.Contacts as Rec[])[0]).toMatchObject({
      ContactID: DEMO_CONTACTS.woldsArchived.id,
      MergedToContactID: DEMO_CONTACTS.woldsLtd.id,
    });
    const inv = await h.json(`/Invoices/${DEMO_INVOICES.riversidePartPaid.number}`);
    expect((inv.body.Invoices as Rec[])[0]).toMatchObject({ AmountPaid: 2500, AmountDue: 3500, Total: 6000 });
    for (const path of [
      "/Contacts/8f0a8f4c-0000-4000-8000-000000000000",
      "/Invoices/INV-9999",
      "/Payments/not-a-guid",
      "/Nope",
    ]) {
      const res = await h.fetch(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toBe("The resource you're looking for cannot be found");
    }
  });

  it("serves each organisation its own data", async () => {
    const demo = await h.json("/Organisation");
    expect((demo.body.Organisations as Rec[])[0]).toMatchObject({
      Name: "Demo Aggregates Ltd",
      BaseCurrency: "GBP",
      CountryCode: "GB",
    });
    const north = await h.json("/Organisation", { tenantId: NORTHERN_TENANT_ID });
    expect((north.body.Organisations as Rec[])[0]).toMatchObject({
      Name: "Northern Haulage Ltd",
      Timezone: "GMTSTANDARDTIME",
    });
    const northContacts = await h.json("/Contacts?page=1", { tenantId: NORTHERN_TENANT_ID });
    expect((northContacts.body.Contacts as Rec[]).length).toBe(3);
  });
});
