// runCycle with an in-memory Sage and pusher: the orchestration rules without ODBC or HTTP.
import { describe, expect, it } from "vitest";
import { type ConnectorState, emptyState } from "../../connector/sage50/src/cursor.ts";
import { runCycle } from "../../connector/sage50/src/cycle.ts";
import { ConnectorError, EXIT } from "../../connector/sage50/src/errors.ts";
import type { SageSource } from "../../connector/sage50/src/source.ts";
import type { Sage50Batch, Sage50Customer, Sage50Invoice } from "../../shared/sage50-protocol.ts";

const customer = (ref: string, modified: string | null): Sage50Customer => ({
  ref,
  name: ref,
  balance: 0,
  limit: 0,
  onHold: false,
  inactive: false,
  deleted: false,
  modified,
});
const invoice = (tran: number): Sage50Invoice => ({
  tran,
  customer: "A",
  number: `I${tran}`,
  date: null,
  due: null,
  gross: 100,
  outstanding: 100,
  paid: 0,
  paidFlag: false,
  deleted: false,
  modified: null,
});

function setup(customers: Sage50Customer[], invoices: Sage50Invoice[]) {
  const reads: string[] = [];
  const sent: Sage50Batch[] = [];
  let state: ConnectorState = emptyState("fp");
  let failSends = 0;
  const source: SageSource = {
    company: async () => ({ name: "Co", currency: "GBP" }),
    customers: async (since) => {
      reads.push(`customers ${since}`);
      return customers.filter((c) => since === null || (c.modified !== null && c.modified >= since));
    },
    invoices: async (since) => {
      reads.push(`invoices ${since}`);
      return invoices.filter((i) => since === null || (i.modified !== null && i.modified >= since));
    },
    counts: async () => ({ customers: customers.length, invoices: invoices.length }),
    close: async () => {},
  };
  const deps = {
    source,
    pusher: {
      send: async (b: Sage50Batch) => {
        if (failSends-- > 0) throw new ConnectorError(EXIT.unreachable, "down");
        sent.push(b);
        return { duplicate: false, bytes: 1, jsonBytes: 1 };
      },
      check: async () => ({ ok: true as const }),
    },
    store: { load: () => state, save: (s: ConnectorState) => void (state = s) },
    now: () => Date.parse("2026-12-01T12:00:00Z"),
  };
  return { deps, reads, sent, state: () => state, failNext: (n: number) => void (failSends = n) };
}

describe("runCycle", () => {
  it("deltas never resend rows without a modify date, and still see the first rows of an empty table", async () => {
    const invoices = [invoice(1), invoice(2)];
    const t = setup([customer("A", "2026-12-01T10:00:00")], invoices);
    expect(await runCycle(t.deps)).toMatchObject({ kind: "full", customers: 1, invoices: 2 });
    expect(await runCycle(t.deps)).toMatchObject({ kind: "delta", customers: 0, invoices: 0 });
    expect(t.reads.slice(2)).toEqual(["customers 2026-12-01T09:50:00", "invoices null"]);
    invoices.push({ ...invoice(3), modified: "2026-12-01T11:00:00" });
    expect(await runCycle(t.deps)).toMatchObject({ kind: "delta", invoices: 1 });
    expect(t.state().invoices.at).toBe("2026-12-01T11:00:00");
  });

  it("a failed send leaves the cursors alone and the cycle pending; the retry reuses its id", async () => {
    const t = setup([customer("A", "2026-12-01T10:00:00")], []);
    t.failNext(1);
    await expect(runCycle(t.deps)).rejects.toThrow("down");
    expect(t.state()).toMatchObject({ customers: { at: null }, pending: { kind: "full" } });
    const cycleId = t.state().pending?.cycleId;
    await runCycle(t.deps);
    expect(t.sent[0]?.cycleId).toBe(cycleId);
    expect(t.state()).toMatchObject({ customers: { at: "2026-12-01T10:00:00" }, pending: null });
  });
});
