// Served mode: the emulator over real HTTP on a free port, as the local stack will run it.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_REALM_ID } from "./index.ts";
import { type QboEmulatorServer, startQboEmulatorServer } from "./server.ts";
import { connect } from "./testing.ts";

let server: QboEmulatorServer;
beforeAll(async () => {
  server = await startQboEmulatorServer({ port: 0, host: "127.0.0.1", seed: "demo" });
});
afterAll(() => server.close());

describe("served mode", () => {
  it("connects over HTTP and answers the API; a lost response destroys the socket", async () => {
    const at = (u: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(u instanceof Request ? u.url : u));
      return fetch(`${server.url}${url.pathname}${url.search}`, u instanceof Request && !init ? u : init);
    };
    const t = await connect(at);
    expect(t.realmId).toBe(DEMO_REALM_ID);
    const api = `${server.url}/v3/company/${DEMO_REALM_ID}/preferences?minorversion=75`;
    const ok = await fetch(api, {
      headers: { authorization: `Bearer ${t.access_token}`, accept: "application/json" },
    });
    expect(ok.status).toBe(200);
    await fetch(`${server.url}/_control/faults`, {
      method: "POST",
      body: JSON.stringify({ pathPrefix: `/v3/company/${DEMO_REALM_ID}/preferences`, kind: "drop_response" }),
    });
    await expect(
      fetch(api, { headers: { authorization: `Bearer ${t.access_token}`, accept: "application/json" } }),
    ).rejects.toThrow();
  });
});
