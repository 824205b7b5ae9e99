// <agg-connect-button> for a connector system (Sage 50) in real Chromium against a mocked API:
// the one-time key panel, the wait for the first report (its poll and backoff), connected with the
// last report, the silent connector, a new key (confirmed when connected) and disconnect.
// Over 12 KB on purpose: every state of one element in one file, sharing one page and mocked API.
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ConnectionStatus } from "../../shared/connection.ts";
import {
  API,
  corsHeaders,
  err,
  expectAccessible,
  fakeJwt,
  focusedText,
  fulfillJson,
  HOST,
  hostPage,
  ok,
  type Reply,
  screenshotOf,
  sentRequests,
  settled,
  textOf,
  useWidgetPage,
  waitForValue,
} from "./component-harness.ts";

const ADMIN = fakeJwt("admin");
const COMPANY = "Hartley Plumbing & Heating Ltd";
const WORKER = "https://accounts.agg-smart.example";
const ISSUED_AT = "2026-12-01T09:00:00.000Z";
const KEY = "sk_sage50_demo-tenant_0123456789abcdefABCDEF";
const OFFERS: ConnectionStatus = { status: "not_connected", providers: ["xero", "sage50"] };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const connected = (lastReportAt: string): ConnectionStatus => ({
  status: "connected",
  provider: "sage50",
  organisation: { name: COMPANY, currency: "GBP" },
  connectedAt: "2026-11-30T10:00:00Z",
  lastReportAt,
  providers: ["xero", "sage50"],
});
const SILENT: ConnectionStatus = {
  status: "needs_reconnect",
  provider: "sage50",
  organisation: { name: COMPANY, currency: "GBP" },
  connectedAt: "2026-11-30T10:00:00Z",
  reason: "The Sage 50 connector has not reported since 2026-12-01T08:00:00.000Z: check …",
  since: "2026-12-01T08:00:00.000Z",
  providers: ["xero", "sage50"],
};

/** The mocked worker; `start` answers a fresh key (numbered) unless replaced. */
class MockApi {
  calls: { method: string; path: string; body: string | null }[] = [];
  keys = 0;
  get: () => Reply = () => ok(OFFERS);
  start: () => Reply = () => {
    this.keys++;
    return ok({
      provider: "sage50",
      connectorKey: `${KEY}${this.keys}`,
      issuedAt: ISSUED_AT,
      workerUrl: WORKER,
    });
  };
  del: () => Reply = () => {
    this.get = () => ok(OFFERS);
    return ok(OFFERS);
  };
  starts(): unknown[] {
    return this.calls
      .filter((c) => c.path === "/api/connection/start")
      .map((c) => JSON.parse(c.body ?? "null"));
  }
}

const CORS = corsHeaders("GET, POST, DELETE, OPTIONS");
let page: Page;
let api: MockApi;

async function serveApi(route: Route): Promise<void> {
  const req = route.request();
  const path = new URL(req.url()).pathname;
  const method = req.method();
  if (method === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
  api.calls.push({ method, path, body: req.postData() });
  let reply: Reply = err(404, "not_found", "No route");
  if (path === "/api/connection" && method === "GET") reply = api.get();
  if (path === "/api/connection/start" && method === "POST") reply = api.start();
  if (path === "/api/connection" && method === "DELETE") reply = api.del();
  await fulfillJson(route, reply, CORS);
}

useWidgetPage(
  {
    hostPage: hostPage("Admin · Accounts", `<main><h1>Accounts connection</h1><div id="stage"></div></main>`),
    api: serveApi,
    viewport: { width: 760, height: 720 },
  },
  async (opened) => {
    api = new MockApi();
    page = opened.page;
    // The test host is plain http (no Clipboard API there): stand in for a secure page's clipboard.
    await opened.context.addInitScript(() => {
      const w = window as unknown as { copied: string };
      const clipboard = { writeText: async (t: string) => void (w.copied = t) };
      Object.defineProperty(navigator, "clipboard", { value: clipboard, configurable: true });
    });
  },
);

async function mount(providers?: string): Promise<void> {
  await page.goto(`${HOST}/admin`);
  await page.evaluate(
    async ({ api, token, providers }) => {
      await customElements.whenDefined("agg-connect-button");
      const el = document.createElement("agg-connect-button");
      el.setAttribute("api", api);
      el.setAttribute("token", token);
      if (providers) el.setAttribute("providers", providers);
      document.getElementById("stage")?.appendChild(el);
    },
    { api: API, token: ADMIN, providers },
  );
}

const el = () => page.locator("agg-connect-button");
const state = () => el().getAttribute("state");
const waitState = (s: string) => waitForValue(state, s);
const statusText = () => textOf(el().getByRole("status").first());
const btn = (name: string) => el().getByRole("button", { name, exact: true });
const buttonNames = () =>
  el()
    .locator("[part~=actions] button")
    .evaluateAll((bs) => bs.map((b) => b.textContent?.trim() ?? ""));
const keyField = () => el().getByRole("textbox", { name: "Connector key" });
const shot = (name: string) => screenshotOf(page.locator("main"), `connect-button-${name}`);
const gets = async () => (await sentRequests(page)).filter((p) => p === "/api/connection").length;

describe("<agg-connect-button> Sage 50", () => {
  it("choosing Sage 50 shows the key once with the setup steps, then turns connected on the first report", async () => {
    await mount();
    await waitState("not-connected");
    await btn("Connect Accounts").click();
    await waitState("choose-provider");
    await expect
      .poll(() => textOf(el().getByRole("menuitem", { name: "Sage 50" })))
      .toBe("Sage 50 Install the connector");
    await el().getByRole("menuitem", { name: "Sage 50" }).click();
    await waitState("waiting-for-connector");
    expect(api.starts()).toEqual([{ provider: "sage50" }]);
    expect(await statusText()).toContain("Waiting for the connector's first report…");
    expect(await keyField().inputValue()).toBe(`${KEY}1`);
    const panel = textOf(el().locator("[part=key]"));
    expect(await panel).toContain("This key is shown only once: copy it now.");
    expect(await panel).toContain("Showing a new key disconnects the connector that uses this one.");
    expect(await panel).toContain("“Sage 50 connector (Windows)” in the AGG SMART Accounts Connect README");
    expect(await panel).toContain(WORKER);
    expect(await textOf(el().locator("#command"))).toBe(
      `npm run connector:sage50 -- --odbc "DSN=SageLine50v29;UID=…;PWD=…" --worker ${WORKER} --key ${KEY}1 --every 15`,
    );
    expect(await focusedText(page)).toBe("Copy key");
    expect(await buttonNames()).toEqual(["Cancel", "Hide key"]);
    await expectAccessible(page);
    await shot("sage-key");
    await page.setViewportSize({ width: 380, height: 1100 });
    await shot("sage-key-narrow");
    await page.setViewportSize({ width: 760, height: 720 });

    await page.keyboard.press("Enter"); // Copy key has focus
    await expect.poll(() => textOf(el().locator(".copied"))).toBe("Key copied.");
    expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toBe(`${KEY}1`);
    await btn("Copy command").click();
    expect(await page.evaluate(() => (window as unknown as { copied: string }).copied)).toContain(
      "--every 15",
    );

    api.get = () => ok(connected(new Date().toISOString()));
    await waitState("connected");
    expect(await statusText()).toContain(`Connected to “${COMPANY}”`);
    expect(await statusText()).toContain("Last report just now");
    expect(await statusText()).toContain("The connector reported: the connection is working.");
    expect(await keyField().count()).toBe(0);
    expect(await buttonNames()).toEqual(["Disconnect", "Show a new key"]);
    await expectAccessible(page);
    await shot("sage-connected");
  });

  it("polls with backoff while waiting and stops when the element leaves the page", async () => {
    await page.clock.install();
    await mount("sage50");
    await waitState("not-connected");
    expect(await textOf(el().locator("[part=title]"))).toBe("Sage 50");
    await btn("Connect Accounts").click();
    await waitState("waiting-for-connector");
    const before = await gets();
    await page.clock.runFor(1000);
    await settled(page);
    expect(await gets()).toBe(before + 1);
    await page.clock.runFor(1500); // the next poll is 2 s after the first
    await settled(page);
    expect(await gets()).toBe(before + 1);
    await page.clock.runFor(600);
    await settled(page);
    expect(await gets()).toBe(before + 2);
    await page.evaluate(() => document.querySelector("agg-connect-button")?.remove());
    await page.clock.runFor(120_000);
    await settled(page);
    expect(await gets()).toBe(before + 2);
  });

  it("a connector that stopped reporting says since when, what to check, and offers a new key (confirmed)", async () => {
    api.get = () => ok(SILENT);
    await mount();
    await waitState("needs-reconnect");
    const text = await statusText();
    expect(text).toContain("The connector has not reported since 1 Dec 2026");
    const checks = await textOf(el().locator("[part=checks]"));
    expect(checks).toContain("On the Sage PC, check that: the PC is switched on and online");
    expect(checks).toContain("the connector's scheduled task is running");
    expect(await buttonNames()).toEqual(["Disconnect", "Show a new key"]);
    expect(await btn("Reconnect").count()).toBe(0);
    await expectAccessible(page);
    await shot("sage-silent");

    await btn("Show a new key").click();
    await waitState("confirm-new-key");
    expect(await textOf(el().getByRole("group"))).toContain(
      "The connector using the current key stops at once",
    );
    expect(await focusedText(page)).toBe("Cancel");
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await waitState("needs-reconnect");
    expect(await focusedText(page)).toBe("Show a new key");
    expect(api.starts()).toEqual([]);

    await btn("Show a new key").click();
    await el().getByRole("group").getByRole("button", { name: "Show a new key" }).click();
    await waitState("waiting-for-connector");
    expect(api.starts()).toEqual([{ provider: "sage50" }]);
    // An old connector's report (before the new key) does not end the wait; the new one's does.
    api.get = () => ok(connected("2026-12-01T08:59:00.000Z"));
    await expect.poll(gets, { timeout: 8000 }).toBeGreaterThan(1);
    expect(await state()).toBe("waiting-for-connector");
    api.get = () => ok(connected(new Date().toISOString()));
    await waitState("connected");
  });

  it("staff see a silent connector as a read-only line naming what to check", async () => {
    api.get = () => ok(SILENT);
    await page.goto(`${HOST}/admin`);
    await page.evaluate(
      async ({ api, token }) => {
        await customElements.whenDefined("agg-connect-button");
        const el = document.createElement("agg-connect-button");
        el.setAttribute("api", api);
        el.setAttribute("token", token);
        document.getElementById("stage")?.appendChild(el);
      },
      { api: API, token: fakeJwt("staff") },
    );
    await waitState("read-only");
    expect(await statusText()).toContain("Sage 50: the connector has not reported since 1 Dec 2026");
    expect(await statusText()).toContain("Ask an AGG SMART admin to check the connector on the Sage PC.");
    expect(await buttonNames()).toEqual([]);
    await expectAccessible(page);
  });

  it("connected: the last report in minutes; disconnect works as for the other systems", async () => {
    await page.clock.install();
    api.get = () => ok(connected(minutesAgo(12)));
    await mount();
    await waitState("connected");
    expect(await textOf(el().locator("[part=title]"))).toBe("Sage 50");
    expect(await statusText()).toContain("Last report 12 min ago · Base currency GBP");
    await page.clock.runFor(3 * 60_000); // the age keeps counting while the page stays open
    await expect.poll(statusText).toContain("Last report 15 min ago");
    await btn("Disconnect").click();
    await waitState("confirm-disconnect");
    await el().getByRole("group").getByRole("button", { name: "Disconnect" }).click();
    await waitState("not-connected");
    expect(await textOf(el().locator("[part=note]"))).toBe("Disconnected from Sage 50.");
  });

  it("Hide key keeps waiting without the key; a new key needs no confirmation before the first report", async () => {
    await mount("sage50");
    await waitState("not-connected");
    await btn("Connect Accounts").click();
    await waitState("waiting-for-connector");
    await btn("Hide key").click();
    await expect.poll(() => keyField().count()).toBe(0);
    expect(await statusText()).toContain("Waiting for the connector's first report…");
    expect(await focusedText(page)).toBe("Show a new key");
    await expectAccessible(page);
    await btn("Show a new key").click();
    await expect.poll(() => keyField().inputValue()).toBe(`${KEY}2`);
    await btn("Cancel").click();
    await waitState("not-connected");
  });

  it("a refused key request is an error with Retry", async () => {
    api.start = () =>
      err(409, "conflict", "This account is connected to Xero: disconnect it before connecting Sage 50.");
    await mount("sage50");
    await waitState("not-connected");
    await btn("Connect Accounts").click();
    await waitState("error");
    expect(await statusText()).toContain("Couldn't create a Sage 50 connector key");
    expect(await statusText()).toContain("disconnect it before connecting Sage 50");
    expect(await focusedText(page)).toBe("Retry");
    await expectAccessible(page);
  });
});
