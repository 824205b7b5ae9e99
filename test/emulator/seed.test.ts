import { describe, expect, it } from "vitest";
import { balancesByContact } from "./accounting/balances.ts";
import { amountDue, type OrgData } from "./accounting/model.ts";
import { TEST_NOW } from "./accounting/testing.ts";
import {
  createInvoice,
  DEMO_CONTACTS,
  DEMO_INVOICES,
  DEMO_TENANT_ID,
  deletePayment,
  LARGE_TENANT_ID,
  NORTHERN_TENANT_ID,
  payInvoice,
  seed,
  setInvoiceStatus,
  updateContact,
} from "./seed/index.ts";
import { createState, manualClock } from "./state.ts";

function demo(now = TEST_NOW) {
  const state = createState(manualClock(now));
  seed(state, "demo");
  const org = state.orgs.get(DEMO_TENANT_ID) as OrgData;
  return { state, org };
}

describe("demo seed", () => {
  const { state, org } = demo();
  const invoices = [...org.invoices.values()];
  const customers = [...org.contacts.values()].filter((c) => c.isCustomer);

  it("has both organisations for the picker", () => {
    expect([...state.orgs.values()].map((o) => o.name)).toEqual([
      "Demo Aggregates Ltd",
      "Northern Haulage Ltd",
    ]);
    expect(state.orgs.get(NORTHERN_TENANT_ID)?.contacts.size).toBe(3);
  });

  it("has invoices in every status, overdue ones, part-paid ones and a job with two invoices", () => {
    const statuses = new Set(invoices.filter((i) => i.type === "ACCREC").map((i) => i.status));
    expect([...statuses].sort()).toEqual(["AUTHORISED", "DELETED", "DRAFT", "PAID", "SUBMITTED", "VOIDED"]);
    const today = "2026-11-25";
    expect(
      invoices.filter((i) => i.status === "AUTHORISED" && i.dueDate < today).length,
    ).toBeGreaterThanOrEqual(5);
    expect(invoices.some((i) => i.status === "AUTHORISED" && i.amountPaid > 0 && amountDue(i) > 0)).toBe(
      true,
    );
    const perJob = new Map<string, number>();
    for (const i of invoices) if (i.reference) perJob.set(i.reference, (perJob.get(i.reference) ?? 0) + 1);
    expect(perJob.get("J-10023")).toBe(2);
    for (const [, inv] of Object.entries(DEMO_INVOICES))
      expect(org.invoices.get(inv.id)?.status).toBe(inv.status);
  });

  it("has the messy Network Keys real users type, and plain-number limits", () => {
    const keys = customers.map((c) => c.xeroNetworkKey);
    for (const messy of ["£5,000", "10,000", " 7500 ", "5k", "abc", "-500", "", undefined])
      expect(keys).toContain(messy);
    expect(keys.filter((k) => k !== undefined && /^\d+$/.test(k)).length).toBeGreaterThanOrEqual(15);
    expect(customers.length).toBeGreaterThanOrEqual(25);
    expect(customers.every((c) => /^[A-Z]{4}\d{2}$/.test(c.contactNumber ?? ""))).toBe(true);
  });

  it("has customers well under, at 70–90% of, and over their limit", () => {
    const balances = balancesByContact(org, TEST_NOW);
    const use = customers
      .filter((c) => /^\d+$/.test(c.xeroNetworkKey ?? "") && c.status === "ACTIVE")
      .map((c) => (balances.get(c.contactId)?.receivableOutstanding ?? 0) / 100 / Number(c.xeroNetworkKey));
    expect(use.some((u) => u > 0 && u < 0.5)).toBe(true);
    expect(use.filter((u) => u >= 0.7 && u <= 0.9).length).toBeGreaterThanOrEqual(3);
    expect(use.filter((u) => u > 1).length).toBeGreaterThanOrEqual(2);
    expect([...balances.values()].some((b) => b.receivableOverdue > 0)).toBe(true);
  });

  it("has an archived contact merged into another, and two names that differ only by case/spacing/punctuation", () => {
    const old = org.contacts.get(DEMO_CONTACTS.woldsArchived.id);
    expect(old).toMatchObject({ status: "ARCHIVED", mergedToContactId: DEMO_CONTACTS.woldsLtd.id });
    const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
    const a = org.contacts.get(DEMO_CONTACTS.vale.id)?.name ?? "";
    const b = org.contacts.get(DEMO_CONTACTS.valeDuplicate.id)?.name ?? "";
    expect(a).not.toBe(b);
    expect(norm(a)).toBe(norm(b));
  });

  it("is deterministic and dated relative to the clock", () => {
    const snapshot = (o: OrgData) =>
      JSON.stringify([...o.contacts.values(), ...o.invoices.values(), ...o.payments.values()]);
    expect(snapshot(demo().org)).toBe(snapshot(org));
    const later = demo(TEST_NOW + 10 * 86_400_000).org;
    expect(later.invoices.get(DEMO_INVOICES.acmeOpen.id)?.date).toBe("2026-11-25");
    expect(org.invoices.get(DEMO_INVOICES.acmeOpen.id)?.date).toBe("2026-11-15");
    const stamps = [...org.contacts.values(), ...org.invoices.values()].map((r) => r.updatedAt);
    expect(Math.max(...stamps)).toBeLessThan(TEST_NOW);
  });
});

describe("large seed", () => {
  it("generates 10,000 contacts and 50,000 invoices, every one consistent", () => {
    const state = createState(manualClock(TEST_NOW));
    // Its speed is printed by bench:badge, not asserted here (a loaded CI machine is no clock).
    seed(state, "large");
    const org = state.orgs.get(LARGE_TENANT_ID) as OrgData;
    expect(org.contacts.size).toBe(10_000);
    expect(org.invoices.size).toBe(50_000);
    const statuses = new Set([...org.invoices.values()].map((i) => i.status));
    expect(statuses.size).toBe(6);
    let bad = 0;
    for (const i of org.invoices.values()) {
      if ((i.status === "PAID" && amountDue(i) !== 0) || !org.contacts.has(i.contactId)) bad++;
    }
    expect(bad).toBe(0);
  });

  it("takes sizes", () => {
    const state = createState(manualClock(TEST_NOW));
    seed(state, "large", { contacts: 50, invoices: 200 });
    expect(state.orgs.get(LARGE_TENANT_ID)?.invoices.size).toBe(200);
  });
});

describe("controls: it happened in Xero", () => {
  it("payInvoice pays in full by default, records the change, and deletePayment makes the invoice owed again", () => {
    const { state, org } = demo();
    state.clock.advance(1_000);
    const p = payInvoice(state, DEMO_TENANT_ID, DEMO_INVOICES.calderOverdue.id);
    const inv = org.invoices.get(DEMO_INVOICES.calderOverdue.id);
    expect(p.amount).toBe(24_000_00);
    expect(inv).toMatchObject({ status: "PAID", fullyPaidOnDate: "2026-11-25", updatedAt: TEST_NOW + 1_000 });
    expect(state.changes.at(-1)).toMatchObject({
      category: "INVOICE",
      type: "UPDATE",
      resourceId: inv?.invoiceId,
    });
    deletePayment(state, DEMO_TENANT_ID, p.paymentId);
    expect(inv).toMatchObject({ status: "AUTHORISED", amountPaid: 0 });
    expect(() => deletePayment(state, DEMO_TENANT_ID, p.paymentId)).toThrow(/not of valid status/);
  });

  it("payInvoice refuses what Xero refuses, saying why", () => {
    const { state } = demo();
    expect(() => payInvoice(state, DEMO_TENANT_ID, DEMO_INVOICES.draft.id)).toThrow(
      /DRAFT.*Authorised documents/,
    );
    expect(() => payInvoice(state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.number, { amount: 5_000 })).toThrow(
      /exceeds the amount outstanding/,
    );
    expect(() =>
      payInvoice(state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id, { accountCode: "200" }),
    ).toThrow(/Account type is invalid/);
    expect(() =>
      payInvoice(state, DEMO_TENANT_ID, DEMO_INVOICES.acmeOpen.id, { date: "25/11/2026" }),
    ).toThrow(/not a date/);
    expect(() => payInvoice(state, DEMO_TENANT_ID, "INV-9999")).toThrow(/No invoice INV-9999/);
    expect(() => payInvoice(state, "nope", DEMO_INVOICES.acmeOpen.id)).toThrow(/No organisation/);
    expect(state.changes).toHaveLength(0);
  });

  it("updateContact, createInvoice and setInvoiceStatus move UpdatedDateUTC and record changes", () => {
    const { state, org } = demo();
    state.clock.advance(1_000);
    updateContact(state, DEMO_TENANT_ID, DEMO_CONTACTS.acme.id, { xeroNetworkKey: "15000" });
    expect(org.contacts.get(DEMO_CONTACTS.acme.id)?.updatedAt).toBe(TEST_NOW + 1_000);
    const inv = createInvoice(state, DEMO_TENANT_ID, {
      contactId: DEMO_CONTACTS.acme.id,
      net: 100,
      reference: "J-10099",
    });
    expect(inv).toMatchObject({
      invoiceNumber: "INV-0042",
      total: 120_00,
      status: "AUTHORISED",
      dueDate: "2026-12-25",
    });
    setInvoiceStatus(state, DEMO_TENANT_ID, inv.invoiceId, "VOIDED");
    expect(state.changes.map((c) => `${c.category} ${c.type}`)).toEqual([
      "CONTACT UPDATE",
      "INVOICE CREATE",
      "INVOICE UPDATE",
    ]);
    expect(() => setInvoiceStatus(state, DEMO_TENANT_ID, DEMO_INVOICES.acmePaid.id, "VOIDED")).toThrow(
      /delete its payments/,
    );
  });
});
