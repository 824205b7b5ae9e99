// <agg-credit-badge> in real Chromium against a mocked widget API (no worker needed): the host
// page, widget.js and the API are served by context.route(). Every state is checked for its
// words, axe, and a screenshot (test-results/screenshots/credit-<state>.png); then the job-value
// check (no request), refresh and its rate limit, events, the keyboard and out-of-order answers.
// Over 12 KB on purpose: every state of one element in one file, sharing one page and mocked API.
import type { Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { CreditPosition } from "../../shared/credit.ts";
import type { CreditLookup } from "../../shared/credit-api.ts";
import { creditVerdict, type LimitInput } from "../../shared/credit-verdict.ts";
import { screenshot } from "./chromium.ts";
import {
  API,
  corsHeaders,
  err,
  expectAccessible,
  fakeJwt,
  fulfillJson,
  gate,
  HOST,
  hostPage,
  ok,
  type Reply,
  settled,
  textOf,
  useWidgetPage,
  waitForValue,
} from "./component-harness.ts";

const STAFF = fakeJwt("staff");

// ---- fixtures: positions made by the same pure verdict the worker uses ------------------------

interface Fixture {
  limit: number | null | string; // minor units; null = blank; a string = an unreadable Network Key
  balance: number;
  overdue?: number;
  syncedMinutesAgo?: number;
  name?: string;
}

function position(f: Fixture): CreditPosition {
  const limit: LimitInput =
    typeof f.limit === "number"
      ? { kind: "limit", minor: f.limit }
      : f.limit === null
        ? { kind: "none" }
        : { kind: "invalid", raw: f.limit, reason: "Abbreviations like 5k are not understood." };
  const verdict = creditVerdict({ limit, balanceMinor: f.balance, overdueMinor: f.overdue ?? 0 });
  return {
    ...verdict,
    currency: "GBP",
    customer: { ref: "ACME01", contactId: "c-acme", name: f.name ?? "Acme Aggregates Ltd" },
    // Read when the answer is serialised, not when the fixture is built: on a slow run the file
    // reaches a test minutes after loading, and "2 min ago" must still say 2.
    get lastSyncedAt() {
      return new Date(Date.now() - (f.syncedMinutesAgo ?? 2) * 60_000).toISOString();
    },
  };
}

function found(f: Fixture, stale = false): CreditLookup {
  return { state: "found", position: position(f), stale, syncIntervalMinutes: 5 };
}

const OK = found({ limit: 1_000_000, balance: 350_000 }); // £6,500 available
const WARNING = found({ limit: 1_000_000, balance: 820_000 }); // 82%
const OVER = found({ limit: 1_000_000, balance: 1_120_000, overdue: 30_000 }); // over by £1,200
const OVERDUE = found({ limit: 1_000_000, balance: 400_000, overdue: 80_000 });
const NO_LIMIT = found({ limit: null, balance: 250_000 });
const BAD_LIMIT = found({ limit: "5k", balance: 250_000 });
const STALE = found({ limit: 1_000_000, balance: 350_000, syncedMinutesAgo: 25 }, true);

// ---- the mocked worker ------------------------------------------------------------------------

class MockApi {
  calls: { method: string; ref: string; what: string }[] = [];
  credit: (ref: string) => Reply | Promise<Reply> = () => ok(OK);
  refresh: (ref: string) => Reply | Promise<Reply> = () => ok(OK);
  count(method: string, what = method === "GET" ? "credit" : "refresh"): number {
    return this.calls.filter((c) => c.method === method && c.what === what).length;
  }
}

const HOST_PAGE = hostPage(
  "New job · AGG SMART",
  `<main><h1>New job</h1>
  <div class="field"><span>Customer</span><div class="fake">Acme Aggregates Ltd (ACME01)</div></div>
  <div id="stage"></div>
</main>`,
  `
  body { margin: 0; font: 14px system-ui, sans-serif; background: #eef1f5; color: #1c2330; }
  main { width: 560px; padding: 20px 24px 24px; background: #fff; }
  h1 { font-size: 17px; margin: 0 0 14px; }
  .field { display: grid; gap: 4px; margin-bottom: 12px; font-weight: 600; }
  .field span { font-size: 13px; color: #444c5a; }
  .fake { padding: 7px 10px; border: 1px solid #c9cfd8; border-radius: 6px; font-weight: 400; }
`,
);

const CORS = corsHeaders("GET, POST, OPTIONS", { "Access-Control-Expose-Headers": "Retry-After" });

let page: Page;
let api: MockApi;

async function serveApi(route: Route): Promise<void> {
  const req = route.request();
  const method = req.method();
  if (method === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
  const m = /^\/api\/customers\/([^/]+)\/(credit|refresh)$/.exec(new URL(req.url()).pathname);
  let reply: Reply = err(404, "not_found", "No route");
  if (m?.[1] && m[2]) {
    const ref = decodeURIComponent(m[1]);
    api.calls.push({ method, ref, what: m[2] });
    if (m[2] === "credit" && method === "GET") reply = await api.credit(ref);
    if (m[2] === "refresh" && method === "POST") reply = await api.refresh(ref);
  }
  // The page may have aborted it (a newer customer), or the test ended.
  await fulfillJson(route, reply, CORS).catch(() => {});
}

useWidgetPage({ hostPage: HOST_PAGE, api: serveApi, viewport: { width: 640, height: 480 } }, (opened) => {
  api = new MockApi();
  page = opened.page;
});

// ---- helpers ----------------------------------------------------------------------------------

/** Loads the host page and adds the badge with these attributes (events recorded from the start). */
async function mount(
  attrs: Record<string, string> = {},
  opts: { token?: string | null } = {},
): Promise<void> {
  await page.goto(`${HOST}/book`);
  await page.evaluate(
    async ({ attrs }) => {
      await customElements.whenDefined("agg-credit-badge");
      const w = window as unknown as { events: unknown[] };
      w.events = [];
      document.addEventListener("agg-credit-change", (e) => w.events.push((e as CustomEvent).detail));
      const el = document.createElement("agg-credit-badge");
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      document.getElementById("stage")?.appendChild(el);
    },
    { attrs: { api: API, ...(opts.token === null ? {} : { token: opts.token ?? STAFF }), ...attrs } },
  );
}

const el = () => page.locator("agg-credit-badge");
const state = () => el().getAttribute("state");
const summary = () => el().getByRole("status", { name: "Customer credit" });
const summaryText = () => textOf(summary());
const toggle = () => el().locator("button[aria-controls=detail]");
const refreshBtn = () => el().locator("[data-refresh]");
const setAttr = (name: string, value: string | null) =>
  el().evaluate((e, a) => (a.value === null ? e.removeAttribute(a.name) : e.setAttribute(a.name, a.value)), {
    name,
    value,
  });

const waitState = (s: string) => waitForValue(state, s);

async function events(): Promise<Record<string, unknown>[]> {
  return page.evaluate(() => (window as unknown as { events: Record<string, unknown>[] }).events);
}
const lastEvent = async () => (await events()).at(-1);

const axe = () => expectAccessible(page);

async function shot(name: string): Promise<void> {
  await screenshot(page, `credit-${name}`);
}

/** Renders a state: words, no axe violations, a screenshot. */
async function checkState(lookup: CreditLookup, attr: string, words: string[], name = attr): Promise<void> {
  api.credit = () => ok(lookup);
  await mount({ customer: "ACME01" });
  await waitState(attr);
  const text = await summaryText();
  for (const w of words) expect(text).toContain(w);
  await axe();
  await shot(name);
}

// ---- states -----------------------------------------------------------------------------------

describe("<agg-credit-badge> states", () => {
  it("asks for a customer when none is given, and calls nothing", async () => {
    await page.clock.install();
    await mount();
    await waitState("empty");
    expect(await summaryText()).toBe("Pick a customer");
    await page.clock.runFor(5_000); // any debounce or retry timer the element set has fired
    expect(await settled(page)).toEqual([]);
    expect(api.calls).toEqual([]);
    expect(await lastEvent()).toEqual({ customer: null, state: "empty", blocked: false });
    await axe();
    await shot("empty");
  });

  it("shows a skeleton while loading, then the position", async () => {
    const g = gate();
    api.credit = async () => {
      await g.promise;
      return ok(OK);
    };
    await mount({ customer: "ACME01" });
    await waitState("loading");
    expect(await summaryText()).toContain("Checking credit for ACME01…");
    expect(await el().locator("[part~=skeleton]").count()).toBe(2);
    await axe();
    await shot("loading");
    g.release();
    await waitState("ok");
  });

  it("ok: available credit in the pill", async () => {
    await checkState(OK, "ok", ["Credit: £6,500 available"]);
    expect(await toggle().getAttribute("aria-expanded")).toBe("false");
  });

  it("warning: a listed debtor, with the share of the limit used", async () => {
    await checkState(WARNING, "warning", ["Listed debtor: 82% of limit used"]);
  });

  it("over limit: by how much, and overdue alongside", async () => {
    await checkState(OVER, "over-limit", ["Over limit by £1,200", "£300 overdue"]);
    expect((await lastEvent())?.blocked).toBe(true);
  });

  it("overdue: the overdue amount", async () => {
    await checkState(OVERDUE, "overdue", ["£800 overdue"]);
    expect((await lastEvent())?.blocked).toBe(false);
  });

  it("no limit set", async () => {
    await checkState(NO_LIMIT, "no-limit", ["No credit limit set"]);
    expect(await summaryText()).not.toContain("Network Key");
  });

  it("no limit, with the unreadable Network Key shown (admins get limitProblem)", async () => {
    await checkState(
      BAD_LIMIT,
      "no-limit",
      ["Credit limit in Xero Network Key isn't a number: '5k'"],
      "limit-problem",
    );
  });

  it("not connected: tells staff to ask an admin", async () => {
    await checkState({ state: "not_connected" }, "not-connected", [
      "Accounts aren't connected",
      "Ask an admin to connect it in Admin → Accounts.",
    ]);
    expect(await toggle().count()).toBe(0);
  });

  it("not synced yet: fetching accounts from Xero", async () => {
    await checkState({ state: "not_synced" }, "not-synced", ["Fetching accounts from Xero…"]);
  });

  it("customer not found", async () => {
    await checkState({ state: "not_found", ref: "ACME01" }, "not-found", [
      "Customer not found in Xero",
      "'ACME01'",
    ]);
    expect(await lastEvent()).toEqual({ customer: "ACME01", state: "not_found", blocked: false });
  });

  it("ambiguous: lists every candidate's name and codes, never a guess", async () => {
    const lookup: CreditLookup = {
      state: "ambiguous",
      ref: "ACME",
      candidates: [
        { contactId: "c1", name: "Acme Aggregates Ltd", accountNumber: "ACME", contactNumber: "1042" },
        { contactId: "c2", name: "Acme Skips", accountNumber: "ACME" },
        { contactId: "c3", name: "ACME" },
      ],
    };
    await checkState(lookup, "ambiguous", ["'ACME' matches 3 Xero contacts"]);
    const items = await el()
      .locator("[part=candidates] li")
      .evaluateAll((lis) => lis.map((li) => li.textContent?.replace(/\s+/g, " ").trim()));
    expect(items).toEqual(["Acme Aggregates Ltd ACME · No. 1042", "Acme Skips ACME", "ACME"]);
  });

  it("an error with Retry, and Retry recovers", async () => {
    api.credit = () => err(500, "internal_error", "Something went wrong on our side.");
    await mount({ customer: "ACME01" });
    await waitState("error");
    expect(await summaryText()).toContain("Couldn't check credit");
    expect(await summaryText()).toContain("Something went wrong on our side.");
    await axe();
    await shot("error");
    api.credit = () => ok(OK);
    await el().getByRole("button", { name: "Retry" }).click();
    await waitState("ok");
    expect(api.count("GET")).toBe(2);
  });

  it("expanded detail: limit, balance, overdue, available, a clamped meter, last synced", async () => {
    api.credit = () => ok(OVER);
    await mount({ customer: "ACME01", "job-value": "450.00" });
    await waitState("over-limit");
    await toggle().click();
    const detail = el().locator("#detail");
    await expect.poll(() => detail.isVisible()).toBe(true);
    const figures = await el()
      .locator("[part=figures] .row")
      .evaluateAll((rows) =>
        rows.map((r) => `${r.querySelector("dt")?.textContent}: ${r.querySelector("dd")?.textContent}`),
      );
    expect(figures).toEqual([
      "Credit limit: £10,000.00",
      "Balance: £11,200.00",
      "Overdue: £300.00",
      "Available: -£1,200.00",
    ]);
    const meter = el().getByRole("meter", { name: "Credit limit used" });
    expect(await meter.getAttribute("aria-valuenow")).toBe("100");
    expect(await meter.getAttribute("aria-valuetext")).toBe("112% of limit used");
    expect(await textOf(el().locator("[part=sync]"))).toMatch(/^Last synced 2 min ago Refresh$/);
    await axe();
    await shot("over-limit-expanded");
  });

  it("expanded detail of a healthy customer", async () => {
    api.credit = () => ok(WARNING);
    await mount({ customer: "ACME01", "job-value": "450" });
    await waitState("warning");
    await toggle().click();
    const meter = el().getByRole("meter");
    expect(await meter.getAttribute("aria-valuenow")).toBe("82");
    await axe();
    await shot("warning-expanded");
  });
});

// ---- the job value ----------------------------------------------------------------------------

describe("<agg-credit-badge> job value", () => {
  it("changes the verdict instantly as the job value changes, with no request", async () => {
    api.credit = () => ok(OK);
    await page.clock.install();
    await mount({ customer: "ACME01", "job-value": "450.00" });
    await waitState("ok");
    expect(await summaryText()).toContain("£6,050 available after this job");
    await shot("job-within");
    expect((await lastEvent())?.job).toEqual({
      valueMinor: 45_000,
      wouldExceed: false,
      exceedByMinor: 0,
      availableAfterMinor: 605_000,
    });
    expect(api.count("GET")).toBe(1);

    await setAttr("job-value", "7,000");
    await expect.poll(summaryText).toContain("This job would exceed the limit by £500");
    expect(await el().locator("[data-job=exceed]").count()).toBe(1);
    await axe();
    await shot("job-exceeds");
    expect(await lastEvent()).toMatchObject({
      customer: "ACME01",
      state: "found",
      blocked: true,
      job: { valueMinor: 700_000, wouldExceed: true, exceedByMinor: 50_000, availableAfterMinor: -50_000 },
    });

    await setAttr("job-value", "6500");
    await expect.poll(summaryText).toContain("£0 available after this job");
    expect((await lastEvent())?.blocked).toBe(false);
    await setAttr("job-value", null);
    await expect.poll(summaryText).toBe("Credit: £6,500 available");
    await page.clock.runFor(5_000); // a (debounced) refetch would have started by now
    await settled(page);
    expect(api.count("GET")).toBe(1);
  });

  it("says an invalid job value isn't an amount, and never throws", async () => {
    api.credit = () => ok(OK);
    await mount({ customer: "ACME01", "job-value": "12abc" });
    await waitState("ok");
    expect(await summaryText()).toContain("Job value '12abc' isn't an amount");
    const last = await lastEvent();
    expect(last?.job).toBeUndefined();
    expect(last?.jobValueError).toMatch(/plain number/);
    expect(last?.blocked).toBe(false);
    await axe();
    await shot("job-invalid");
    for (const v of ["-5", "1e9", "NaN", "£", "99999999999999999999"]) {
      await setAttr("job-value", v);
      await expect.poll(summaryText).toContain(`Job value '${v}' isn't an amount`);
    }
    expect(api.count("GET")).toBe(1);
  });

  it("has no limit to check a job against when none is set", async () => {
    api.credit = () => ok(NO_LIMIT);
    await mount({ customer: "ACME01", "job-value": "99999" });
    await waitState("no-limit");
    expect(await summaryText()).toContain("No credit limit to check this job against");
    expect((await lastEvent())?.blocked).toBe(false);
  });
});

// ---- staleness and refresh --------------------------------------------------------------------

describe("<agg-credit-badge> stale data and Refresh", () => {
  it("says how old stale data is; Refresh syncs the customer, disabled while it runs", async () => {
    api.credit = () => ok(STALE);
    await mount({ customer: "ACME01" });
    await waitState("ok");
    expect(await textOf(el().locator("[part=sync]"))).toMatch(/^Last updated 25 min ago Refresh$/);
    expect((await lastEvent())?.stale).toBe(true);
    await axe();
    await shot("stale");

    const g = gate();
    api.refresh = async () => {
      await g.promise;
      return ok(found({ limit: 1_000_000, balance: 200_000, syncedMinutesAgo: 0 }));
    };
    await refreshBtn().focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => refreshBtn().isDisabled()).toBe(true);
    expect(await textOf(refreshBtn())).toBe("Refreshing…");
    await shot("refreshing");
    g.release();
    await expect.poll(summaryText).toBe("Credit: £8,000 available");
    expect(await el().locator(".sync[data-stale=true]").count()).toBe(0);
    expect(api.calls.map((c) => `${c.method} ${c.what} ${c.ref}`)).toEqual([
      "GET credit ACME01",
      "POST refresh ACME01",
    ]);
    // The Refresh button went with the stale line: focus stays in the badge, on the pill.
    const focused = await el().evaluate((e) => e.shadowRoot?.activeElement?.getAttribute("aria-controls"));
    expect(focused).toBe("detail");
    expect((await lastEvent())?.stale).toBe(false);
  });

  it("shows the rate limit: Try again in N s, with Refresh disabled until then", async () => {
    api.credit = () => ok(STALE);
    api.refresh = () => ({
      ...err(429, "rate_limited", "This customer was refreshed moments ago. Try again in 42 seconds."),
      headers: { "Retry-After": "42" },
    });
    await mount({ customer: "ACME01" });
    await waitState("ok");
    await refreshBtn().click();
    await expect.poll(() => textOf(el().locator("[part=sync-note]"))).toMatch(/^Try again in 4[12] s$/);
    expect(await refreshBtn().isDisabled()).toBe(true);
    await axe();
    await shot("rate-limited");
    expect(api.count("POST")).toBe(1);
  });

  it("counts down and enables Refresh again when the wait is over", async () => {
    api.credit = () => ok(STALE);
    api.refresh = () => ({
      ...err(429, "rate_limited", "Try again in 2 s."),
      headers: { "Retry-After": "2" },
    });
    await mount({ customer: "ACME01" });
    await waitState("ok");
    await refreshBtn().click();
    await expect.poll(() => refreshBtn().isDisabled()).toBe(true);
    await expect.poll(() => refreshBtn().isDisabled(), { timeout: 5000 }).toBe(false);
    expect(await textOf(el().locator("[part=sync-note]"))).toBe("");
  });
});

// ---- events, keyboard, races ------------------------------------------------------------------

describe("<agg-credit-badge> behaviour", () => {
  it("fires agg-credit-change (bubbles, composed) only when the shown verdict changes", async () => {
    api.credit = () => ok(OK);
    await mount({ customer: "ACME01", "job-value": "100" });
    await waitState("ok");
    const all = await events();
    expect(all.map((e) => e.state)).toEqual(["loading", "found"]);
    expect(all[1]).toEqual({
      customer: "ACME01",
      state: "found",
      // The fixture's sync time is read when served, so compare it as the page received it.
      position: { ...(OK as { position: CreditPosition }).position, lastSyncedAt: expect.any(String) },
      stale: false,
      job: { valueMinor: 10_000, wouldExceed: false, exceedByMinor: 0, availableAfterMinor: 640_000 },
      blocked: false,
    });
    // Expanding changes nothing shown in the verdict: no event.
    await toggle().click();
    await setAttr("job-value", "100.00");
    await settled(page); // the element has updated (it emits from updated())
    expect((await events()).length).toBe(2);
    const flags = await el().evaluate(
      (e) =>
        new Promise<[boolean, boolean]>((resolve) => {
          e.addEventListener("agg-credit-change", (ev) => resolve([ev.bubbles, ev.composed]), { once: true });
          e.setAttribute("job-value", "200");
        }),
    );
    expect(flags).toEqual([true, true]);
  });

  it("expands and collapses from the keyboard (Enter, Space, Escape)", async () => {
    api.credit = () => ok(OK);
    await mount({ customer: "ACME01" });
    await waitState("ok");
    await page.keyboard.press("Tab");
    const expanded = () => toggle().getAttribute("aria-expanded");
    const visible = () => el().locator("#detail").isVisible();
    await page.keyboard.press("Enter");
    expect(await expanded()).toBe("true");
    expect(await visible()).toBe(true);
    await page.keyboard.press("Space");
    expect(await expanded()).toBe("false");
    expect(await visible()).toBe(false);
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab"); // into the detail: the Refresh button
    await page.keyboard.press("Escape");
    expect(await expanded()).toBe("false");
    const focused = await el().evaluate((e) => e.shadowRoot?.activeElement?.getAttribute("aria-controls"));
    expect(focused).toBe("detail");
    await shot("ok-focused");
  });

  it("debounces a changing customer into one request and ignores out-of-order answers", async () => {
    const gates = new Map<string, ReturnType<typeof gate>>();
    api.credit = async (ref) => {
      const g = gate();
      gates.set(ref, g);
      await g.promise;
      return ok(ref === "SLOW01" ? OVER : OK);
    };
    await mount({});
    // Typed inside the page, 30 ms apart (a fast typist), so the test's own round trips can't
    // stretch the gaps past the 250 ms debounce on a loaded machine.
    await el().evaluate(async (e) => {
      for (const v of ["S", "SL", "SLO", "SLOW", "SLOW01"]) {
        e.setAttribute("customer", v);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
    await expect.poll(() => api.calls.map((c) => c.ref)).toEqual(["SLOW01"]);
    await setAttr("customer", "FAST01");
    await expect.poll(() => api.calls.map((c) => c.ref)).toEqual(["SLOW01", "FAST01"]);
    gates.get("FAST01")?.release();
    await waitState("ok");
    gates.get("SLOW01")?.release(); // the older answer arrives last: ignored
    await settled(page); // it has arrived and the element has updated
    expect(await state()).toBe("ok");
    expect(await summaryText()).toBe("Credit: £6,500 available");
    expect((await events()).filter((e) => e.state === "found").map((e) => e.customer)).toEqual(["FAST01"]);
  });

  it("shows the new customer's skeleton at once, never the previous customer's credit", async () => {
    api.credit = (ref) => (ref === "ACME01" ? ok(OK) : new Promise<Reply>(() => {}));
    await mount({ customer: "ACME01" });
    await waitState("ok");
    await setAttr("customer", "OTHER");
    expect(await state()).toBe("loading");
    expect((await lastEvent())?.state).toBe("loading");
    await setAttr("customer", "");
    await waitState("empty");
  });

  it("says it has no sign-in token, and loads once the host sets one", async () => {
    await mount({ customer: "ACME01" }, { token: null });
    await waitState("error");
    expect(await summaryText()).toContain("Not signed in");
    expect(api.calls).toEqual([]);
    await setAttr("token", fakeJwt("staff"));
    await waitState("ok");
  });

  it("fits a narrow column: the pill, job line and detail wrap cleanly", async () => {
    api.credit = () => ok(OVERDUE);
    await mount({ customer: "ACME01", "job-value": "1,250.50" });
    await page.addStyleTag({ content: "main { width: 300px; }" });
    await waitState("overdue");
    await toggle().click();
    expect(await summaryText()).toContain("£4,749.50 available after this job");
    await axe();
    await shot("narrow-expanded");
  });

  it("is themable through custom properties and ::part", async () => {
    api.credit = () => ok(OK);
    await mount({ customer: "ACME01", style: "--agg-success: rgb(0, 90, 200)" });
    await page.addStyleTag({ content: "agg-credit-badge::part(pill) { border-radius: 3px; }" });
    await waitState("ok");
    const look = await toggle().evaluate((b) => {
      const s = getComputedStyle(b);
      return [s.color, s.borderTopLeftRadius];
    });
    expect(look).toEqual(["rgb(0, 90, 200)", "3px"]);
  });
});

describe("<agg-credit-badge> names the system the figures came from", () => {
  const qbo = <T extends CreditLookup>(l: T): T => ({ ...l, provider: "quickbooks" });

  it("QuickBooks Online: the Fax field and where to fix it, for an unreadable limit", async () => {
    await checkState(
      qbo(BAD_LIMIT),
      "no-limit",
      [
        "Credit limit in Fax isn't a number: '5k'.",
        "In QuickBooks Online, open the customer and type the limit as a plain number in the Fax field.",
      ],
      "no-limit-quickbooks",
    );
    expect(await summaryText()).not.toContain("Xero");
  });

  it("QuickBooks Online in every other state", async () => {
    await checkState(qbo({ state: "not_found", ref: "ACME01" }), "not-found", [
      "Customer not found in QuickBooks Online",
      "No QuickBooks Online customer has the account reference or name 'ACME01'.",
    ]);
    await checkState(qbo({ state: "not_synced" }), "not-synced", [
      "Fetching accounts from QuickBooks Online…",
    ]);
    await checkState(qbo({ state: "not_connected", reason: "Access was revoked" }), "not-connected", [
      "QuickBooks Online isn't connected",
    ]);
    const candidates = [1, 2].map((n) => ({ contactId: `c${n}`, name: `Acme ${n}` }));
    await checkState(qbo({ state: "ambiguous", ref: "ACME", candidates }), "ambiguous", [
      "'ACME' matches 2 QuickBooks Online customers",
      "Give each its own account number in QuickBooks Online so credit can be checked.",
    ]);
  });

  it("an answer without provider (meta cached before providers) is Xero's", async () => {
    await checkState(BAD_LIMIT, "no-limit", [
      "Credit limit in Xero Network Key isn't a number: '5k'.",
      "In Xero, open the contact and type the limit as a plain number in Xero Network Key.",
    ]);
  });
});
