// The QuickBooks pull against the QBO emulator: initial load by query paging, then CDC with
// payments followed to their customers, deletes, paging a full CDC answer without gaps or
// repeats, resume after faults, the 30-day limit, and the metered reads it spends.

import { describe, expect, it } from "vitest";
import type { Customer, Invoice } from "../../../worker/provider/model.ts";
import { qboCall } from "../../../worker/quickbooks/api.ts";
import { runQboSync } from "../../../worker/quickbooks/sync.ts";
import { initialCursor, type SyncCursor } from "../../../worker/sync/cursor.ts";
import { createQboEmulator, DEMO_QBO_IDS, DEMO_REALM_ID, LARGE_REALM_ID } from "../../qbo-emulator/index.ts";
import { connected } from "./helpers.ts";

const cid = (k: string): string => {
  const v = DEMO_QBO_IDS.customers[k];
  if (!v) throw new Error(`no demo customer ${k}`);
  return v;
};

async function setup(opts: Parameters<typeof connected>[0] = {}) {
  const q = await connected(opts);
  const customers = new Map<string, Customer>();
  const invoices = new Map<string, Invoice>();
  const writes = { customers: [] as string[], invoices: [] as string[], baseline: [] as boolean[] };
  let cursor: SyncCursor = initialCursor(q.emu.clock.now());
  const paths: string[] = [];
  const deps = {
    call: (req: Parameters<typeof qboCall>[1]) => {
      paths.push(req.path);
      return qboCall(q.deps, req);
    },
    now: () => q.emu.clock.now(),
    currency: "GBP",
    customers: (list: readonly Customer[]) => {
      for (const c of list) {
        customers.set(c.contactId, c);
        writes.customers.push(c.contactId);
      }
    },
    invoices: (list: readonly Invoice[], baseline: boolean) => {
      for (const i of list) {
        invoices.set(i.invoiceId, i);
        writes.invoices.push(i.invoiceId);
      }
      writes.baseline.push(baseline);
    },
    save: async (c: SyncCursor) => {
      cursor = c;
    },
    intervalMs: () => 300_000,
  };
  const run = async (max = 100) => {
    cursor = await runQboSync(deps, cursor, max);
    return cursor;
  };
  const advance = (ms: number) => q.control("/clock", { advanceMs: ms });
  const co = `/companies/${DEMO_REALM_ID}`;
  return { q, customers, invoices, writes, run, advance, co, paths, cursor: () => cursor };
}

describe("QuickBooks initial load", () => {
  it("reads every customer (inactive too) and invoice by query paging; a parent's overdue includes its sites'", async () => {
    const s = await setup();
    const c = await s.run();
    expect(c.phase).toBe("idle");
    expect(c.lastFullAt).not.toBeNull();
    expect(s.customers.size).toBe(25);
    expect(s.customers.get(cid("ironside"))?.status).toBe("ARCHIVED");
    expect(s.invoices.size).toBe(19); // J-20008 was deleted before
    expect(s.writes.baseline[0]).toBe(true);
    const sheffield = s.customers.get(cid("hallamSheffield"));
    const hallam = s.customers.get(cid("hallam"));
    expect(sheffield?.overdueMinor).toBe(275_025);
    expect(hallam?.overdueMinor).toBeGreaterThanOrEqual(275_025);
    // Each customer once: the parent is not sent again when its sites are rolled up.
    expect(s.writes.customers).toHaveLength(25);
    // invoices page + sub-customers page (the tree) + customers page
    expect(s.q.log.reads).toBe(3);
    expect(s.q.violations).toEqual([]);
  });
});

describe("QuickBooks initial load, paged", () => {
  it("3,000 customers × 2 invoices: STARTPOSITION pages of 1,000, twelve reads, nothing missed", async () => {
    const emu = createQboEmulator({ seed: "demo", webhook: { auto: false } });
    await emu.fetch("https://quickbooks.api.intuit.com/_control/seed", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ preset: "large", customers: 3000, invoicesPerCustomer: 2 }),
    });
    const s = await setup({ emu, realmId: LARGE_REALM_ID });
    await s.q.control("/limits", { perSecondPerRealmApp: 1000, perMinutePerRealm: 10_000 });
    const c = await s.run();
    expect(c.phase).toBe("idle");
    expect(s.customers.size).toBe(3000);
    expect(s.invoices.size).toBe(6000);
    // 6 + 3 full pages, and one empty page each (a full page cannot tell it was the last), and
    // the one (empty) page of sub-customers.
    expect(s.q.log.reads).toBe(12);
    expect(s.writes.customers).toHaveLength(3000);
    expect(s.q.violations).toEqual([]);
  });
});

describe("QuickBooks CDC", () => {
  it("a payment in QuickBooks: one CDC read, the invoice PAID, the customer's balance re-read", async () => {
    const s = await setup();
    await s.run();
    const acme = s.customers.get(cid("acme"));
    await s.advance(60_000);
    await s.q.control(`${s.co}/invoices/J-20002/pay`, {});
    await s.advance(300_000);
    const reads = s.q.log.reads;
    const c = await s.run();
    expect(c.phase).toBe("idle");
    const paid = [...s.invoices.values()].find((i) => i.invoiceNumber === "J-20002");
    expect(paid?.status).toBe("PAID");
    expect(s.customers.get(cid("acme"))?.outstandingMinor).toBe((acme?.outstandingMinor ?? 0) - 48_050);
    expect(s.q.log.reads - reads).toBeLessThanOrEqual(4);
    expect(s.writes.baseline.at(-1)).toBe(false);
    expect(s.q.violations).toEqual([]);
  });

  it("a deleted invoice arrives as DELETED; an idle run with no change costs one read", async () => {
    const s = await setup();
    await s.run();
    await s.advance(60_000);
    const id = [...s.invoices.values()].find((i) => i.invoiceNumber === "J-20007")?.invoiceId ?? "";
    await s.q.control(`${s.co}/invoices/J-20007`, undefined, "DELETE");
    await s.advance(300_000);
    await s.run();
    expect(s.invoices.get(id)?.status).toBe("DELETED");
    await s.advance(300_000);
    const reads = s.q.log.reads;
    await s.run();
    expect(s.q.log.reads - reads).toBe(1);
  });

  it("a parent changed first and its sub-customer last, over 100 changes apart: each written once, rolled up", async () => {
    const s = await setup();
    await s.q.control("/limits", { perSecondPerRealmApp: 1000, perMinutePerRealm: 10_000 });
    await s.run();
    await s.advance(120_000);
    await s.q.control(`${s.co}/customers/${cid("hallam")}`, { notes: "moved office" }, "PATCH");
    await s.advance(1000);
    for (let i = 0; i < 110; i++) await s.q.control(`${s.co}/customers`, { displayName: `Bulk ${i}` });
    await s.advance(1000);
    await s.q.control(`${s.co}/customers/${cid("hallamSheffield")}`, { fax: "2000" }, "PATCH");
    await s.advance(300_000);
    const before = s.writes.customers.length;
    expect((await s.run(200)).phase).toBe("idle");
    const written = s.writes.customers.slice(before);
    expect(written.filter((id) => id === cid("hallam"))).toHaveLength(1);
    expect(new Set(written).size).toBe(written.length);
    expect(s.customers.get(cid("hallam"))?.overdueMinor).toBe(275_025);
  });

  it("more than 1,000 changes: CDC is paged by changedSince, nothing lost, nothing applied twice", async () => {
    const s = await setup();
    // The re-reads of 1,150 customers come faster than 10 a second at the emulator's frozen clock.
    await s.q.control("/limits", { perSecondPerRealmApp: 1000, perMinutePerRealm: 10_000 });
    await s.run();
    await s.advance(120_000);
    const made: string[] = [];
    for (let i = 0; i < 1150; i++) {
      if (i % 100 === 0) await s.advance(1000);
      const c = await s.q.control(`${s.co}/customers`, { displayName: `Bulk ${i}`, fax: "1000" });
      made.push(c.Id);
    }
    await s.advance(300_000);
    const before = s.writes.customers.length;
    const cdcBefore = s.paths.filter((p) => p === "/cdc").length;
    const c = await s.run(200);
    expect(c.phase).toBe("idle");
    expect(c.full).toBe(false);
    for (const id of made) expect(s.customers.get(id)?.limitRaw).toBe("1000");
    const written = s.writes.customers.slice(before);
    expect(new Set(written).size).toBe(written.length); // no customer written twice
    expect(written.length).toBe(1150);
    expect(s.paths.filter((p) => p === "/cdc").length - cdcBefore).toBe(2);
    expect(s.q.violations).toEqual([]);
  });

  it("a fault mid-run resumes from the saved cursor without gaps", async () => {
    const s = await setup();
    await s.run();
    await s.advance(60_000);
    await s.q.control(`${s.co}/invoices/J-20003/pay`, {});
    await s.advance(300_000);
    await s.q.control("/faults", {
      pathPrefix: `/v3/company/${DEMO_REALM_ID}/query`,
      kind: "status",
      status: 503,
      count: 3,
    });
    await expect(s.run()).rejects.toMatchObject({ kind: "transient" });
    expect(s.cursor().phase).toBe("refetch"); // the CDC answer was applied and saved
    const c = await s.run();
    expect(c.phase).toBe("idle");
    expect([...s.invoices.values()].find((i) => i.invoiceNumber === "J-20003")?.status).toBe("PAID");
  });

  it("a cursor older than CDC's 30 days → a full reload", async () => {
    const s = await setup();
    await s.run();
    await s.advance(31 * 86_400_000);
    const c = await s.run();
    expect(c.full).toBe(true);
    expect(c.phase).toBe("idle");
  });

  it("stops at maxCalls and goes on from there", async () => {
    const s = await setup();
    const c = await s.run(1);
    expect(c.phase).toBe("jobs");
    expect(s.q.log.reads).toBe(1);
    expect((await s.run()).phase).toBe("idle");
  });

  it("one call a run still finishes: a parent's roll-up (two reads) is not put off for ever", async () => {
    const s = await setup();
    let c = s.cursor();
    for (let i = 0; i < 20 && !(c.phase === "idle" && c.lastSyncedAt !== null); i++) c = await s.run(1);
    expect(c.phase).toBe("idle");
    expect(s.customers.get(cid("hallam"))?.overdueMinor).toBeGreaterThanOrEqual(275_025);
  });
});

describe("readCdc", () => {
  const meta = (t: string) => ({ LastUpdatedTime: t });
  const body = {
    CDCResponse: [
      {
        QueryResponse: [
          { Customer: [{ Id: "1", DisplayName: "A", MetaData: meta("2026-01-01T10:00:00-08:00") }] },
          {
            Invoice: [
              {
                Id: "5",
                DocNumber: "J-1",
                TotalAmt: 10,
                Balance: 0,
                MetaData: meta("2026-01-01T10:00:01-08:00"),
              },
              { domain: "QBO", status: "Deleted", Id: "6", MetaData: meta("2026-01-01T10:00:01-08:00") },
            ],
          },
          {
            Payment: [
              {
                Id: "9",
                CustomerRef: { value: "1" },
                Line: [{ Amount: 10, LinkedTxn: [{ TxnId: "5", TxnType: "Invoice" }] }],
                MetaData: meta("2026-01-01T10:00:01-08:00"),
              },
            ],
          },
        ],
      },
    ],
  };

  it("reads customers, invoices (tombstones too), a payment's customer and invoices, and the resume point", async () => {
    const { readCdc } = await import("../../../worker/quickbooks/cdc.ts");
    const ch = readCdc(body, new Set());
    expect(ch.count).toBe(4);
    expect(ch.invoices.map((i) => i.Id)).toEqual(["5", "6"]);
    expect(ch.paymentCustomers).toEqual(["1"]);
    expect(ch.paymentInvoices).toEqual(["5"]);
    expect(ch.lastAt).toBe(Date.parse("2026-01-01T18:00:01Z"));
    expect(ch.atLast).toHaveLength(3);
    // Resuming inclusive from lastAt: what was applied there is dropped.
    const again = readCdc(body, new Set(ch.atLast));
    expect(again.invoices).toEqual([]);
    expect(again.paymentInvoices).toEqual([]);
    expect(again.customers.map((c) => c.Id)).toEqual(["1"]);
  });
});
