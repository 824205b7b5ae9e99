import { describe, expect, it } from "vitest";
import { checkWebhookUrl, nonPublicHost } from "../../worker/payments/webhook-url.ts";

const prod = (u: string) => checkWebhookUrl(u, { local: false });
const local = (u: string) => checkWebhookUrl(u, { local: true });

describe("checkWebhookUrl in production", () => {
  it.each([
    "https://hooks.aggsmart.example/xero",
    "https://agg.test/hooks",
    "https://8.8.8.8/hook",
    "https://[2606:4700:4700::1111]/hook",
    "https://example.com:8443/a?b=c",
  ])("accepts %s", (u) => {
    expect(prod(u).ok).toBe(true);
  });

  it.each([
    ["http://hooks.aggsmart.example/xero", /https/],
    ["ftp://hooks.aggsmart.example/", /https/],
    ["not a url", /full https/],
    ["https://user:pw@hooks.aggsmart.example/", /user name or password/],
  ])("refuses %s", (u, why) => {
    const r = prod(u);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it.each([
    "https://localhost/hook",
    "https://LOCALHOST./hook",
    "https://api.localhost/hook",
    "https://printer.local/hook",
    "https://metadata.google.internal/hook",
    "https://intranet/hook",
    "https://127.0.0.1/hook",
    "https://127.1.2.3/hook",
    "https://0.0.0.0/hook",
    "https://10.0.0.5/hook",
    "https://172.16.0.1/hook",
    "https://172.31.255.255/hook",
    "https://192.168.1.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/hook",
    "https://224.0.0.1/hook",
    "https://[::1]/hook",
    "https://[::]/hook",
    "https://[fc00::1]/hook",
    "https://[fd12:3456::1]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://[::ffff:10.0.0.1]/hook",
    "https://[64:ff9b::a00:1]/hook",
    // Numeric tricks the URL parser turns into 127.0.0.1 / 10.0.0.1 before we look.
    "https://2130706433/hook",
    "https://0x7f000001/hook",
    "https://0x7f.1/hook",
    "https://017700000001/hook",
    "https://127.1/hook",
    "https://0xa.0.0.1/hook",
  ])("refuses the non-public host of %s with a clear message", (u) => {
    const r = prod(u);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/must be a public address/);
  });

  it("keeps public neighbours of private ranges", () => {
    for (const h of [
      "172.15.255.255",
      "172.32.0.1",
      "11.0.0.1",
      "192.169.0.1",
      "169.255.0.1",
      "126.255.255.255",
    ])
      expect(nonPublicHost(h)).toBeNull();
  });
});

describe("checkWebhookUrl when the worker runs locally (LOCAL_DEV=1)", () => {
  it.each([
    "http://localhost:8790/hooks",
    "http://127.0.0.1:8790/hooks",
    "http://[::1]:8790/hooks",
    "http://agg.localhost/hooks",
    "https://hooks.aggsmart.example/xero",
  ])("accepts %s", (u) => {
    expect(local(u).ok).toBe(true);
  });

  it.each(["http://10.0.0.5/hooks", "http://169.254.169.254/", "ftp://localhost/"])(
    "still refuses %s",
    (u) => {
      expect(local(u).ok).toBe(false);
    },
  );
});
