import { describe, expect, it } from "vitest";
import { type XeroClientDeps, xeroCall } from "../../worker/xero/api.ts";
import { createEmulator } from "../emulator/index.ts";
import { DEMO_INVOICES, DEMO_TENANT_ID, payInvoice } from "../emulator/seed/index.ts";

async function client() {
  const em = createEmulator({ seed: "demo" });
  const { tokens } = await em.connect({ tenantIds: [DEMO_TENANT_ID] });
  const sent: (string | null)[] = [];
  const deps: XeroClientDeps = {
    cfg: { apiUrl: "http://localhost:8789" } as XeroClientDeps["cfg"],
    fetchFn: async (input, init) => {
      sent.push(new Headers(init?.headers).get("If-Modified-Since"));
      return em.fetch(input, init);
    },
    creds: {
      token: async () => ({ token: tokens.access_token, orgRef: DEMO_TENANT_ID }),
      renew: async () => tokens.access_token,
      revoked: async () => {},
      refused: async () => {},
    },
    sleep: async () => {},
  };
  return { em, deps, sent };
}

describe("If-Modified-Since as Xero documents it", () => {
  it("is sent as ISO 8601 UTC (toISOString), so a strict server filters instead of listing everything", async () => {
    const { em, deps, sent } = await client();
    const since = em.clock.now();
    em.clock.advance(5_000);
    payInvoice(em.state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id, { amount: 10 });
    const body = await xeroCall<{ Invoices: { InvoiceID: string }[] }>(deps, {
      path: "/Invoices",
      query: { page: 1 },
      ifModifiedSince: since,
    });
    expect(sent[0]).toBe(new Date(since).toISOString());
    expect(sent[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
    // Only the invoice that changed: an HTTP date would have been ignored (the full listing).
    expect(body.Invoices.map((i) => i.InvoiceID)).toEqual([DEMO_INVOICES.acmeOpen.id]);
  });
});
