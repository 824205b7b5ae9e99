// GET /cdc: changes since a time, deleted objects as tombstones, the 30-day window, the 1,000 cap.

import { describe, expect, it } from "vitest";
import { withQboConformance } from "./conformance/checks.ts";
import { createQboEmulator, DEMO_QBO_IDS, LARGE_REALM_ID } from "./index.ts";
import { connect, qboHarness } from "./testing.ts";

const DAY = 86_400_000;
type Json = Record<string, any>;

describe("GET /cdc", () => {
  it("returns what changed since, per entity, with deleted invoices as tombstones", async () => {
    const h = await qboHarness();
    const since = new Date(h.emu.clock.now() - 2 * DAY).toISOString();
    const res = await h.api(
      `/cdc?entities=Customer,Invoice,Payment&changedSince=${encodeURIComponent(since)}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    const [customers, invoices, payments] = body.CDCResponse[0].QueryResponse;
    // Seeded history is a day old: the merge (both customers), its moved invoice, paid/voided ones.
    expect(customers.Customer.map((c: Json) => c.Id).sort()).toEqual(
      [DEMO_QBO_IDS.customers.jubilee, DEMO_QBO_IDS.customers.jubileeOld].sort(),
    );
    const deleted = invoices.Invoice.find((i: Json) => i.status === "Deleted");
    expect(deleted).toEqual({
      domain: "QBO",
      status: "Deleted",
      Id: DEMO_QBO_IDS.invoices["J-20008"],
      MetaData: { LastUpdatedTime: expect.any(String) },
    });
    expect(payments.Payment.length).toBeGreaterThan(0);
    // Nothing changed in the last hour: each entity answers an empty QueryResponse.
    const recent = await h.api(
      `/cdc?entities=Customer,Invoice&changedSince=${encodeURIComponent(new Date(h.emu.clock.now() - 3600_000).toISOString())}`,
    );
    expect(((await recent.json()) as Json).CDCResponse[0].QueryResponse).toEqual([{}, {}]);
    expect(h.violations).toEqual([]);
  });

  it("refuses changedSince more than 30 days back, and bad parameters, with a Fault", async () => {
    const h = await qboHarness();
    const old = new Date(h.emu.clock.now() - 31 * DAY).toISOString();
    const res = await h.api(`/cdc?entities=Customer&changedSince=${encodeURIComponent(old)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).Fault.Error[0].element).toBe("changedSince");
    expect((await h.api("/cdc?entities=Vendor&changedSince=2026-11-30T00:00:00Z")).status).toBe(400);
    expect((await h.api("/cdc?changedSince=2026-11-30T00:00:00Z")).status).toBe(400);
    expect(h.violations).toEqual([]);
  });

  it("answers at most 1,000 objects over all entities, oldest first, so a full answer is detectable", async () => {
    const emu = createQboEmulator();
    emu.state.listeners.length = 0;
    const now = emu.clock.now();
    const { seedQbo } = await import("./seed/index.ts");
    seedQbo(emu.state, "large", { customers: 700, invoicesPerCustomer: 1 });
    const co = emu.state.companies.get(LARGE_REALM_ID);
    if (!co) throw new Error("no large company");
    // Everything changed within the window, at distinct times.
    let t = now - 10 * DAY;
    for (const x of [...co.customers.values(), ...co.invoices.values()]) x.updatedAt = t += 1000;
    const tokens = await connect(emu.fetch, LARGE_REALM_ID);
    const w = withQboConformance(emu.fetch);
    const get = async (since: number) => {
      const res = await w.fetch(
        `https://quickbooks.api.intuit.com/v3/company/${LARGE_REALM_ID}/cdc?entities=Customer,Invoice&changedSince=${encodeURIComponent(new Date(since).toISOString())}&minorversion=75`,
        { headers: { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" } },
      );
      const qr = ((await res.json()) as Json).CDCResponse[0].QueryResponse as Json[];
      return [...(qr[0]?.Customer ?? []), ...(qr[1]?.Invoice ?? [])] as Json[];
    };
    const first = await get(now - 11 * DAY);
    expect(first).toHaveLength(1000);
    const last = Math.max(...first.map((x) => Date.parse(x.MetaData.LastUpdatedTime)));
    // MetaData times have whole seconds: ask again from the last one seen (inclusive), drop repeats.
    const seen = new Set(first.map((x) => `${x.Id} ${x.MetaData.LastUpdatedTime}`));
    const rest = (await get(last)).filter((x) => !seen.has(`${x.Id} ${x.MetaData.LastUpdatedTime}`));
    expect(rest).toHaveLength(400);
    expect(w.violations).toEqual([]);
  });
});
