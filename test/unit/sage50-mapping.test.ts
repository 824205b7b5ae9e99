import { describe, expect, it } from "vitest";
import { creditVerdict } from "../../shared/credit-verdict.ts";
import { limitText, overdueOf, toCustomer, toInvoice } from "../../worker/sage50/mapping.ts";
import { parseBatch } from "../../worker/sage50/provider.ts";

const row = {
  tran: 3,
  customer: "PART001",
  number: "AGG-1003",
  date: "2026-11-02",
  due: "2026-12-02",
  gross: 100_000,
  outstanding: 60_000,
  paid: 40_000,
  paidFlag: false,
  deleted: false,
  modified: "2026-11-24T09:00:00",
};

describe("Sage 50 rows → the neutral model", () => {
  it("CREDIT_LIMIT 0 is no limit set; pence become the limit text exactly", () => {
    expect(limitText(0)).toBeNull();
    expect(limitText(500_000)).toBe("5000.00");
    expect(limitText(1)).toBe("0.01");
    expect(limitText(-500)).toBe("-5.00");
  });

  it("an SI row: INV_REF is number and reference; outstanding 0 is paid; deleted is deleted", () => {
    expect(toInvoice(row)).toMatchObject({
      invoiceId: "3",
      invoiceNumber: "AGG-1003",
      reference: "AGG-1003",
      status: "AUTHORISED",
      contactId: "PART001",
      currency: "GBP",
      totalMinor: 100_000,
      paidMinor: 40_000,
      creditedMinor: 0,
      dueMinor: 60_000,
      dueDate: "2026-12-02",
    });
    expect(toInvoice({ ...row, outstanding: 0, paid: 90_000 })).toMatchObject({
      status: "PAID",
      creditedMinor: 10_000,
    });
    expect(toInvoice({ ...row, deleted: true }).status).toBe("DELETED");
  });

  it("overdue: outstanding on open invoices due before today (the due day itself is not overdue)", () => {
    const inv = [toInvoice(row), toInvoice({ ...row, tran: 4, due: "2026-12-01", outstanding: 5 })];
    expect(overdueOf(inv, "2026-12-02").get("PART001")).toBe(5);
    expect(overdueOf(inv, "2026-12-03").get("PART001")).toBe(60_005);
    expect(overdueOf([toInvoice({ ...row, deleted: true })], "2027-01-01").size).toBe(0);
  });

  it("a customer on hold or deleted", () => {
    const c = {
      ref: "HOLD001",
      name: "Held",
      balance: 10,
      limit: 0,
      onHold: true,
      inactive: false,
      deleted: true,
      modified: null,
    };
    expect(toCustomer(c, 7)).toMatchObject({
      contactId: "HOLD001",
      status: "ARCHIVED",
      limitRaw: null,
      outstandingMinor: 10,
      overdueMinor: 7,
      onHold: true,
    });
  });

  it("parseBatch refuses what the schema refuses, with the path in the message", () => {
    const err = parseBatch({ v: 1 });
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/batchId/);
  });
});

describe("on hold in the verdict", () => {
  it("on hold wins over every other state and is flagged; the numbers stay", () => {
    const v = creditVerdict({
      limit: { kind: "limit", minor: 1000 },
      balanceMinor: 0,
      overdueMinor: 0,
      onHold: true,
    });
    expect(v.status).toBe("on_hold");
    expect(v.flags).toEqual({ isOverLimit: false, hasOverdue: false, isWarning: false, isOnHold: true });
    expect(v.availableMinor).toBe(1000);
    expect(
      creditVerdict({ limit: { kind: "none" }, balanceMinor: 0, overdueMinor: 0, onHold: true }).status,
    ).toBe("on_hold");
  });

  it("without the flag (Xero, QuickBooks) nothing changes", () => {
    const v = creditVerdict({ limit: { kind: "limit", minor: 1000 }, balanceMinor: 0, overdueMinor: 0 });
    expect(v.status).toBe("ok");
    expect(v.flags).toEqual({ isOverLimit: false, hasOverdue: false, isWarning: false });
  });
});
