import { describe, expect, it } from "vitest";
import { orgToday } from "../../worker/payments/calendar.ts";
import { ianaZone } from "../../worker/xero/timezone.ts";

describe("organisation calendar day", () => {
  it("maps Xero's timezone ids, and falls back to UTC", () => {
    expect(ianaZone("GMTSTANDARDTIME")).toBe("Europe/London");
    expect(ianaZone("NEWZEALANDSTANDARDTIME")).toBe("Pacific/Auckland");
    expect(ianaZone("AUSEASTERNSTANDARDTIME")).toBe("Australia/Sydney");
    expect(ianaZone("SOMETHINGELSE")).toBe("UTC");
    expect(ianaZone(undefined)).toBe("UTC");
  });

  it("is the organisation's day, not UTC's, around midnight", () => {
    const bstJustAfterMidnight = Date.UTC(2026, 6, 14, 23, 30); // 00:30 on 15 July in London
    expect(orgToday(bstJustAfterMidnight, "Europe/London")).toBe("2026-07-15");
    expect(orgToday(bstJustAfterMidnight, "UTC")).toBe("2026-07-14");
    const aucklandMorning = Date.UTC(2026, 10, 24, 20, 0); // 09:00 on 25 Nov in Auckland
    expect(orgToday(aucklandMorning, "Pacific/Auckland")).toBe("2026-11-25");
  });
});
