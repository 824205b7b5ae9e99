import { describe, expect, it } from "vitest";
import { failureBackoffMs } from "../../worker/sync/backoff.ts";
import { unauthorizedKind } from "../../worker/xero/api.ts";

describe("Xero's two 401s", () => {
  const problem = (Detail: string) => ({ Type: null, Title: "Unauthorized", Status: 401, Detail });

  it("AuthorizationUnsuccessful is permanent; TokenExpired and anything else get one refresh", () => {
    expect(unauthorizedKind(problem("AuthorizationUnsuccessful"), null)).toBe("authorization");
    expect(unauthorizedKind(problem("TokenExpired: token expired at 12/01/2026 10:00:00"), null)).toBe(
      "expired",
    );
    expect(unauthorizedKind(problem("AuthenticationUnsuccessful"), null)).toBe("unknown");
    expect(
      unauthorizedKind(null, 'Bearer error="invalid_token", error_description="The token expired"'),
    ).toBe("expired");
    expect(unauthorizedKind(null, 'Bearer error="insufficient_scope"')).toBe("authorization");
    expect(unauthorizedKind("not json", null)).toBe("unknown");
  });
});

describe("failed sync backoff", () => {
  it("1 min, doubling, capped at 1 h", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => failureBackoffMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(failureBackoffMs(1000)).toBe(3600_000);
    expect(failureBackoffMs(0)).toBe(60_000);
  });
});
