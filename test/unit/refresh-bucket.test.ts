import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  REFRESH_BURST,
  REFRESH_PER_MINUTE,
  type RefreshBucket,
  takeRefresh,
} from "../../worker/sync/refresh-bucket.ts";

describe("the on-demand refresh bucket", () => {
  it("allows a burst, then one per refill, and says how long to wait", () => {
    let b: RefreshBucket | undefined;
    const now = 1_000_000;
    for (let i = 0; i < REFRESH_BURST; i++) {
      const r = takeRefresh(b, now);
      expect(r.ok).toBe(true);
      if (r.ok) b = r.bucket;
    }
    const refused = takeRefresh(b, now);
    expect(refused).toEqual({ ok: false, retryAfterMs: 60_000 / REFRESH_PER_MINUTE });
    expect(takeRefresh(b, now + 60_000 / REFRESH_PER_MINUTE).ok).toBe(true);
  });

  it("property: in any window of W ms at most BURST + W·rate refreshes pass", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 200 }), (gaps) => {
        let b: RefreshBucket | undefined;
        let now = 0;
        let passed = 0;
        for (const g of gaps) {
          now += g;
          const r = takeRefresh(b, now);
          if (r.ok) {
            b = r.bucket;
            passed++;
          } else expect(r.retryAfterMs).toBeGreaterThan(0);
        }
        expect(passed).toBeLessThanOrEqual(REFRESH_BURST + (now * REFRESH_PER_MINUTE) / 60_000);
      }),
    );
  });
});
