// The generated 10,000-customer company pages through the API at 1,000 per query, as the
// reads-per-sync benchmark will do, quickly enough to run in every test pass.

import { expect, it } from "vitest";
import { createQboEmulator, LARGE_REALM_ID } from "./index.ts";
import { connect } from "./testing.ts";

it("reads 10,000 customers in 10 queries of 1,000 (plus the empty page that ends paging)", async () => {
  const emu = createQboEmulator({ seed: "large" });
  const t = await connect(emu.fetch, LARGE_REALM_ID);
  const started = Date.now();
  let seen = 0;
  let calls = 0;
  for (let start = 1; ; start += 1000) {
    emu.clock.advance(1000);
    const q = encodeURIComponent(
      `SELECT * FROM Customer WHERE Active IN (true, false) STARTPOSITION ${start} MAXRESULTS 1000`,
    );
    const res = await emu.fetch(`https://q/v3/company/${LARGE_REALM_ID}/query?query=${q}&minorversion=75`, {
      headers: { authorization: `Bearer ${t.access_token}`, accept: "application/json" },
    });
    calls++;
    const rows =
      ((await res.json()) as { QueryResponse: { Customer?: unknown[] } }).QueryResponse.Customer ?? [];
    seen += rows.length;
    if (rows.length < 1000) break;
  }
  expect(seen).toBe(10_000);
  expect(calls).toBe(11);
  expect(emu.counters().total["GET /v3/company/{realmId}/query"]).toBe(11);
  expect(Date.now() - started).toBeLessThan(15_000);
});
