import { describe, expect, it } from "vitest";
import { creditLinks, MAX_CREDIT_READS, planRefresh } from "../../worker/xero/events.ts";
import { MAX_WEBHOOK_EVENTS, parseDelivery } from "../../worker/xero/webhook-payload.ts";

const G = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const enc = (o: unknown) => new TextEncoder().encode(typeof o === "string" ? o : JSON.stringify(o));
const event = (resourceId: string, extra: Record<string, unknown> = {}) => ({
  resourceId,
  eventDateUtc: "2026-12-01T10:00:00.000",
  eventType: "UPDATE",
  eventCategory: "INVOICE",
  tenantId: G(99),
  ...extra,
});

describe("parseDelivery", () => {
  it("drops a leading BOM, keeps GUID events, counts the others, reads a credit note's Type", () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...enc({
        events: [
          event(G(1).toUpperCase()),
          event("INV-0001"),
          event(G(2), { eventCategory: "CREDITNOTE", data: { Type: "ACCRECCREDIT", Status: "PAID" } }),
        ],
      }),
    ]);
    const r = parseDelivery(bytes);
    expect(r).toEqual({
      ok: true,
      dropped: 1,
      events: [
        expect.objectContaining({ resourceId: G(1), category: "INVOICE" }),
        expect.objectContaining({ resourceId: G(2), category: "CREDITNOTE", creditType: "ACCRECCREDIT" }),
      ],
    });
  });

  it("says why a body is unreadable, without echoing it", () => {
    expect(parseDelivery(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      reason: "body is not valid UTF-8",
    });
    expect(parseDelivery(enc("{nope"))).toMatchObject({ ok: false, reason: "body is not JSON" });
    expect(parseDelivery(enc({ events: [{ resourceId: 5 }] }))).toMatchObject({ ok: false });
    const many = { events: Array.from({ length: MAX_WEBHOOK_EVENTS + 1 }, () => event(G(1))) };
    expect(parseDelivery(enc(many))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("501 events"),
    });
    expect(parseDelivery(new Uint8Array(0))).toMatchObject({ ok: false }); // {} has no events
  });
});

describe("planRefresh / creditLinks", () => {
  it("groups by category, skips supplier credit notes and unknown categories, caps credit reads", () => {
    const items = [
      { category: "INVOICE", resourceId: G(1), key: "a" },
      { category: "INVOICE", resourceId: G(1), key: "b" },
      { category: "CONTACT", resourceId: G(2), key: "c" },
      { category: "CREDITNOTE", resourceId: G(3), key: "d", creditType: "ACCRECCREDIT" },
      { category: "CREDITNOTE", resourceId: G(4), key: "e", creditType: "ACCPAYCREDIT" },
      { category: "PREPAYMENT", resourceId: G(5), key: "f" },
      { category: "SUBSCRIPTION", resourceId: G(6), key: "g" },
    ];
    expect(planRefresh(items)).toEqual({
      invoiceIds: [G(1)],
      contactIds: [G(2)],
      credits: [
        { category: "CREDITNOTE", id: G(3) },
        { category: "PREPAYMENT", id: G(5) },
      ],
      overflow: false,
    });
    const lots = Array.from({ length: MAX_CREDIT_READS + 1 }, (_, i) => ({
      category: "OVERPAYMENT",
      resourceId: G(i),
      key: String(i),
    }));
    expect(planRefresh(lots)).toMatchObject({ overflow: true, credits: { length: MAX_CREDIT_READS } });
  });

  it("a customer credit names its contact and allocated invoices; supplier-side ones name nothing", () => {
    const rec = (Type: string) => ({
      Type,
      Contact: { ContactID: G(1) },
      Allocations: [{ Invoice: { InvoiceID: G(2) } }, {}],
    });
    expect(creditLinks(rec("ACCRECCREDIT"))).toEqual({ contactId: G(1), invoiceIds: [G(2)] });
    expect(creditLinks(rec("RECEIVE-PREPAYMENT"))).toEqual({ contactId: G(1), invoiceIds: [G(2)] });
    expect(creditLinks(rec("SPEND-OVERPAYMENT"))).toEqual({ invoiceIds: [] });
    expect(creditLinks(rec("ACCPAYCREDIT"))).toEqual({ invoiceIds: [] });
  });
});
