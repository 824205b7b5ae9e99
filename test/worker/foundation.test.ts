import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("worker foundation", () => {
  it("GET /health answers", async () => {
    const res = await SELF.fetch("https://worker.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  // widget.js is what host pages load; widget-admin.js is what it imports on admin pages, cross-origin
  // in CORS mode, so both need the same type, caching, ETag and CORS answers.
  it.each(["/widget.js", "/widget-admin.js"])(
    "serves %s with type, cache headers, ETag and CORS for allowed origins only",
    async (path) => {
      const ok = await SELF.fetch(`https://worker.test${path}`, {
        headers: { Origin: "https://host.test" },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toMatch(/^text\/javascript/);
      expect(ok.headers.get("cache-control")).toContain("max-age=");
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://host.test");
      expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
      const etag = ok.headers.get("etag");
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect((await ok.text()).length).toBeGreaterThan(1000);

      const evil = await SELF.fetch(`https://worker.test${path}`, {
        headers: { Origin: "https://evil.test" },
      });
      expect(evil.headers.get("access-control-allow-origin")).toBeNull();

      const again = await SELF.fetch(`https://worker.test${path}`, {
        headers: { "If-None-Match": etag ?? "" },
      });
      expect(again.status).toBe(304);
      expect(again.headers.get("etag")).toBe(etag);
    },
  );

  it("gives widget.js and widget-admin.js their own ETags: one file's 304 never stands for the other", async () => {
    const tag = async (path: string) => (await SELF.fetch(`https://worker.test${path}`)).headers.get("etag");
    const [main, admin] = [await tag("/widget.js"), await tag("/widget-admin.js")];
    expect(main).not.toBe(admin);
    const cross = await SELF.fetch("https://worker.test/widget-admin.js", {
      headers: { "If-None-Match": main ?? "" },
    });
    expect(cross.status).toBe(200);
  });

  it("serves an OpenAPI document", async () => {
    const res = await SELF.fetch("https://worker.test/openapi.json");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain("/health");
  });

  it("unknown routes get the stable JSON error shape, not a 500", async () => {
    const res = await SELF.fetch("https://worker.test/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
