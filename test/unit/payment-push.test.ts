import { describe, expect, it } from "vitest";
import {
  chooseInvoice,
  fingerprint,
  idempotencyKey,
  type PushTarget,
  paymentReference,
} from "../../worker/payments/push.ts";
import type { Invoice } from "../../worker/provider/model.ts";

const inv = (currency: string, dueMinor: number, n = "INV-1"): Invoice => ({
  invoiceId: `id-${n}`,
  invoiceNumber: n,
  reference: "J-1",
  status: "AUTHORISED",
  currency,
  totalMinor: dueMinor,
  paidMinor: 0,
  creditedMinor: 0,
  dueMinor,
});

describe("chooseInvoice reads the amount in the invoice's currency", () => {
  it.each([
    ["GBP", "120.5", 12_050],
    ["GBP", "120.50", 12_050],
    ["JPY", "1500", 1500],
    ["KWD", "12.345", 12_345],
    ["KWD", "12.3", 12_300],
  ])("%s %s → %d minor units", (currency, amount, minor) => {
    const target = chooseInvoice("J-1", [inv(currency, 1_000_000)], amount, "Xero") as PushTarget;
    expect(target.minor).toBe(minor);
  });

  it.each([
    ["JPY", "100.5", /JPY has no minor unit/],
    ["GBP", "1.005", /At most 2 decimal places/],
    ["KWD", "1.2345", /At most 3 decimal places/],
    ["GBP", "0.00", /more than zero/],
  ])("%s %s is refused (422)", (currency, amount, message) => {
    const r = chooseInvoice("J-1", [inv(currency, 1_000_000)], amount, "Xero");
    expect(r).toMatchObject({ status: 422, code: "unprocessable" });
    expect("message" in r && r.message).toMatch(message);
  });

  it("messages format money in the currency, exactly (no £, no /100)", () => {
    const over = (currency: string, due: number, amount: string) => {
      const r = chooseInvoice("J-1", [inv(currency, due)], amount, "Xero");
      return "message" in r ? r.message : "";
    };
    expect(over("GBP", 1000, "10.01")).toBe("£10.01 is more than the £10.00 still due on job J-1.");
    expect(over("KWD", 12_345, "12.346")).toMatch(/^KWD\s12\.346 is more than the KWD\s12\.345 still due/);
    expect(over("EUR", 500, "6")).toBe("€6.00 is more than the €5.00 still due on job J-1.");
  });

  it("a job owed in two currencies is refused rather than guessed", () => {
    const r = chooseInvoice("J-1", [inv("GBP", 1000, "A"), inv("EUR", 1000, "B")], "1", "Xero");
    expect(r).toMatchObject({ status: 422 });
  });
});

describe("payment identity", () => {
  it('the fingerprint treats "10" and "10.00" alike, and tells jobs, amounts, dates and tenants apart', () => {
    const p = { paymentId: "p", amount: "10", date: "2026-11-25" };
    const fp = fingerprint("t1", "J-1", p);
    expect(fingerprint("t1", " j-1 ", { ...p, amount: "10.00" })).toBe(fp);
    expect(fingerprint("t1", "J-2", p)).not.toBe(fp);
    expect(fingerprint("t1", "J-1", { ...p, amount: "10.01" })).not.toBe(fp);
    expect(fingerprint("t1", "J-1", { ...p, date: "2026-11-26" })).not.toBe(fp);
    expect(fingerprint("t2", "J-1", p)).not.toBe(fp);
  });

  it("the Idempotency-Key includes the tenant and the try, and stays within 128 characters", async () => {
    const long = "t".repeat(500);
    const key = await idempotencyKey(long, "p".repeat(100), 12);
    expect(key.length).toBeLessThanOrEqual(128);
    expect(await idempotencyKey("t1", "p-1", 1)).not.toBe(await idempotencyKey("t2", "p-1", 1));
    expect(await idempotencyKey("t1", "p-1", 1)).not.toBe(await idempotencyKey("t1", "p-1", 2));
    expect(await idempotencyKey("t1", "p-1", 1)).toBe(await idempotencyKey("t1", "p-1", 1));
  });

  it("the Reference names the paymentId and tells tenants apart", async () => {
    const a = await paymentReference("t1", "p-1");
    expect(a).toMatch(/^AGG SMART p-1 #[0-9a-f]{10}$/);
    expect(await paymentReference("t2", "p-1")).not.toBe(a);
  });
});
