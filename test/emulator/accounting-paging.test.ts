import { describe, expect, it } from "vitest";
import { accountingHarness } from "./accounting/testing.ts";
import {
  DEMO_CONTACTS,
  DEMO_INVOICES,
  DEMO_TENANT_ID,
  LARGE_TENANT_ID,
  payInvoice,
  seed,
  updateContact,
} from "./seed/index.ts";

type Rec = Record<string, unknown>;
type ListBody = {
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
} & Rec;

const _q = (where: string) => `where=${encodeURIComponent(where)}`;

describe("paging", () => {
  const h = accountingHarness({ seed: "none" });
  seed(h.state, "large", { contacts: 2_345, invoices: 3_456 });
  const opts = { tenantId: LARGE_TENANT_ID };
  const activeContacts = [...(h.state.orgs.get(LARGE_TENANT_ID)?.contacts.values() ?? [])].filter(
    (c) => c.status === "ACTIVE",
  );

  it("walks pages 1..n exactly: no overlap, no gap, right pageCount and itemCount", async () => {
    const seen: string[] = [];
    const first = await h.json<ListBody>("/Contacts?page=1", opts);
    expect(first.body.pagination).toEqual({
      page: 1,
      pageSize: 100,
      pageCount: Math.ceil(activeContacts.length / 100),
      itemCount: activeContacts.length,
    });
    const pageCount = first.body.pagination?.pageCount ?? 0;
    for (let p = 1; p <= pageCount; p++) {
      const { body } = await h.json<ListBody>(`/Contacts?page=${p}`, opts);
      const ids = (body.Contacts as Rec[]).map((c) => c.ContactID as string);
      expect(ids.length).toBe(p < pageCount ? 100 : activeContacts.length - 100 * (pageCount - 1));
      expect(body.pagination?.page).toBe(p);
      seen.push(...ids);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(activeContacts.map((c) => c.contactId)));
    const beyond = await h.json<ListBody>(`/Contacts?page=${pageCount + 1}`, opts);
    expect(beyond.body.Contacts).toEqual([]);
  });

  it("honours pageSize up to 1,000 and caps larger sizes at 1,000", async () => {
    const size250 = await h.json<ListBody>("/Invoices?page=2&pageSize=250", opts);
    expect((size250.body.Invoices as Rec[]).length).toBe(250);
    expect(size250.body.pagination).toMatchObject({
      page: 2,
      pageSize: 250,
      pageCount: 14,
      itemCount: 3_456,
    });
    const huge = await h.json<ListBody>("/Invoices?page=1&pageSize=5000", opts);
    expect((huge.body.Invoices as Rec[]).length).toBe(1_000);
    expect(huge.body.pagination).toMatchObject({ pageSize: 1_000, pageCount: 4 });
  });

  it("orders by UpdatedDateUTC then ID by default, and honours order=", async () => {
    const { body } = await h.json<ListBody>("/Invoices?page=1&pageSize=1000", opts);
    const stamps = (body.Invoices as Rec[]).map((i) => Number(/\d+/.exec(String(i.UpdatedDateUTC))?.[0]));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const byName = await h.json<ListBody>("/Contacts?page=1&order=Name%20DESC", opts);
    const names = (byName.body.Contacts as Rec[]).map((c) => String(c.Name).toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
  });

  it("rejects a page that is not a positive whole number with a 400, and bad order fields", async () => {
    const bad = await h.json("/Contacts?page=0", opts);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ Type: "ValidationException" });
    const order = await h.json("/Contacts?page=1&order=Shoe%20ASC", opts);
    expect(order.status).toBe(400);
    expect(order.body).toMatchObject({ ErrorNumber: 16, Type: "QueryParseException" });
  });

  it("without page returns every match in the lighter view and no pagination block", async () => {
    const { body } = await h.json<ListBody>("/Contacts", opts);
    expect(body.pagination).toBeUndefined();
    expect((body.Contacts as Rec[]).length).toBe(activeContacts.length);
    expect((body.Contacts as Rec[])[0]?.Balances).toBeUndefined();
  });
});

describe("If-Modified-Since", () => {
  it("returns exactly the records changed after it (ISO 8601 UTC), and a balance change is not a contact change", async () => {
    const h = accountingHarness();
    const t0 = h.state.clock.now();
    h.state.clock.advance(5_000);
    updateContact(h.state, DEMO_TENANT_ID, DEMO_CONTACTS.acme.id, { xeroNetworkKey: "12000" });
    payInvoice(h.state, DEMO_TENANT_ID, DEMO_INVOICES.britanniaOverdue.id, { amount: 100 });
    for (const since of [new Date(t0).toISOString(), new Date(t0).toISOString().slice(0, 19)]) {
      const headers = { "If-Modified-Since": since };
      const contacts = await h.json<ListBody>("/Contacts?page=1", { headers });
      expect((contacts.body.Contacts as Rec[]).map((c) => c.ContactID)).toEqual([DEMO_CONTACTS.acme.id]);
      const invoices = await h.json<ListBody>("/Invoices?page=1", { headers });
      expect((invoices.body.Invoices as Rec[]).map((i) => i.InvoiceID)).toEqual([
        DEMO_INVOICES.britanniaOverdue.id,
      ]);
      const payments = await h.json<ListBody>("/Payments?page=1", { headers });
      expect((payments.body.Payments as Rec[]).length).toBe(1);
    }
    const later = new Date(h.state.clock.now()).toISOString();
    const none = await h.json<ListBody>("/Invoices?page=1", { headers: { "If-Modified-Since": later } });
    expect(none.body.Invoices).toEqual([]);
  });

  it("ignores any other format, as a strict server may: an RFC 1123 date, a bare date or an offset → the full listing", async () => {
    const h = accountingHarness();
    const all = await h.json<ListBody>("/Invoices?page=1");
    const later = h.state.clock.now() + 3_600_000;
    for (const since of [
      new Date(later).toUTCString(),
      new Date(later).toISOString().slice(0, 10),
      new Date(later).toISOString().replace("Z", "+00:00"),
      "2026-02-30T00:00:00",
      "yesterday",
    ]) {
      const res = await h.json<ListBody>("/Invoices?page=1", { headers: { "If-Modified-Since": since } });
      expect(res.body.Invoices, since).toEqual(all.body.Invoices);
    }
  });
});
