// Routes are per provider: /oauth/{provider}/… and /webhooks/{provider} (Xero's paths are the
// same as before); a provider the worker has no OAuth or webhooks for is refused cleanly.

import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { WORKER } from "./connect-helpers.ts";

describe("provider routes", () => {
  it("/oauth/{provider}/start for a provider without sign-in is a readable 400, never a 500", async () => {
    for (const p of ["sage50", "nonsense"]) {
      const res = await SELF.fetch(`${WORKER}/oauth/${p}/start?ticket=abc.tenant-a`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("was not connected");
    }
  });

  it("/webhooks/{provider} for one without webhooks is a 404; /webhooks/xero still checks the signature", async () => {
    const none = await SELF.fetch(`${WORKER}/webhooks/sage50`, { method: "POST", body: "{}" });
    expect(none.status).toBe(404);
    const xero = await SELF.fetch(`${WORKER}/webhooks/xero`, {
      method: "POST",
      body: "{}",
      headers: { "x-xero-signature": "bm9wZQ==" },
    });
    expect(xero.status).toBe(401);
  });
});
