// The connector's cycles against a Sage-shaped company through unixODBC + the SQLite ODBC driver,
// pushing to a strict stand-in receiver over loopback HTTP.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError, EXIT } from "../../connector/sage50/src/errors.ts";
import { type Harness, harness } from "./harness.ts";
import { odbcReady } from "./odbc-available.ts";
import { postReceipt, postReceiptOnAccount } from "./sage-db.ts";
import { SEED_COMPANY, SEED_TRANS } from "./seed.ts";

const LATER = "2026-12-01 10:00:00";

/** Every record version reached the receiver exactly once. */
function appliedOnce(h: Harness): void {
  const doubled = [...h.rx.applyCount].filter(([, n]) => n !== 1);
  expect(doubled).toEqual([]);
}

describe.skipIf(!odbcReady)("Sage 50 connector cycles (unixODBC + SQLite)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("sends a full snapshot first, then only what changed, then a tiny no-change delta", async () => {
    const full = await h.cycle();
    expect(full).toMatchObject({ kind: "full", customers: 11, invoices: 8 });
    expect(h.rx.company).toEqual({ name: SEED_COMPANY, currency: "GBP" });
    const c = (ref: string) => h.rx.customers.get(ref);
    expect(c("HOLD001")?.onHold).toBe(true);
    expect(c("CLOSED1")?.onHold).toBe(true); // on hold through ACCOUNT_STATUS.ON_HOLD, not the flag
    expect(c("ACME001")).toMatchObject({ onHold: false, balance: 120050, limit: 500000 });
    expect(c("INACT01")?.inactive).toBe(true);
    expect(c("DEL0001")?.deleted).toBe(true);
    expect(c("ZERO001")?.limit).toBe(0);
    expect(c("ROUND01")).toMatchObject({ balance: 101, limit: 30 }); // DOUBLEs 1.005 and 0.1 + 0.2
    const inv = (t: number) => h.rx.invoices.get(t);
    expect(inv(SEED_TRANS.partPaid)).toMatchObject({
      gross: 100000,
      paid: 40000,
      outstanding: 60000,
      paidFlag: false,
    });
    expect(inv(SEED_TRANS.paid)).toMatchObject({ outstanding: 0, paidFlag: true });
    expect(inv(SEED_TRANS.overdue)).toMatchObject({ due: "2026-08-31", outstanding: 240000 });
    expect(inv(SEED_TRANS.deleted)?.deleted).toBe(true);
    // Only sales invoices: no credit note, receipt or payment on account.
    expect(inv(SEED_TRANS.credit)).toBeUndefined();
    expect(inv(SEED_TRANS.onAccountReceipt)).toBeUndefined();

    h.db
      .prepare(
        "UPDATE SALES_LEDGER SET CREDIT_LIMIT = 7500, RECORD_MODIFY_DATE = ? WHERE ACCOUNT_REF = 'ACME001'",
      )
      .run(LATER);
    const delta = await h.cycle();
    expect(delta).toMatchObject({ kind: "delta", customers: 1, invoices: 0 });
    expect(c("ACME001")?.limit).toBe(750000);

    const idle = await h.cycle();
    expect(idle).toMatchObject({ kind: "delta", customers: 0, invoices: 0, batches: 1 });
    expect(idle.bytes).toBeLessThan(1024);
    appliedOnce(h);
  });

  it("a paid invoice appears in the next delta, with the customer's new balance", async () => {
    await h.cycle();
    postReceipt(h.db, SEED_TRANS.acmeOpen, 1200.5, LATER);
    const delta = await h.cycle();
    expect(delta).toMatchObject({ kind: "delta", customers: 1, invoices: 1 });
    expect(h.rx.invoices.get(SEED_TRANS.acmeOpen)).toMatchObject({
      outstanding: 0,
      paid: 120050,
      paidFlag: true,
    });
    expect(h.rx.customers.get("ACME001")?.balance).toBe(0);
  });

  it("a receipt on account lowers the balance but leaves the invoice outstanding", async () => {
    await h.cycle();
    expect(h.rx.invoices.get(SEED_TRANS.onAccountInvoice)?.outstanding).toBe(50000);
    postReceiptOnAccount(h.db, "ONACC01", 100, LATER);
    const delta = await h.cycle();
    expect(delta).toMatchObject({ customers: 1, invoices: 0 });
    expect(h.rx.customers.get("ONACC01")?.balance).toBe(20000);
    expect(h.rx.invoices.get(SEED_TRANS.onAccountInvoice)).toMatchObject({
      outstanding: 50000,
      paidFlag: false,
    });
  });

  it("picks up a row committed late, inside the overlap window", async () => {
    await h.cycle();
    h.db.prepare("UPDATE SALES_LEDGER SET RECORD_MODIFY_DATE = ? WHERE ACCOUNT_REF = 'ROUND01'").run(LATER);
    await h.cycle();
    // Modified 5 minutes before the newest change the connector already delivered.
    h.db
      .prepare(
        "UPDATE SALES_LEDGER SET NAME = 'Late Commit Ltd', RECORD_MODIFY_DATE = ? WHERE ACCOUNT_REF = 'ZERO001'",
      )
      .run("2026-12-01 09:55:00");
    const delta = await h.cycle();
    expect(delta.customers).toBe(1);
    expect(h.rx.customers.get("ZERO001")?.name).toBe("Late Commit Ltd");
    appliedOnce(h);
  });

  it("worker down during a cycle: it fails with exit 5, and the next cycle delivers everything once", async () => {
    h.rx.mode = "down";
    await expect(h.cycle({ attempts: 2 })).rejects.toMatchObject({ exitCode: EXIT.unreachable });
    h.rx.mode = "ok";
    expect(await h.cycle()).toMatchObject({ kind: "full", customers: 11 });

    postReceipt(h.db, SEED_TRANS.partPaid, 600, LATER);
    h.rx.mode = "down";
    const err = await h.cycle({ attempts: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as Error).message).toMatch(
      /^Worker unreachable at http:\/\/127\.0\.0\.1:\d+ after 1 attempts \(503/,
    );
    h.rx.mode = "ok";
    expect(await h.cycle()).toMatchObject({ kind: "delta", customers: 1, invoices: 1 });
    expect(h.rx.invoices.get(SEED_TRANS.partPaid)).toMatchObject({ outstanding: 0, paidFlag: true });
    appliedOnce(h);
  });

  it("a cycle that fails after some batches were acked resends them with the same ids (duplicates, not re-applied)", async () => {
    let applied = 0;
    h.rx.onApplied = () => {
      if (++applied === 2) h.rx.mode = "down";
    };
    await expect(h.cycle({ maxRecords: 4, attempts: 1 })).rejects.toMatchObject({
      exitCode: EXIT.unreachable,
    });
    expect(h.rx.applied).toHaveLength(2);
    h.rx.mode = "ok";
    const again = await h.cycle({ maxRecords: 4 });
    expect(again).toMatchObject({ kind: "full", batches: 5, duplicates: 2 });
    expect(h.rx.customers.size).toBe(11);
    expect(h.rx.invoices.size).toBe(8);
    appliedOnce(h);
  });

  it("the periodic full snapshot finds a customer deleted from Sage", async () => {
    await h.cycle();
    h.db.prepare("DELETE FROM SALES_LEDGER WHERE ACCOUNT_REF = 'INACT01'").run();
    expect(await h.cycle()).toMatchObject({ kind: "delta", customers: 0 });
    expect(h.rx.customers.get("INACT01")?.gone).toBeUndefined();
    const full = await h.cycle({ fullEveryMs: 0 });
    expect(full).toMatchObject({ kind: "full", customers: 10 });
    expect(h.rx.customers.get("INACT01")?.gone).toBe(true);
    expect(h.rx.customers.get("ACME001")?.gone).toBeUndefined();
  });
});
