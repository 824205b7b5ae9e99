// Tours every Accounting endpoint and status through withConformance: every JSON body the emulator
// produces must match xero-node's models and Xero's OpenAPI document.

import { beforeAll, describe, expect, it } from "vitest";
import { accountingHarness } from "./accounting/testing.ts";
import { withConformance } from "./conformance/index.ts";
import { openapiDoc } from "./conformance/openapi.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_CONTACTS,
  DEMO_INVOICES,
  DEMO_TENANT_ID,
  LARGE_TENANT_ID,
  NORTHERN_TENANT_ID,
  payInvoice,
  seed,
} from "./seed/index.ts";

const BASE = "https://api.xero.com/api.xro/2.0";
type Rec = Record<string, unknown>;

beforeAll(() => {
  openapiDoc();
}, 60_000);

describe("conformance tour", () => {
  it("every response body conforms to xero-node and Xero's OpenAPI document", async () => {
    const h = accountingHarness();
    seed(h.state, "large", { contacts: 300, invoices: 900 });
    const w = withConformance((input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      const tenantId = new Headers(init?.headers).get("xero-tenant-id") ?? undefined;
      return h.fetch(url.pathname.replace("/api.xro/2.0", "") + url.search, { ...init, tenantId });
    });
    const get = (path: string, headers: Record<string, string> = {}) =>
      w.fetch(`${BASE}${path}`, { headers });
    const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      w.fetch(`${BASE}${path}`, {
        method,
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const enc = encodeURIComponent;
    const statuses: number[] = [];
    const track = async (p: Promise<Response>) => statuses.push((await p).status);

    // Reads.
    for (const path of [
      "/Organisation",
      "/Contacts",
      "/Contacts?page=1",
      "/Contacts?page=2&pageSize=10&includeArchived=true",
      "/Contacts?summaryOnly=true",
      "/Contacts?page=1&summaryOnly=true",
      `/Contacts?IDs=${DEMO_CONTACTS.acme.id},${DEMO_CONTACTS.woldsArchived.id}&includeArchived=true`,
      `/Contacts?where=${enc('ContactNumber=="ACME01"')}`,
      "/Contacts?searchTerm=vale&order=Name%20DESC",
      "/Contacts?page=99",
      `/Contacts/${DEMO_CONTACTS.acme.id}`,
      `/Contacts/${DEMO_CONTACTS.woldsArchived.ref}`,
      `/Contacts/${DEMO_CONTACTS.kestrel.id}`,
      `/Contacts/${DEMO_CONTACTS.langley.id}`,
      "/Contacts/3f9c1b7e-0000-4000-8000-000000000000",
      "/Invoices",
      "/Invoices?page=1&pageSize=50",
      "/Invoices?summaryOnly=true",
      "/Invoices?Statuses=DRAFT,SUBMITTED,VOIDED,DELETED",
      `/Invoices?ContactIDs=${DEMO_CONTACTS.riverside.id}&page=1`,
      "/Invoices?InvoiceNumbers=INV-0023,INV-0024",
      `/Invoices?where=${enc('Type=="ACCREC" AND Status=="AUTHORISED" AND AmountDue > 0')}&order=DueDate`,
      ...Object.values(DEMO_INVOICES).map((i) => `/Invoices/${i.id}`),
      "/Invoices/HQP-4410",
      "/Invoices/INV-9999",
      "/Accounts",
      `/Accounts?where=${enc('Status=="ACTIVE" AND Type=="BANK"')}`,
      `/Accounts/${DEMO_ACCOUNTS.current.id}`,
      "/Payments",
      "/Payments?page=1&pageSize=5",
      `/Payments?where=${enc('Status=="AUTHORISED"')}`,
      `/Contacts?where=${enc("Nope==1")}`,
      `/Invoices?where=${enc('Status=="PAID')}`,
      "/Contacts?page=0",
      "/Contacts?IDs=123",
    ]) {
      await track(get(path));
    }
    await track(
      get("/Invoices?page=1", {
        "If-Modified-Since": new Date(h.state.clock.now() - 30 * 86_400_000).toISOString(),
      }),
    );
    await track(get("/Organisation", { "xero-tenant-id": NORTHERN_TENANT_ID }));
    await track(get("/Contacts?page=1", { "xero-tenant-id": LARGE_TENANT_ID }));
    await track(get("/Invoices?page=3&pageSize=100", { "xero-tenant-id": LARGE_TENANT_ID }));

    // Payments: success, every rejection, batches, idempotent replay, deletion.
    const pay = (invoice: Rec, amount: unknown, account: Rec = { Code: "090" }, date = "2026-11-25") => ({
      Invoice: invoice,
      Account: account,
      Date: date,
      Amount: amount,
      Reference: "AGG-1",
    });
    const ok = await send("PUT", "/Payments", pay({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 100), {
      "Idempotency-Key": "tour-1",
    });
    statuses.push(ok.status);
    await track(
      send("PUT", "/Payments", pay({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 100), {
        "Idempotency-Key": "tour-1",
      }),
    );
    await track(
      send("PUT", "/Payments", pay({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 5), {
        "Idempotency-Key": "tour-1",
      }),
    );
    await track(
      send("PUT", "/Payments", pay({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 5), {
        "Idempotency-Key": "k".repeat(129),
      }),
    );
    await track(
      send(
        "POST",
        "/Payments",
        pay({ InvoiceNumber: DEMO_INVOICES.pennineJob.number }, "250.25", {
          AccountID: DEMO_ACCOUNTS.savings.id,
        }),
      ),
    );
    for (const body of [
      pay({ InvoiceID: DEMO_INVOICES.draft.id }, 10),
      pay({ InvoiceID: DEMO_INVOICES.acmePaid.id }, 10),
      pay({ InvoiceID: DEMO_INVOICES.voided.id }, 10, { Code: "200" }),
      pay({ InvoiceID: DEMO_INVOICES.britanniaOverdue.id }, 1_000_000),
      pay({ InvoiceID: DEMO_INVOICES.britanniaOverdue.id }, 10, { Code: "092" }),
      pay({ InvoiceID: "2b2b2b2b-2b2b-4b2b-8b2b-2b2b2b2b2b2b" }, 10, { Code: "999" }),
      pay({ InvoiceNumber: "INV-9999" }, 0),
      { Amount: 5 },
      pay({ InvoiceID: DEMO_INVOICES.acmeOpen.id }, 10, { Code: "090" }, "2026-02-30"),
      "{broken",
      {
        Payments: [
          pay({ InvoiceID: DEMO_INVOICES.zenithOpen.id }, 1_000),
          pay({ InvoiceID: DEMO_INVOICES.zenithOpen.id }, 1_000),
        ],
      },
    ]) {
      await track(send("PUT", "/Payments", body));
    }
    await track(
      send("PUT", "/Payments?summarizeErrors=false", {
        Payments: [
          pay({ InvoiceID: DEMO_INVOICES.zenithOpen.id }, 1_000),
          pay({ InvoiceID: DEMO_INVOICES.draft.id }, 1),
        ],
      }),
    );
    const okBody = (await ok.clone().json()) as { Payments: Rec[] };
    const paymentId = okBody.Payments[0]?.PaymentID as string;
    await track(get(`/Payments/${paymentId}`));
    await track(send("POST", `/Payments/${paymentId}`, { Status: "DELETED" }));
    await track(send("POST", `/Payments/${paymentId}`, { Status: "DELETED" }));
    await track(send("POST", `/Payments/${paymentId}`, { Payments: [{ Amount: 3 }] }));
    await track(get(`/Payments/${paymentId}`));
    payInvoice(h.state, DEMO_TENANT_ID, DEMO_INVOICES.calderOverdue.id);
    await track(get(`/Invoices/${DEMO_INVOICES.calderOverdue.id}`));
    await track(get(`/Contacts/${DEMO_CONTACTS.calder.id}`));

    expect(w.violations).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([200, 400, 404]));
    expect(statuses.length).toBeGreaterThan(70);
  }, 60_000);
});
