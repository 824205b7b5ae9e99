// The demo host's second business, Demo Quarry Ltd, must match the QuickBooks emulator's demo
// seed: its customers are real QuickBooks Customer Ids with their DisplayNames, its jobs real
// DocNumbers of that customer's open invoices, and its pages sign tokens for its own tenant.
import { describe, expect, it } from "vitest";
import { BUSINESSES, businessFor, QUARRY_TENANT } from "../demo/businesses.ts";
import { DEMO_TENANT } from "../demo/data.ts";
import { startDemoServer } from "../demo/server.ts";
import { createQboEmulator } from "../qbo-emulator/index.ts";
import { DEMO_REALM_ID } from "../qbo-emulator/seed/index.ts";

describe("demo businesses", () => {
  const qbo = createQboEmulator({ seed: "demo" });
  const company = qbo.state.companies.get(DEMO_REALM_ID);

  it("Quarry customers and jobs are the QuickBooks demo seed's (ids, DisplayNames, DocNumbers)", () => {
    expect(company?.name).toBe(QUARRY_TENANT.name);
    const quarry = BUSINESSES.quarry;
    expect(quarry.customers.length).toBeGreaterThan(10);
    for (const c of quarry.customers) {
      const row = company?.customers.get(c.ref);
      expect(row?.displayName, c.ref).toBe(c.name);
      expect(row?.active, c.name).toBe(true);
    }
    const invoices = [...(company?.invoices.values() ?? [])];
    for (const j of quarry.jobs) {
      const inv = invoices.find((i) => i.docNumber === j.ref);
      expect(inv?.customerId, j.ref).toBe(j.customer);
      expect(inv?.balancePence, j.ref).toBeGreaterThan(0);
    }
    expect(quarry.nextJob).toBe(20021);
  });

  it("?business=quarry picks Demo Quarry Ltd; anything else the default business", () => {
    expect(businessFor("quarry").tenant.id).toBe("quarry-tenant");
    expect(businessFor(null).tenant).toEqual(DEMO_TENANT);
    expect(businessFor("nope").tenant).toEqual(DEMO_TENANT);
  });

  it("the Quarry pages show which business in the header and sign tokens for its tenant", async () => {
    const demo = await startDemoServer({ port: 0, workerUrl: "http://localhost:1", embedSecrets: "k:s" });
    try {
      const page = await (await fetch(`${demo.url}/admin?business=quarry`)).text();
      expect(page).toContain('data-tenant="quarry-tenant"><strong>Demo Quarry Ltd</strong>');
      expect(page).toContain("Setting credit limits in QuickBooks Online");
      expect(page).toContain('href="/admin">Switch to Demo Aggregates Ltd');
      // The admin side links stay on Demo Quarry Ltd (they went to the default business's admin).
      expect(page).toContain('class="side-link" href="/admin?business=quarry" aria-current="page">Accounts');
      expect(page).not.toMatch(/class="(side|crumb)-link" href="\/admin"/);
      const jobs = await (await fetch(`${demo.url}/?business=quarry`)).text();
      expect(jobs).toContain('class="crumb-link" href="/?business=quarry">Jobs');
      const { token } = (await (await fetch(`${demo.url}/token?role=staff&business=quarry`)).json()) as {
        token: string;
      };
      const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
      expect(claims.tenant).toBe("quarry-tenant");
      const plain = await (await fetch(`${demo.url}/`)).text();
      expect(plain).toContain('data-tenant="demo-tenant"');
    } finally {
      await demo.close();
    }
  });
});
