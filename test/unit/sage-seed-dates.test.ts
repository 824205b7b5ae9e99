// The Sage 50 seed moved to "today" for tests on the real clock: every date shifts by the same
// whole days, so what was due tomorrow is still due tomorrow.
import { describe, expect, it } from "vitest";
import { SEED_TIME, seedRowsAsOf, shiftDate } from "../connector/seed.ts";
import { SEED_TRAN_ROWS } from "../connector/seed-rows.ts";

describe("Sage 50 seed dates", () => {
  it("shiftDate moves whole days across month and year ends and keeps the time of day", () => {
    expect(shiftDate("2026-12-01", 1)).toBe("2026-12-02");
    expect(shiftDate("2026-12-31 09:00:00", 1)).toBe("2027-01-01 09:00:00");
    expect(shiftDate("2028-03-01", -1)).toBe("2028-02-29");
  });

  it("as of SEED_TIME's day nothing moves; a day later every date is a day later", () => {
    const same = seedRowsAsOf(new Date(`${SEED_TIME.slice(0, 10)}T12:00:00Z`));
    expect(same.trans).toEqual(SEED_TRAN_ROWS);
    const later = seedRowsAsOf(new Date("2027-03-15T23:30:00Z"));
    const acme = later.trans.find((t) => t.tran === 1);
    // 2026-11-30 → 2027-03-15 is 105 days: the invoice due 2026-12-01 is due the day after "today".
    expect(acme?.due).toBe("2027-03-16");
    expect(acme?.date).toBe(shiftDate("2026-11-01", 105));
  });
});
