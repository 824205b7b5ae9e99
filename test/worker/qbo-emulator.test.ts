// The QuickBooks emulator runs inside workerd (where the QuickBooks provider's tests will use it
// in-process): OAuth, a query, a payment and the schema check, with Intl time zones available.

import { describe, expect, it } from "vitest";
import { withQboConformance } from "../qbo-emulator/conformance/checks.ts";
import { createQboEmulator, DEMO_QBO_IDS, DEMO_REALM_ID } from "../qbo-emulator/index.ts";
import { connect } from "../qbo-emulator/testing.ts";

describe("QuickBooks emulator in workerd", () => {
  it("connects, queries and pays, and every response conforms to the schema", async () => {
    const emu = createQboEmulator({ seed: "demo", webhook: { auto: false } });
    const t = await connect(emu.fetch);
    const w = withQboConformance(emu.fetch);
    const base = `https://quickbooks.api.intuit.com/v3/company/${DEMO_REALM_ID}`;
    const headers = { authorization: `Bearer ${t.access_token}`, accept: "application/json" };
    const q = await w.fetch(
      `${base}/query?query=${encodeURIComponent("SELECT * FROM Customer")}&minorversion=75`,
      { headers },
    );
    const body = (await q.json()) as {
      QueryResponse: { Customer: { MetaData: { LastUpdatedTime: string } }[] };
    };
    expect(body.QueryResponse.Customer[0]?.MetaData.LastUpdatedTime).toMatch(/-0[78]:00$/);
    const pay = await w.fetch(`${base}/payment?requestid=w-1&minorversion=75`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({
        CustomerRef: { value: DEMO_QBO_IDS.customers.acme },
        TotalAmt: 10,
        Line: [{ Amount: 10, LinkedTxn: [{ TxnId: DEMO_QBO_IDS.invoices["J-20002"], TxnType: "Invoice" }] }],
      }),
    });
    expect(pay.status).toBe(200);
    expect(w.violations).toEqual([]);
  });
});
