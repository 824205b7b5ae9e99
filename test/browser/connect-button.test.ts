// <agg-connect-button> in real Chromium against a mocked widget API (no worker needed): the host
// page, widget.js, the API, the consent popup and a hostile origin are all served by
// context.route(). Every state is checked for text, focus, events and axe, and screenshotted.
// Over 12 KB on purpose: every state of one element in one file, sharing one page and mocked API.
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ConnectionStatus, ConnectResultMessage } from "../../shared/connection.ts";
import {
  API,
  corsHeaders,
  gate as deferred,
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
  settledElements,
  textOf,
  useWidgetPage,
  waitForValue,
} from "./component-harness.ts";

const EVIL = "http://evil.test"; // someone else's page posting messages

const CONNECTED: ConnectionStatus = {
  status: "connected",
  provider: "xero",
  organisation: { name: "Acme Haulage Ltd", currency: "GBP" },
  connectedAt: "2025-03-03T10:15:00Z",
};
const NOT_CONNECTED: ConnectionStatus = { status: "not_connected" };
const NEEDS_RECONNECT: ConnectionStatus = {
  status: "needs_reconnect",
  provider: "xero",
  organisation: { name: "Acme Haulage Ltd" },
  connectedAt: "2025-03-03T10:15:00Z",
  reason: "Xero access was revoked",
  since: "2025-04-01T08:00:00Z",
};

const ADMIN = fakeJwt("admin");
const STAFF = fakeJwt("staff");

/** The mocked worker: replies are swappable per test; every call is recorded. */
class MockApi {
  calls: { method: string; path: string; auth: string; body: string | null }[] = [];
  get: (auth: string) => Reply | Promise<Reply> = () => ok(NOT_CONNECTED);
  start: () => Reply | Promise<Reply> = () => ok({ url: `${API}/consent?scenario=wait` });
  del: () => Reply | Promise<Reply> = () => {
    this.get = () => ok(NOT_CONNECTED); // the worker no longer has a connection
    return ok(NOT_CONNECTED);
  };
  count(method: string, path: string): number {
    return this.calls.filter((c) => c.method === method && c.path === path).length;
  }
}

const resultMessage = (ok: boolean): ConnectResultMessage =>
  ok
    ? { source: "agg-smart-accounts-connect", type: "connect-result", ok: true, connection: CONNECTED }
    : {
        source: "agg-smart-accounts-connect",
        type: "connect-result",
        ok: false,
        error: { code: "access_denied", message: "You chose not to give AGG SMART access to Xero." },
      };

/** A consent-popup page; `post` runs on load (like the worker's callback page). */
function popupPage(title: string, post = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1></main><script>${post}</script></body></html>`;
}

const HOST_PAGE = hostPage(
  "Admin · Accounts",
  `<main><h1>Accounts connection</h1><div id="stage"></div></main>`,
);

const CORS = corsHeaders("GET, POST, DELETE, OPTIONS");

let page: Page;
let api: MockApi;

async function serveApi(route: Route): Promise<void> {
  const req = route.request();
  const url = new URL(req.url());
  const method = req.method();
  if (method === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
  if (url.pathname === "/consent") return serveConsent(route, url.searchParams.get("scenario") ?? "wait");
  api.calls.push({
    method,
    path: url.pathname,
    auth: req.headers().authorization ?? "",
    body: req.postData(),
  });
  let reply: Reply | undefined;
  if (url.pathname === "/api/connection" && method === "GET")
    reply = await api.get(req.headers().authorization ?? "");
  if (url.pathname === "/api/connection/start" && method === "POST") reply = await api.start();
  if (url.pathname === "/api/connection" && method === "DELETE") reply = await api.del();
  reply ??= err(404, "not_found", "No route");
  await fulfillJson(route, reply, CORS);
}

function serveConsent(route: Route, scenario: string): Promise<void> {
  const html = (body: string) => route.fulfill({ status: 200, contentType: "text/html", body });
  const post = (m: ConnectResultMessage, target: string, closeMs?: number) =>
    `window.opener.postMessage(${JSON.stringify(m)}, ${JSON.stringify(target)});` +
    (closeMs === undefined ? "" : `setTimeout(() => window.close(), ${closeMs});`);
  if (scenario === "ok") {
    api.get = () => ok(CONNECTED); // the worker now has the connection
    return html(popupPage("Connected", post(resultMessage(true), HOST, 600)));
  }
  if (scenario === "fail") return html(popupPage("Not connected", post(resultMessage(false), HOST)));
  if (scenario === "frame") {
    // Same API origin, but a different window (an iframe): must be ignored too.
    return html(popupPage("Frame", `parent.postMessage(${JSON.stringify(resultMessage(true))}, "*");`));
  }
  return html(popupPage("Xero sign-in (waiting)"));
}

useWidgetPage(
  { hostPage: HOST_PAGE, api: serveApi, viewport: { width: 760, height: 420 } },
  async (opened) => {
    api = new MockApi();
    page = opened.page;
    await opened.context.route(`${EVIL}/**`, (route) =>
      route.fulfill({
        status: 200,
        contentType: "text/html",
        body: popupPage("Evil", `window.opener.postMessage(${JSON.stringify(resultMessage(true))}, "*");`),
      }),
    );
  },
);

// ---- helpers ----------------------------------------------------------------------------------

/** Loads the host page and adds the element (events recorded from before it connects). */
async function mount(
  token: string | null,
  opts: { style?: string; css?: string; renew?: string; providers?: string } = {},
): Promise<void> {
  await page.goto(`${HOST}/admin`);
  await page.evaluate(
    async ({ api, token, style, css, renew, providers }) => {
      await customElements.whenDefined("agg-connect-button");
      const w = window as unknown as { events: { type: string; detail: unknown }[] };
      w.events = [];
      for (const type of ["agg-connection-change", "agg-token-expired"])
        document.addEventListener(type, (e) => w.events.push({ type, detail: (e as CustomEvent).detail }));
      // Like AGG SMART would: answer an expired token with a fresh one.
      if (renew)
        document.addEventListener("agg-token-expired", (e) =>
          (e.target as Element).setAttribute("token", renew),
        );
      if (css) document.head.insertAdjacentHTML("beforeend", `<style>${css}</style>`);
      const el = document.createElement("agg-connect-button");
      el.setAttribute("api", api);
      if (token) el.setAttribute("token", token);
      if (style) el.setAttribute("style", style);
      if (providers !== undefined) el.setAttribute("providers", providers);
      document.getElementById("stage")?.appendChild(el);
    },
    { api: API, token, style: opts.style, css: opts.css, renew: opts.renew, providers: opts.providers },
  );
}

const el = () => page.locator("agg-connect-button");
const state = () => el().getAttribute("state");
const status = () => el().getByRole("status");
const statusText = () => textOf(status());
const btn = (name: string) => el().getByRole("button", { name, exact: true });
const waitState = (s: string) => waitForValue(state, s);

async function events(type = "agg-connection-change"): Promise<unknown[]> {
  return page.evaluate(
    (t) =>
      (window as unknown as { events: { type: string; detail: unknown }[] }).events
        .filter((e) => e.type === t)
        .map((e) => e.detail),
    type,
  );
}

/** Text of the focused element, looking through shadow roots. */
const focused = () => focusedText(page);

async function buttonNames(): Promise<string[]> {
  return el()
    .getByRole("button")
    .evaluateAll((bs) => bs.map((b) => b.textContent?.trim() ?? ""));
}

const axe = () => expectAccessible(page);
const shot = (name: string) => screenshotOf(page.locator("main"), `connect-button-${name}`);

async function openPopup(click: () => Promise<void>): Promise<Page> {
  const popup = page.waitForEvent("popup");
  await click();
  return popup;
}

// ---- states -----------------------------------------------------------------------------------

describe("<agg-connect-button> states", () => {
  it("shows a skeleton while loading, then Not connected with a Connect button", async () => {
    const gate = deferred();
    api.get = async () => {
      await gate.promise;
      return ok(NOT_CONNECTED);
    };
    await mount(ADMIN);
    await waitState("loading");
    expect(await status().textContent()).toContain("Checking the accounts connection…");
    expect(await el().locator("[part~=skeleton]").count()).toBeGreaterThan(0);
    expect(await buttonNames()).toEqual([]);
    await axe();
    await shot("loading");

    gate.release();
    await waitState("not-connected");
    expect(await statusText()).toContain("Not connected");
    expect(await buttonNames()).toEqual(["Connect Accounts"]);
    expect(await events()).toEqual([NOT_CONNECTED]);
    expect(api.calls[0]?.auth).toBe(`Bearer ${ADMIN}`);
    await axe();
    await shot("not-connected");
  });

  it("shows Connected to the organisation since the date, with Disconnect", async () => {
    api.get = () => ok(CONNECTED);
    await mount(ADMIN);
    await waitState("connected");
    const text = await statusText();
    expect(text).toContain("Connected to “Acme Haulage Ltd” since 3 Mar 2025");
    expect(text).toContain("Base currency GBP");
    expect(await el().locator("time").getAttribute("datetime")).toBe(CONNECTED.connectedAt);
    expect(await buttonNames()).toEqual(["Disconnect"]);
    expect(await events()).toEqual([CONNECTED]);
    await axe();
    await shot("connected");
    await page.setViewportSize({ width: 380, height: 420 });
    await shot("connected-narrow");
  });

  it("shows Needs reconnecting with the reason, an icon and a Reconnect button", async () => {
    api.get = () => ok(NEEDS_RECONNECT);
    await mount(ADMIN);
    await waitState("needs-reconnect");
    const text = await statusText();
    expect(text).toContain("Needs reconnecting — Xero access was revoked");
    expect(text).toContain("since 1 Apr 2025");
    expect(await el().locator("[part=icon] svg").count()).toBe(1);
    expect(await buttonNames()).toEqual(["Disconnect", "Reconnect"]);
    expect(await events()).toEqual([NEEDS_RECONNECT]);
    await axe();
    await shot("needs-reconnect");
  });

  it("shows a load error with Retry, and Retry recovers", async () => {
    api.get = () => err(500, "internal_error", "The accounts service is having a problem.");
    await mount(ADMIN);
    await waitState("error");
    const text = await statusText();
    expect(text).toContain("Couldn't check the accounts connection");
    expect(text).toContain("The accounts service is having a problem.");
    expect(await buttonNames()).toEqual(["Retry"]);
    expect(await events()).toEqual([]);
    await axe();
    await shot("error");

    api.get = () => ok(CONNECTED);
    await btn("Retry").click();
    await waitState("connected");
    expect(api.count("GET", "/api/connection")).toBe(2);
    expect(await events()).toEqual([CONNECTED]);
  });

  it("says the sign-in token is missing, then loads when a token arrives", async () => {
    await mount(null);
    await waitState("no-token");
    expect(await statusText()).toContain("Sign-in token missing");
    expect(await buttonNames()).toEqual([]);
    expect(api.calls).toEqual([]);
    await axe();
    await shot("no-token");

    api.get = () => ok(CONNECTED);
    await el().evaluate((e, t) => e.setAttribute("token", t), ADMIN);
    await waitState("connected");
  });

  it("refetches when the token attribute changes", async () => {
    api.get = () => ok(NOT_CONNECTED);
    await mount(ADMIN);
    await waitState("not-connected");
    const next = fakeJwt("admin", "u2");
    api.get = () => ok(CONNECTED);
    await el().evaluate((e, t) => e.setAttribute("token", t), next);
    await waitState("connected");
    expect(api.calls.at(-1)?.auth).toBe(`Bearer ${next}`);
    expect(await events()).toEqual([NOT_CONNECTED, CONNECTED]);
  });

  it("recovers from an expired token when the host answers agg-token-expired", async () => {
    const fresh = fakeJwt("admin", "u-fresh");
    api.get = (auth) =>
      auth === `Bearer ${fresh}` ? ok(CONNECTED) : err(401, "token_expired", "Your sign-in has expired.");
    await mount(ADMIN, { renew: fresh });
    await waitState("connected");
    expect(await events("agg-token-expired")).toEqual([{ element: "agg-connect-button" }]);
    expect(await events()).toEqual([CONNECTED]);
  });
});

describe("<agg-connect-button> for staff", () => {
  it("shows a read-only status line and never Connect/Disconnect", async () => {
    api.get = () => ok(CONNECTED);
    await mount(STAFF);
    await waitState("read-only");
    expect(await statusText()).toContain("Xero: connected to “Acme Haulage Ltd”");
    expect(await buttonNames()).toEqual([]);
    await axe();
    await shot("staff-connected");
  });

  it("tells staff a connection needs reconnecting, without controls", async () => {
    api.get = () => ok(NEEDS_RECONNECT);
    await mount(STAFF);
    await waitState("read-only");
    expect(await statusText()).toContain("Xero needs reconnecting — Xero access was revoked");
    expect(await buttonNames()).toEqual([]);
    await axe();
    await shot("staff-needs-reconnect");
  });

  it("shows nothing to staff when not connected", async () => {
    await mount(STAFF);
    await waitState("hidden");
    expect(await el().evaluate((e) => e.shadowRoot?.querySelector("[part=base]") ?? null)).toBeNull();
    expect(await events()).toEqual([NOT_CONNECTED]);
  });

  it("turns read-only when the server answers 403 to an admin-looking token", async () => {
    api.get = () => ok(NEEDS_RECONNECT);
    api.start = () => err(403, "forbidden", "Admins only.");
    await mount(ADMIN);
    await waitState("needs-reconnect");
    const popup = await openPopup(() => btn("Reconnect").click());
    await waitState("read-only");
    await expect.poll(() => popup.isClosed()).toBe(true);
    const text = await statusText();
    expect(text).toContain("Xero needs reconnecting — Xero access was revoked");
    expect(text).toContain("Only an AGG SMART admin can connect or disconnect Xero.");
    expect(await buttonNames()).toEqual([]);
    await axe();
    await shot("forbidden");
  });
});

describe("<agg-connect-button> connecting", () => {
  it("opens the popup, shows Connecting… with Cancel, and takes the popup's result", async () => {
    api.start = () => ok({ url: `${API}/consent?scenario=ok` });
    await mount(ADMIN);
    await waitState("not-connected");
    const popup = await openPopup(() => btn("Connect Accounts").click());
    await waitState("connected");
    expect(api.count("POST", "/api/connection/start")).toBe(1);
    expect(await events()).toEqual([NOT_CONNECTED, CONNECTED]);
    await expect.poll(() => popup.isClosed()).toBe(true);
    expect(await focused()).toBe("Disconnect");
  });

  it("shows the Connecting… state while the popup is open", async () => {
    await mount(ADMIN);
    await waitState("not-connected");
    const popup = await openPopup(() => btn("Connect Accounts").click());
    await popup.waitForURL(`${API}/consent?scenario=wait`);
    await waitState("connecting");
    expect(await statusText()).toContain("Connecting…");
    expect(await buttonNames()).toEqual(["Cancel"]);
    expect(await focused()).toBe("Cancel");
    await axe();
    await shot("connecting");
  });

  it("shows the popup's failure message and returns to Not connected", async () => {
    api.start = () => ok({ url: `${API}/consent?scenario=fail` });
    await mount(ADMIN);
    await waitState("not-connected");
    await openPopup(() => btn("Connect Accounts").click());
    await waitState("not-connected");
    await expect
      .poll(() => el().locator("[part=note]").textContent())
      .toBe("You chose not to give AGG SMART access to Xero.");
    expect(await buttonNames()).toEqual(["Connect Accounts"]);
    await axe();
    await shot("connect-failed");
  });

  it("returns with 'Connection cancelled' when the user closes the popup, and refetches", async () => {
    api.get = () => ok(NEEDS_RECONNECT);
    await mount(ADMIN);
    await waitState("needs-reconnect");
    const popup = await openPopup(() => btn("Reconnect").click());
    await waitState("connecting");
    const gets = api.count("GET", "/api/connection");
    await popup.close();
    await waitState("needs-reconnect");
    expect(await el().locator("[part=note]").textContent()).toBe("Connection cancelled.");
    await expect.poll(() => api.count("GET", "/api/connection")).toBe(gets + 1);
    expect(await focused()).toBe("Reconnect");
    await axe();
    await shot("cancelled");
  });

  it("shows the new connection if it completed before the popup was closed", async () => {
    await mount(ADMIN);
    await waitState("not-connected");
    const popup = await openPopup(() => btn("Connect Accounts").click());
    await waitState("connecting");
    api.get = () => ok(CONNECTED);
    await popup.close();
    await waitState("connected");
    expect(await el().locator("[part=note]").count()).toBe(0);
    expect(await events()).toEqual([NOT_CONNECTED, CONNECTED]);
  });

  it("the Cancel link closes the popup", async () => {
    await mount(ADMIN);
    await waitState("not-connected");
    const popup = await openPopup(() => btn("Connect Accounts").click());
    await waitState("connecting");
    await btn("Cancel").click();
    await waitState("not-connected");
    await expect.poll(() => popup.isClosed()).toBe(true);
    expect(await el().locator("[part=note]").textContent()).toBe("Connection cancelled.");
  });

  it("ignores result messages from a wrong origin or a window other than the popup", async () => {
    api.start = () => ok({ url: `${EVIL}/consent` });
    await mount(ADMIN);
    await waitState("not-connected");
    const popup = await openPopup(() => btn("Connect Accounts").click());
    await popup.waitForURL(`${EVIL}/consent`);
    await popup.waitForLoadState("load");
    // Same API origin but not the popup (an iframe) — and the host page itself. Resolves once the
    // page has dispatched both messages: this listener is added after the element's, so by the
    // time it hears a message the element has heard (and judged) it too.
    const heard = await page.evaluate(
      ([src, msg]) =>
        new Promise<string[]>((resolve) => {
          const origins: string[] = [];
          window.addEventListener("message", (e) => {
            if (JSON.stringify(e.data) !== JSON.stringify(msg)) return;
            origins.push(e.origin);
            if (origins.length === 2) resolve(origins.sort());
          });
          const f = document.createElement("iframe");
          f.title = "probe";
          f.src = src as string;
          document.body.appendChild(f);
          window.postMessage(msg, "*");
        }),
      [`${API}/consent?scenario=frame`, resultMessage(true)] as const,
    );
    expect(heard).toEqual([API, HOST].sort());
    await page.frameLocator("iframe").locator("h1").waitFor();
    await settledElements(page);
    expect(await state()).toBe("connecting");
    expect(await events()).toEqual([NOT_CONNECTED]);

    // The same message from the popup on the API origin is accepted (a page-initiated
    // navigation, as Xero's redirect back is; it keeps window.opener).
    await popup.evaluate((url) => {
      location.href = url;
    }, `${API}/consent?scenario=ok`);
    await waitState("connected");
  });

  it("shows Pop-up blocked with a retry when window.open returns null", async () => {
    await mount(ADMIN);
    await waitState("not-connected");
    await page.evaluate(() => {
      const w = window as unknown as { realOpen: typeof window.open };
      w.realOpen = window.open;
      window.open = () => null;
    });
    await btn("Connect Accounts").click();
    await waitState("popup-blocked");
    expect(await statusText()).toContain("Pop-up blocked");
    expect(await statusText()).toContain("Allow pop-ups for this site");
    expect(await buttonNames()).toEqual(["Cancel", "Try again"]);
    expect(await focused()).toBe("Try again");
    expect(api.count("POST", "/api/connection/start")).toBe(0);
    await axe();
    await shot("popup-blocked");

    await page.evaluate(() => {
      window.open = (window as unknown as { realOpen: typeof window.open }).realOpen;
    });
    await openPopup(() => btn("Try again").click());
    await waitState("connecting");
  });

  it("closes the popup and shows the error with Retry when start fails", async () => {
    api.start = () => err(503, "upstream_error", "Xero is not answering right now.");
    await mount(ADMIN);
    await waitState("not-connected");
    const popup = await openPopup(() => btn("Connect Accounts").click());
    await waitState("error");
    await expect.poll(() => popup.isClosed()).toBe(true);
    expect(await statusText()).toContain("Xero is not answering right now.");
    expect(await buttonNames()).toEqual(["Dismiss", "Retry"]);
    await axe();
    await shot("start-error");

    api.start = () => ok({ url: `${API}/consent?scenario=ok` });
    await openPopup(() => btn("Retry").click());
    await waitState("connected");
  });
});

describe("<agg-connect-button> disconnecting", () => {
  it("asks for confirmation, shows Disconnecting…, then Not connected", async () => {
    api.get = () => ok(CONNECTED);
    await mount(ADMIN);
    await waitState("connected");

    await btn("Disconnect").click();
    await waitState("confirm-disconnect");
    expect(await textOf(el().locator("[part=confirm]"))).toContain("Disconnect from “Acme Haulage Ltd”?");
    expect(await buttonNames()).toEqual(["Cancel", "Disconnect"]);
    expect(await focused()).toBe("Cancel");
    await axe();
    await shot("confirm-disconnect");

    await btn("Cancel").click();
    await waitState("connected");
    expect(await focused()).toBe("Disconnect");
    expect(api.count("DELETE", "/api/connection")).toBe(0);

    const gate = deferred();
    api.del = async () => {
      await gate.promise;
      return ok(NOT_CONNECTED);
    };
    await btn("Disconnect").click();
    await el().locator("[part=confirm]").getByRole("button", { name: "Disconnect" }).click();
    await waitState("disconnecting");
    expect(await statusText()).toContain("Disconnecting…");
    expect(await buttonNames()).toEqual([]);
    await axe();
    await shot("disconnecting");

    gate.release();
    await waitState("not-connected");
    expect(api.count("DELETE", "/api/connection")).toBe(1);
    expect(await el().locator("[part=note]").textContent()).toBe("Disconnected from Xero.");
    expect(await events()).toEqual([CONNECTED, NOT_CONNECTED]);
    expect(await focused()).toBe("Connect Accounts");
    await shot("disconnected");
  });

  it("can disconnect a broken connection; Escape returns focus to Disconnect", async () => {
    api.get = () => ok(NEEDS_RECONNECT);
    await mount(ADMIN);
    await waitState("needs-reconnect");
    await btn("Disconnect").click();
    await waitState("confirm-disconnect");
    expect(await buttonNames()).toEqual(["Cancel", "Disconnect"]);
    expect(await focused()).toBe("Cancel");
    await page.keyboard.press("Escape");
    await waitState("needs-reconnect");
    expect(await focused()).toBe("Disconnect");
    await page.keyboard.press("Enter");
    await waitState("confirm-disconnect");
    await el().locator("[part=confirm]").getByRole("button", { name: "Disconnect" }).click();
    await waitState("not-connected");
    expect(await events()).toEqual([NEEDS_RECONNECT, NOT_CONNECTED]);
  });

  it("shows a failed disconnect with Retry", async () => {
    api.get = () => ok(CONNECTED);
    api.del = () => err(503, "upstream_error", "Xero is not answering right now.");
    await mount(ADMIN);
    await waitState("connected");
    await btn("Disconnect").click();
    await el().locator("[part=confirm]").getByRole("button", { name: "Disconnect" }).click();
    await waitState("error");
    expect(await statusText()).toContain("Couldn't disconnect from Xero");
    api.del = () => ok(NOT_CONNECTED);
    await btn("Retry").click();
    await waitState("not-connected");
  });
});

describe("<agg-connect-button> keyboard, focus and theming", () => {
  it("is operable with the keyboard alone, with a visible focus ring", async () => {
    api.get = () => ok(CONNECTED);
    await mount(ADMIN);
    await waitState("connected");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Disconnect");
    const outline = await page.evaluate(() => {
      const b = document.querySelector("agg-connect-button")?.shadowRoot?.activeElement;
      return b ? getComputedStyle(b).outlineStyle : "none";
    });
    expect(outline).not.toBe("none");

    await page.keyboard.press("Enter");
    await waitState("confirm-disconnect");
    expect(await focused()).toBe("Cancel");
    await page.keyboard.press("Escape");
    await waitState("connected");
    expect(await focused()).toBe("Disconnect");

    await page.keyboard.press("Space");
    await waitState("confirm-disconnect");
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Disconnect");
    await page.keyboard.press("Enter");
    await waitState("not-connected");
    expect(await focused()).toBe("Connect Accounts");

    const popup = page.waitForEvent("popup");
    await page.keyboard.press("Enter");
    await popup;
    await waitState("connecting");
    expect(await focused()).toBe("Cancel");
    await page.keyboard.press("Enter");
    await waitState("not-connected");
    expect(await focused()).toBe("Connect Accounts");
  });

  it("is themable through --agg-* custom properties and ::part", async () => {
    await mount(ADMIN, {
      style: "--agg-primary: rgb(200, 0, 100); --agg-radius: 2px",
      css: "agg-connect-button::part(button) { text-transform: uppercase; } agg-connect-button::part(status) { letter-spacing: 1px; }",
    });
    await waitState("not-connected");
    const look = await btn("Connect Accounts").evaluate((b) => {
      const s = getComputedStyle(b);
      return { bg: s.backgroundColor, tt: s.textTransform };
    });
    expect(look).toEqual({ bg: "rgb(200, 0, 100)", tt: "uppercase" });
    expect(await status().evaluate((s) => getComputedStyle(s).letterSpacing)).toBe("1px");
    expect(
      await el()
        .locator("[part=base]")
        .evaluate((b) => getComputedStyle(b).borderTopLeftRadius),
    ).toBe("2px");
    await shot("themed");
  });
});

// ---- providers ----------------------------------------------------------------------------------

const OFFERS_TWO: ConnectionStatus = { status: "not_connected", providers: ["xero", "quickbooks"] };
const QBO_CONNECTED: ConnectionStatus = {
  status: "connected",
  provider: "quickbooks",
  organisation: { name: "Acme Haulage Ltd", currency: "GBP" },
  connectedAt: "2025-03-03T10:15:00Z",
  providers: ["xero", "quickbooks"],
};
const title = () => textOf(el().locator("[part=title]"));
const menuItems = () =>
  el()
    .getByRole("menuitem")
    .evaluateAll((bs) => bs.map((b) => b.querySelector(".provider-name")?.textContent ?? ""));
const startBodies = () =>
  api.calls.filter((c) => c.path === "/api/connection/start").map((c) => JSON.parse(c.body ?? "null"));

describe("<agg-connect-button> choosing the accounting system", () => {
  it("offers the worker's systems as a keyboard menu, then connects the chosen one", async () => {
    api.get = () => ok(OFFERS_TWO);
    await mount(ADMIN);
    await waitState("not-connected");
    expect(await title()).toBe("Accounts");
    expect(await statusText()).toContain("Connect your accounting system (Xero, QuickBooks Online)");
    const trigger = btn("Connect Accounts");
    expect(await trigger.getAttribute("aria-haspopup")).toBe("menu");
    expect(await trigger.getAttribute("aria-expanded")).toBe("false");
    await trigger.focus();
    await page.keyboard.press("Enter");
    await waitState("choose-provider");
    expect(await trigger.getAttribute("aria-expanded")).toBe("true");
    expect(await menuItems()).toEqual(["Xero", "QuickBooks Online"]);
    expect(await el().getByRole("menu").getAttribute("aria-label")).toBe("Choose your accounting system");
    expect(await focused()).toContain("Xero");
    await page.keyboard.press("ArrowDown");
    expect(await focused()).toContain("QuickBooks Online");
    await page.keyboard.press("ArrowDown"); // wraps round
    expect(await focused()).toContain("Xero");
    await page.keyboard.press("End");
    expect(await focused()).toContain("QuickBooks Online");
    await axe();
    await shot("choose-provider");
    await page.keyboard.press("Escape");
    await waitState("not-connected");
    expect(await focused()).toBe("Connect Accounts");
    expect(await el().getByRole("menu").count()).toBe(0);
    expect(startBodies()).toEqual([]);

    await trigger.click();
    await waitState("choose-provider");
    const popup = await openPopup(() => el().getByRole("menuitem", { name: "QuickBooks Online" }).click());
    await waitState("connecting");
    expect(startBodies()).toEqual([{ provider: "quickbooks" }]);
    expect(await title()).toBe("QuickBooks Online");
    expect(await statusText()).toContain("Finish signing in to QuickBooks Online in the pop-up window.");
    await popup.close();
    await waitState("not-connected");
  });

  it("the providers attribute limits the choice; one system left is a direct button", async () => {
    api.get = () => ok(OFFERS_TWO);
    await mount(ADMIN, { providers: "xero" });
    await waitState("not-connected");
    expect(await title()).toBe("Xero");
    expect(await statusText()).toContain("Connect Xero to show customer credit and sync invoice payments.");
    expect(await btn("Connect Accounts").getAttribute("aria-haspopup")).toBeNull();
    const popup = await openPopup(() => btn("Connect Accounts").click());
    await waitState("connecting");
    expect(startBodies()).toEqual([{ provider: "xero" }]);
    expect(await el().getByRole("menu").count()).toBe(0);
    await popup.close();
    await waitState("not-connected");
  });

  it("keeps the worker's order and skips systems the worker lacks or that do not exist", async () => {
    api.get = () => ok({ ...OFFERS_TWO, providers: ["xero", "quickbooks"] });
    await mount(ADMIN, { providers: "sage50 quickbooks xero myob" });
    await waitState("not-connected");
    await btn("Connect Accounts").click();
    await waitState("choose-provider");
    // The worker's order; Sage 50 is not configured there and "myob" is not a system.
    expect(await menuItems()).toEqual(["Xero", "QuickBooks Online"]);
  });

  it("says so when none of the attribute's systems is set up on the worker", async () => {
    api.get = () => ok(NOT_CONNECTED); // a worker without a list: Xero only
    await mount(ADMIN, { providers: "quickbooks" });
    await waitState("not-connected");
    expect(await statusText()).toContain("No accounting system is set up for this page yet.");
    expect(await buttonNames()).toEqual([]);
    await axe();
  });

  it("names the tenant's actual system when connected, in every state", async () => {
    api.get = () => ok(QBO_CONNECTED);
    await mount(ADMIN);
    await waitState("connected");
    expect(await title()).toBe("QuickBooks Online");
    await btn("Disconnect").click();
    await waitState("confirm-disconnect");
    await el().getByRole("group").getByRole("button", { name: "Disconnect" }).click();
    await waitState("not-connected");
    expect(await el().locator("[part=note]").textContent()).toBe("Disconnected from QuickBooks Online.");
    await axe();

    api.get = () =>
      ok({
        ...QBO_CONNECTED,
        status: "needs_reconnect",
        reason: "Access was revoked",
        since: "2025-04-01T08:00:00Z",
      });
    await mount(STAFF);
    await waitState("read-only");
    expect(await statusText()).toContain("QuickBooks Online needs reconnecting — Access was revoked");
    api.get = () => ok(QBO_CONNECTED);
    await mount(STAFF);
    await waitState("read-only");
    expect(await statusText()).toContain("QuickBooks Online: connected to “Acme Haulage Ltd”");
    const reconnect = {
      ...QBO_CONNECTED,
      status: "needs_reconnect" as const,
      reason: "Expired",
      since: "2025-04-01T08:00:00Z",
    };
    api.get = () => ok(reconnect);
    await mount(ADMIN);
    await waitState("needs-reconnect");
    const popup = await openPopup(() => btn("Reconnect").click());
    await waitState("connecting");
    expect(startBodies().at(-1)).toEqual({ provider: "quickbooks" });
    await popup.close();
    await waitState("needs-reconnect");
  });
});
