// widget.js holds the staff elements; the admin elements come from widget-admin.js, which widget.js
// imports the first time a page has one of their tags. Host pages still load only widget.js. These
// tests count the widget files each page fetches and check that a lazily defined element behaves
// as if it had been defined from the start: attributes, properties set before the upgrade, events.
import type { Route } from "playwright-core";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeBrowser } from "./chromium.ts";
import {
  API,
  closeWidgetPage,
  corsHeaders,
  err,
  fakeJwt,
  fulfillJson,
  HOST,
  hostPage,
  ok,
  openWidgetPage,
  settled,
  textOf,
  type WidgetPage,
  waitForValue,
} from "./component-harness.ts";

const ADMIN = fakeJwt("admin");
const STAFF = fakeJwt("staff");
const CORS = corsHeaders("GET, POST, DELETE, OPTIONS");

/** Authorization headers of the connection calls the page made. */
let connectionAuth: string[] = [];

/** The mocked worker: not connected, and the customer not yet synced. */
async function serveApi(route: Route): Promise<void> {
  const req = route.request();
  if (req.method() === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
  const path = new URL(req.url()).pathname;
  if (path === "/api/connection") {
    connectionAuth.push(req.headers().authorization ?? "");
    return fulfillJson(route, ok({ status: "not_connected" }), CORS);
  }
  if (/^\/api\/customers\/[^/]+\/credit$/.test(path))
    return fulfillJson(route, ok({ state: "not_connected" }), CORS);
  return fulfillJson(route, err(404, "not_found", "No route"), CORS);
}

let opened: WidgetPage | undefined;

async function open(body: string): Promise<WidgetPage> {
  connectionAuth = [];
  opened = await openWidgetPage({
    hostPage: hostPage("Widget split", body),
    api: serveApi,
    viewport: { width: 760, height: 420 },
  });
  await opened.page.goto(`${HOST}/`);
  return opened;
}

const badge = `<agg-credit-badge api="${API}" token="${STAFF}" customer="ACME01"></agg-credit-badge>`;
const connect = `<agg-connect-button api="${API}" token="${ADMIN}"></agg-connect-button>`;
const defined = (p: WidgetPage, tag: string) => p.page.evaluate((t) => !!customElements.get(t), tag);

afterEach(async () => {
  await closeWidgetPage(opened);
  opened = undefined;
});
afterAll(closeBrowser);

describe("widget.js and widget-admin.js", () => {
  it("a booking page with only a credit badge fetches no admin chunk", async () => {
    const p = await open(`<main>${badge}</main>`);
    await waitForValue(() => p.page.locator("agg-credit-badge").getAttribute("state"), "not-connected");
    await p.page.evaluate(() => document.body.appendChild(document.createElement("div"))); // unrelated DOM churn
    await settled(p.page); // quiet: no request open, every element updated
    expect(p.widgetRequests).toEqual(["/widget.js"]);
    expect(await defined(p, "agg-connect-button")).toBe(false);
    expect(await defined(p, "agg-accounts-settings")).toBe(false);
  });

  it("a page with a connect button in its markup fetches widget-admin.js once, and the button works", async () => {
    const p = await open(`<main>${connect}${badge}</main>`);
    const card = p.page.locator("agg-connect-button");
    await waitForValue(() => card.getAttribute("state"), "not-connected");
    await expect
      .poll(() => card.getByRole("button", { name: "Connect Accounts", exact: true }).count())
      .toBe(1);
    expect(connectionAuth).toEqual([`Bearer ${ADMIN}`]);
    // More admin tags later, including the other one: no second fetch.
    await p.page.evaluate(
      ({ api, token }) => {
        for (const tag of ["agg-connect-button", "agg-accounts-settings"]) {
          const el = document.createElement(tag);
          el.setAttribute("api", api);
          el.setAttribute("token", token);
          document.querySelector("main")?.appendChild(el);
        }
      },
      { api: API, token: ADMIN },
    );
    await waitForValue(
      () => p.page.locator("agg-connect-button").nth(1).getAttribute("state"),
      "not-connected",
    );
    expect(await defined(p, "agg-accounts-settings")).toBe(true);
    expect(p.widgetRequests).toEqual(["/widget.js", "/widget-admin.js"]);
  });

  it("an admin tag added later is upgraded with the properties and listeners set before the chunk came", async () => {
    const p = await open(`<main>${badge}</main>`);
    await waitForValue(() => p.page.locator("agg-credit-badge").getAttribute("state"), "not-connected");
    expect(p.widgetRequests).toEqual(["/widget.js"]);
    await p.page.evaluate(
      ({ api, token }) => {
        const w = window as unknown as { events: string[] };
        w.events = [];
        // Properties, not attributes, while the tag is still undefined.
        const el = document.createElement("agg-connect-button");
        el.api = api;
        el.token = token;
        el.providers = "xero";
        el.addEventListener("agg-connection-change", (e) =>
          w.events.push(JSON.stringify((e as CustomEvent).detail)),
        );
        document.querySelector("main")?.appendChild(el);
      },
      { api: API, token: ADMIN },
    );
    const card = p.page.locator("agg-connect-button");
    await waitForValue(() => card.getAttribute("state"), "not-connected");
    expect(connectionAuth).toEqual([`Bearer ${ADMIN}`]); // the token property reached the element
    expect(await textOf(card.getByRole("button", { name: "Connect Accounts", exact: true }))).toBe(
      "Connect Accounts",
    );
    const after = await p.page.evaluate(() => ({
      providers: document.querySelector("agg-connect-button")?.providers,
      events: (window as unknown as { events: string[] }).events,
    }));
    expect(after).toEqual({ providers: "xero", events: [JSON.stringify({ status: "not_connected" })] });
    expect(p.widgetRequests).toEqual(["/widget.js", "/widget-admin.js"]);
  });

  it("customElements.whenDefined() for an admin tag loads the chunk before any such tag exists", async () => {
    const p = await open(`<main>${badge}</main>`);
    const ok = await p.page.evaluate(async () => {
      await customElements.whenDefined("agg-accounts-settings");
      return !!customElements.get("agg-connect-button");
    });
    expect(ok).toBe(true);
    expect(p.widgetRequests).toEqual(["/widget.js", "/widget-admin.js"]);
  });

  it("a failed chunk load is logged and retried by the next admin tag", async () => {
    connectionAuth = [];
    opened = await openWidgetPage({
      hostPage: hostPage("Widget split", `<main>${badge}</main>`),
      api: serveApi,
      viewport: { width: 760, height: 420 },
    });
    const p = opened;
    let failures = 0;
    await p.context.route(`${HOST}/widget-admin.js*`, (route) => {
      if (failures++ === 0) return route.abort("connectionreset");
      return route.fallback();
    });
    const logged: string[] = [];
    p.page.on("console", (m) => {
      if (m.type() === "error") logged.push(m.text());
    });
    await p.page.goto(`${HOST}/`);
    const add = () =>
      p.page.evaluate(
        ({ api, token }) => {
          const el = document.createElement("agg-connect-button");
          el.setAttribute("api", api);
          el.setAttribute("token", token);
          document.querySelector("main")?.appendChild(el);
        },
        { api: API, token: ADMIN },
      );
    await add();
    await expect.poll(() => logged.some((l) => l.includes("AGG SMART widget: could not load"))).toBe(true);
    expect(await defined(p, "agg-connect-button")).toBe(false);
    await add();
    await waitForValue(
      () => p.page.locator("agg-connect-button").first().getAttribute("state"),
      "not-connected",
    );
    await waitForValue(
      () => p.page.locator("agg-connect-button").nth(1).getAttribute("state"),
      "not-connected",
    );
    expect(failures).toBe(2);
  });
});
