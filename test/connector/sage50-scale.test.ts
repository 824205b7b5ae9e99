// The generated 2,000-customer / 6,000-invoice company: the first run arrives complete in several
// batches, and a no-change cycle stays under 1 KB on the wire.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCompany } from "./generate.ts";
import { type Harness, harness } from "./harness.ts";
import { odbcReady } from "./odbc-available.ts";

describe.skipIf(!odbcReady)("Sage 50 connector at company scale", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness((file) => generateCompany(file));
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it("delivers 2,000 customers and 6,000 invoices, then idles under 1 KB", async () => {
    const first = await h.cycle();
    expect(first).toMatchObject({ kind: "full", customers: 2_000, invoices: 6_000 });
    expect(first.batches).toBeGreaterThan(1);
    expect(h.rx.customers.size).toBe(2_000);
    expect(h.rx.invoices.size).toBe(6_000);
    // The generator's messes are all there.
    const all = [...h.rx.customers.values()];
    expect(all.some((c) => c.onHold) && all.some((c) => c.inactive) && all.some((c) => c.deleted)).toBe(true);
    expect(all.some((c) => c.limit === 0)).toBe(true);
    const invoices = [...h.rx.invoices.values()];
    expect(invoices.some((i) => i.outstanding > 0 && i.outstanding < i.gross)).toBe(true);
    const idle = await h.cycle();
    expect(idle).toMatchObject({ customers: 0, invoices: 0 });
    expect(idle.bytes).toBeLessThan(1024);
  });
});
