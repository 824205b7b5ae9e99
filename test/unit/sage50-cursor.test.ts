// The connector's cursor state machine and batching, without ODBC or HTTP.
import { describe, expect, it } from "vitest";
import { makeBatches } from "../../connector/sage50/src/batch.ts";
import {
  advance,
  begin,
  commit,
  DEFAULTS,
  emptyState,
  planCycle,
  shiftLocal,
  unseen,
} from "../../connector/sage50/src/cursor.ts";
import { fingerprint } from "../../connector/sage50/src/state-file.ts";
import { Sage50Batch } from "../../shared/sage50-protocol.ts";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const id = () => "20261201T120000-abcd1234";
const row = (ref: string, modified: string | null) => ({ ref, modified });
const key = (r: { ref: string }) => r.ref;

describe("planCycle", () => {
  it("full first, delta from cursor − overlap next, full again once a day", () => {
    const s0 = emptyState("fp");
    expect(planCycle(s0, NOW, id)).toMatchObject({
      kind: "full",
      since: { customers: null, invoices: null },
    });
    const cursor = { at: "2026-12-01T10:00:00", edge: [] };
    const s1 = {
      ...s0,
      customers: cursor,
      invoices: cursor,
      lastFullAt: new Date(NOW - 3_600_000).toISOString(),
    };
    expect(planCycle(s1, NOW, id)).toMatchObject({
      kind: "delta",
      since: { customers: "2026-12-01T09:50:00", invoices: "2026-12-01T09:50:00" },
    });
    expect(planCycle(s1, NOW + DEFAULTS.fullEveryMs, id).kind).toBe("full");
  });

  it("a pending cycle is resumed with its id and kind, so resent batches keep their ids", () => {
    const s = begin(emptyState("fp"), {
      kind: "full",
      cycleId: "20261201T110000-feedbeef",
      since: { customers: null, invoices: null },
    });
    expect(planCycle(s, NOW, id)).toMatchObject({ kind: "full", cycleId: "20261201T110000-feedbeef" });
  });

  it("shiftLocal is wall-clock arithmetic across day and month ends", () => {
    expect(shiftLocal("2026-12-01T00:05:00", -10 * 60_000)).toBe("2026-11-30T23:55:00");
  });
});

describe("advance / unseen", () => {
  it("moves the cursor to the newest modify date and remembers the rows inside the overlap window", () => {
    const c = advance(
      { at: null, edge: [] },
      [row("A", "2026-12-01T09:00:00"), row("B", "2026-12-01T10:00:00"), row("C", null)],
      key,
    );
    expect(c).toEqual({ at: "2026-12-01T10:00:00", edge: ["B@2026-12-01T10:00:00"] });
    // Re-read in the overlap: B unchanged is dropped; B changed again and D (committed late) are sent.
    const reread = [row("B", "2026-12-01T10:00:00"), row("D", "2026-12-01T09:55:00")];
    expect(unseen(reread, c, key).map(key)).toEqual(["D"]);
    const c2 = advance(c, reread, key);
    expect(c2.edge).toEqual(["B@2026-12-01T10:00:00", "D@2026-12-01T09:55:00"]);
    // Later changes push old edge entries out of the window.
    expect(advance(c2, [row("E", "2026-12-01T11:00:00")], key).edge).toEqual(["E@2026-12-01T11:00:00"]);
  });

  it("commit clears pending and records the full snapshot time; a delta keeps it", () => {
    const plan = { kind: "full" as const, cycleId: id(), since: { customers: null, invoices: null } };
    const cursors = { customers: { at: "2026-12-01T10:00:00", edge: [] }, invoices: { at: null, edge: [] } };
    const s = commit(begin(emptyState("fp"), plan), plan, cursors, NOW);
    expect(s).toMatchObject({
      pending: null,
      lastFullAt: "2026-12-01T12:00:00.000Z",
      customers: cursors.customers,
    });
    const d = commit(s, { ...plan, kind: "delta" }, cursors, NOW + 1000);
    expect(d.lastFullAt).toBe(s.lastFullAt);
  });
});

describe("makeBatches", () => {
  const company = { name: "Co", currency: "GBP" };
  const cust = (ref: string) => ({
    ref,
    name: `N${ref}`,
    balance: 1,
    limit: 2,
    onHold: false,
    inactive: false,
    deleted: false,
    modified: "2026-12-01T10:00:00",
  });
  const inv = (tran: number) => ({
    tran,
    customer: "A",
    number: `I${tran}`,
    date: null,
    due: null,
    gross: 1,
    outstanding: 1,
    paid: 0,
    paidFlag: false,
    deleted: false,
    modified: null,
  });
  const plan = { kind: "full" as const, cycleId: id(), since: { customers: null, invoices: null } };

  it("caps records per batch, numbers them, puts the complete key list on the final full batch only", () => {
    const b = makeBatches(plan, company, ["A", "B", "C"].map(cust), [1, 2].map(inv), {
      maxRecords: 2,
      maxBytes: 1e6,
    });
    expect(b.map((x) => [x.seq, x.final, x.customers.length, x.invoices.length])).toEqual([
      [1, false, 2, 0],
      [2, false, 1, 1],
      [3, true, 0, 1],
    ]);
    expect(b[2]?.complete).toEqual({ customerRefs: ["A", "B", "C"], invoiceTrans: [1, 2] });
    expect(b[0]?.complete).toBeUndefined();
    for (const x of b)
      expect(Sage50Batch.safeParse({ ...x, sentAt: new Date(NOW).toISOString() }).success).toBe(true);
  });

  it("the same cycle and content give the same ids; other content or another cycle, new ids", () => {
    const ids = (p = plan, c = ["A", "B"]) => makeBatches(p, company, c.map(cust), []).map((x) => x.batchId);
    expect(ids()).toEqual(ids());
    expect(ids(plan, ["A", "C"])).not.toEqual(ids());
    expect(ids({ ...plan, cycleId: "20261201T130000-00000000" })).not.toEqual(ids());
  });

  it("an empty delta is still one (heartbeat) batch, and splits by bytes too", () => {
    const delta = { ...plan, kind: "delta" as const };
    expect(makeBatches(delta, company, [], [])).toHaveLength(1);
    expect(
      makeBatches(delta, company, ["A", "B", "C"].map(cust), [], { maxRecords: 100, maxBytes: 300 }),
    ).toHaveLength(2);
  });
});

describe("fingerprint", () => {
  it("ignores the password (rotating it keeps the state) but not the company path or worker", () => {
    const a = fingerprint("DSN=SageLine50v29;UID=agg;PWD=one", "https://w.example");
    expect(fingerprint("DSN=SageLine50v29;UID=agg;PWD=two", "https://w.example/")).toBe(a);
    expect(fingerprint("DSN=SageLine50v28;UID=agg;PWD=one", "https://w.example")).not.toBe(a);
    expect(fingerprint("DSN=SageLine50v29;UID=agg;PWD=one", "https://other.example")).not.toBe(a);
  });
});
