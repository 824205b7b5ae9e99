// <agg-payment-status> in real Chromium against a mocked widget API (no worker needed): the host
// page (a jobs list), widget.js and the API are served by context.route(). Every Payment Column
// state and card state is checked for its words, icon, role="status" label and axe, and
// screenshotted (test-results/screenshots/payment-*.png). Polling is tested with Playwright's
// fake clock (page.clock): no test-only attribute exists, the real 15 s → 30 s → 60 s → 120 s
// backoff is fast-forwarded.
// Over 12 KB on purpose: every state of one element in one file, sharing one page and mocked API.
import type { Locator, Page, Route } from "playwright-core";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobPayment, JobPaymentLookup, JobPaymentState } from "../../shared/payments.ts";
import { closeBrowser } from "./chromium.ts";
import {
  API,
  closeWidgetPage,
  corsHeaders,
  err,
  expectAccessible,
  fakeJwt,
  fulfillJson,
  gate,
  HOST,
  hostPage,
  ok,
  openWidgetPage,
  type Reply,
  screenshotOf,
  sentRequests,
  settled,
  settledElements,
  textOf,
  type WidgetPage,
  waitForValue,
} from "./component-harness.ts";

const YEAR = new Date().getFullYear();
const DAY = 86_400_000;

const STAFF = fakeJwt("staff");

// ---- fixtures ----------------------------------------------------------------------------------

/** A job's payment: £450 invoiced as INV-0042, `paid` minor units settled. */
function payment(job: string, state: JobPaymentState, o: Partial<JobPayment> = {}): JobPayment {
  const total = o.totalMinor ?? 45_000;
  const paid = o.paidMinor ?? (state === "paid" ? total : 0);
  const due = o.dueMinor ?? total - paid;
  return {
    job,
    state,
    currency: "GBP",
    totalMinor: total,
    paidMinor: paid,
    creditedMinor: 0,
    dueMinor: due,
    ...(due > 0 ? { dueDate: `${YEAR}-12-03` } : {}),
    invoices: [
      {
        invoiceNumber: "INV-0042",
        status: state === "paid" ? "PAID" : state === "voided" ? "VOIDED" : "AUTHORISED",
        totalMinor: total,
        paidMinor: paid,
        creditedMinor: 0,
        dueMinor: due,
      },
    ],
    // A fresh timestamp on every answer: the element must not count it as a change.
    updatedAt: new Date().toISOString(),
    ...o,
  };
}
const found = (p: JobPayment): JobPaymentLookup => ({ state: "found", payment: p });

// ---- the mocked worker -------------------------------------------------------------------------

class MockApi {
  calls: { job: string; path: string; auth: string }[] = [];
  inflight = 0;
  maxInflight = 0;
  reply: (job: string) => Reply | Promise<Reply> = (job) => ok(found(payment(job, "awaiting_payment")));
  count(job?: string): number {
    return this.calls.filter((c) => job === undefined || c.job === job).length;
  }
}

const HOST_PAGE = hostPage(
  "Jobs · AGG SMART",
  `<main><h1>Jobs</h1>
<table><thead><tr><th scope="col">Job</th><th scope="col">Customer</th><th scope="col">Payment</th></tr></thead>
<tbody id="rows"></tbody></table></main>`,
  `
  body { margin: 0; font: 14px system-ui, sans-serif; background: #eef1f5; color: #1c2330; }
  main { padding: 16px 20px; background: #fff; }
  h1 { font-size: 17px; margin: 0 0 10px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e3e7ee; vertical-align: middle; }
  th { font-size: 12px; color: #4a5262; text-transform: uppercase; letter-spacing: .04em; }
  td.pay { width: 50%; }
`,
);

const CORS = corsHeaders("GET, OPTIONS");

let harness: WidgetPage;
let page: Page;
let api: MockApi;
let consoleMessages: string[];

async function serveApi(route: Route): Promise<void> {
  const req = route.request();
  if (req.method() === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
  const path = new URL(req.url()).pathname;
  const m = /^\/api\/jobs\/([^/]+)\/payment$/.exec(path);
  let reply: Reply = err(404, "not_found", "No route");
  if (m?.[1] && req.method() === "GET") {
    const job = decodeURIComponent(m[1]);
    api.calls.push({ job, path, auth: req.headers().authorization ?? "" });
    api.inflight++;
    api.maxInflight = Math.max(api.maxInflight, api.inflight);
    try {
      reply = await api.reply(job);
    } finally {
      api.inflight--;
    }
  }
  await fulfillJson(route, reply, CORS).catch(() => {}); // the page went away first
}

beforeEach(async () => {
  api = new MockApi();
  consoleMessages = [];
  harness = await openWidgetPage({
    hostPage: HOST_PAGE,
    api: serveApi,
    viewport: { width: 760, height: 520 },
  });
  page = harness.page;
  page.on("console", (m) => {
    // The browser's own "Failed to load resource" lines for mocked 503s are not the element's.
    if (m.text().startsWith("Failed to load resource")) return;
    if (m.type() === "error" || m.type() === "warning") consoleMessages.push(`${m.type()}: ${m.text()}`);
  });
});

afterEach(async () => {
  await closeWidgetPage(harness);
  // Bad attributes are hinted on screen, never logged.
  expect(consoleMessages).toEqual([]);
});

afterAll(closeBrowser);

// ---- helpers -----------------------------------------------------------------------------------

type Attrs = Record<string, string | null>;

/** Loads the jobs list with one row per entry (events recorded from before the elements connect). */
async function mount(rows: Attrs[], opts: { clock?: Date } = {}): Promise<void> {
  if (opts.clock) await page.clock.install({ time: opts.clock });
  await page.goto(`${HOST}/jobs`);
  await page.evaluate(
    async ({ rows, api, token }) => {
      await customElements.whenDefined("agg-payment-status");
      const w = window as unknown as { events: unknown[] };
      w.events = [];
      document.addEventListener("agg-payment-change", (e) => w.events.push((e as CustomEvent).detail));
      const body = document.getElementById("rows");
      for (const attrs of rows) {
        const tr = document.createElement("tr");
        tr.innerHTML = `<td>${attrs.job ?? "—"}</td><td>Acme Aggregates Ltd</td><td class="pay"></td>`;
        const el = document.createElement("agg-payment-status");
        for (const [k, v] of Object.entries({ api, token, ...attrs })) if (v !== null) el.setAttribute(k, v);
        tr.querySelector(".pay")?.appendChild(el);
        body?.appendChild(tr);
      }
    },
    { rows, api: API, token: STAFF },
  );
}

const el = (job?: string) =>
  job ? page.locator(`agg-payment-status[job="${job}"]`) : page.locator("agg-payment-status").first();
const state = (job?: string) => el(job).getAttribute("state");
const status = (job?: string) => el(job).getByRole("status");
/** The visible words of the status (the screen-reader-only extras left out). */
const shown = (job?: string) =>
  status(job).evaluate((s) => {
    const c = s.cloneNode(true) as HTMLElement;
    for (const sr of c.querySelectorAll(".sr-only")) sr.remove();
    return c.textContent?.replace(/\s+/g, " ").trim() ?? "";
  });

const waitState = (s: string, job?: string) => waitForValue(() => state(job), s);

async function events(): Promise<Array<{ job: string; state: string; payment: JobPayment | null }>> {
  return page.evaluate(() => (window as unknown as { events: [] }).events);
}

const axe = () => expectAccessible(page);

const shot = (name: string, target: Locator = page.locator("main")) =>
  screenshotOf(target, `payment-${name}`);

// ---- invoice states ----------------------------------------------------------------------------

const STATES: Array<{ job: string; lookup: JobPaymentLookup; attr: string; text: string }> = [
  { job: "J-1001", lookup: found(payment("J-1001", "paid")), attr: "paid", text: "Paid" },
  {
    job: "J-1002",
    lookup: found(payment("J-1002", "part_paid", { paidMinor: 20_000 })),
    attr: "part-paid",
    text: "Part paid £200 of £450",
  },
  {
    job: "J-1003",
    lookup: found(payment("J-1003", "awaiting_payment")),
    attr: "awaiting-payment",
    text: "Awaiting payment £450 (due 3 Dec)",
  },
  {
    job: "J-1004",
    lookup: found(payment("J-1004", "overdue", { dueDate: `${YEAR - 1}-11-01`, dueMinor: 45_050 })),
    attr: "overdue",
    text: `Overdue £450.50 (due 1 Nov ${YEAR - 1})`,
  },
  { job: "J-1005", lookup: found(payment("J-1005", "voided")), attr: "voided", text: "Invoice voided" },
  {
    job: "J-1006",
    lookup: found(payment("J-1006", "no_invoice", { totalMinor: 0, invoices: [] })),
    attr: "no-invoice",
    text: "Not invoiced",
  },
  { job: "J-1007", lookup: { state: "not_synced" }, attr: "not-synced", text: "Not synced yet" },
  {
    job: "J-1008",
    lookup: { state: "not_connected", provider: "xero", reason: "No Xero organisation is connected." },
    attr: "not-connected",
    text: "Xero not connected",
  },
  // Never connected: the worker knows no system, so the words name none.
  {
    job: "J-1009",
    lookup: { state: "not_connected" },
    attr: "not-connected",
    text: "Accounts not connected",
  },
  {
    job: "J-1010",
    lookup: {
      state: "not_connected",
      provider: "quickbooks",
      reason: "QuickBooks Online access was revoked.",
    },
    attr: "not-connected",
    text: "QuickBooks Online not connected",
  },
];

describe("<agg-payment-status> invoice states", () => {
  it("shows every Payment Column state in a jobs list, with words, icons and a labelled status", async () => {
    const byJob = new Map(STATES.map((s) => [s.job, s.lookup]));
    api.reply = (job) => ok(byJob.get(job));
    await mount(STATES.map((s) => ({ job: s.job })));
    for (const s of STATES) {
      await waitState(s.attr, s.job);
      expect(await shown(s.job)).toBe(s.text);
      expect(await status(s.job).getAttribute("aria-label")).toBe(`Payment for job ${s.job}`);
      expect(await el(s.job).locator("[part=invoice] svg").count()).toBe(1);
      // Live for changes from now on; the first load was not announced (a list would talk over itself).
      expect(await status(s.job).getAttribute("aria-live")).toBe("polite");
    }
    // Paid: the green background of the Payment Column; nothing else has one.
    const bg = (job: string) =>
      el(job)
        .locator("[part=base]")
        .evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(await bg("J-1001")).not.toBe("rgba(0, 0, 0, 0)");
    expect(await bg("J-1003")).toBe("rgba(0, 0, 0, 0)");
    // The invoice number is there for the curious (tooltip) and for screen readers.
    expect(await el("J-1001").locator("[part=invoice]").getAttribute("title")).toBe("Invoice INV-0042");
    expect(await textOf(status("J-1001"))).toContain("Invoice INV-0042");
    expect(await el("J-1008").locator("[part=invoice]").getAttribute("title")).toBe(
      "No Xero organisation is connected.",
    );
    // One event per row, each with the job, its state and its payment.
    const ev = await events();
    expect(ev.map((e) => [e.job, e.state]).sort()).toEqual(
      STATES.map((s) => [s.job, s.lookup.state === "found" ? s.lookup.payment.state : s.lookup.state]).sort(),
    );
    expect(ev.find((e) => e.job === "J-1002")?.payment?.paidMinor).toBe(20_000);
    expect(ev.find((e) => e.job === "J-1007")?.payment).toBeNull();
    expect(api.calls.every((c) => c.auth === `Bearer ${STAFF}`)).toBe(true);
    await axe();
    await shot("list");
    for (const s of STATES) await shot(s.attr, el(s.job));
  });

  it("shows a skeleton while loading, then the state", async () => {
    const g = gate();
    api.reply = async (job) => {
      await g.promise;
      return ok(found(payment(job, "paid")));
    };
    await mount([{ job: "J-2001" }]);
    await expect.poll(() => api.count()).toBe(1);
    expect(await state()).toBe("loading");
    expect(await textOf(status())).toBe("Checking payment for J-2001…");
    expect(await el().locator("[part=skeleton]").count()).toBe(1);
    expect(await status().getAttribute("aria-live")).toBe("off");
    await axe();
    await shot("loading");
    g.release();
    await waitState("paid");
  });

  it("shows an error with Retry, and Retry recovers", async () => {
    api.reply = () => err(503, "upstream_error", "The accounts service is busy.");
    await mount([{ job: "J-2002" }]);
    await waitState("error");
    expect(await shown()).toBe("Couldn't check payment");
    expect(await textOf(status())).toContain("The accounts service is busy.");
    const retry = el().getByRole("button", { name: "Retry payment check for J-2002" });
    expect(await retry.textContent()).toBe("Retry");
    await axe();
    await shot("error");
    api.reply = (job) => ok(found(payment(job, "part_paid", { paidMinor: 10_000 })));
    await retry.click();
    await waitState("part-paid");
    expect(await shown()).toBe("Part paid £100 of £450");
    expect(api.count()).toBe(2);
  });

  it("says so without a token or a job, and sends nothing", async () => {
    await mount([
      { job: "J-2003", token: null },
      { job: null, token: STAFF },
    ]);
    await waitState("no-token", "J-2003");
    expect(await shown("J-2003")).toBe("Sign-in token missing");
    const noJob = page.locator("agg-payment-status").nth(1);
    await expect.poll(() => noJob.getAttribute("state")).toBe("no-job");
    expect(await textOf(noJob.getByRole("status"))).toBe("No job reference");
    expect(await settled(page)).toEqual([]);
    await axe();
    // A token arriving later starts it.
    await el("J-2003").evaluate((e, t) => e.setAttribute("token", t), STAFF);
    await waitState("awaiting-payment", "J-2003");
  });

  it("encodes the job reference in the path and follows a new job attribute", async () => {
    api.reply = (job) => ok(found(payment(job, job === "J/10 023" ? "overdue" : "paid")));
    await mount([{ job: "J/10 023" }]);
    await waitState("overdue", "J/10 023");
    expect(api.calls[0]?.path).toBe("/api/jobs/J%2F10%20023/payment");
    await el("J/10 023").evaluate((e) => e.setAttribute("job", "J-3000"));
    await waitState("paid", "J-3000");
    expect((await events()).map((e) => [e.job, e.state])).toEqual([
      ["J/10 023", "overdue"],
      ["J-3000", "paid"],
    ]);
  });
});

// ---- card states -------------------------------------------------------------------------------

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

const CARDS: Array<{ name: string; attrs: Attrs; colour: string; text: string }> = [
  {
    name: "card-preauth",
    attrs: { "card-status": "authorised", "card-amount": "450.00", "card-authorised-at": ago(3 * DAY) },
    colour: "yellow",
    text: "Card pre-auth £450",
  },
  {
    name: "card-preauth-19-days",
    attrs: {
      "card-status": "authorised",
      "card-amount": "450",
      "card-authorised-at": ago(20 * DAY - 3_600_000),
    },
    colour: "yellow",
    text: "Card pre-auth £450",
  },
  {
    name: "card-preauth-old",
    attrs: {
      "card-status": "authorised",
      "card-amount": "450.00",
      "card-authorised-at": ago(23 * DAY + 60_000),
    },
    colour: "red",
    text: "Pre-auth 23 days old — may expire",
  },
  {
    name: "card-preauth-near-expiry",
    attrs: { "card-status": "authorised", "card-amount": "450.00", "card-authorised-at": ago(28 * DAY) },
    colour: "red",
    text: "Pre-auth 28 days old — near expiry",
  },
  {
    name: "card-captured",
    attrs: { "card-status": "captured", "card-amount": "450.00" },
    colour: "green",
    text: "Card captured £450",
  },
  {
    name: "card-failed",
    attrs: { "card-status": "failed", "card-amount": "1,250.50" },
    colour: "red",
    text: "Card payment failed £1,250.50",
  },
  { name: "card-expired", attrs: { "card-status": "expired" }, colour: "red", text: "Card pre-auth expired" },
];

describe("<agg-payment-status> card states", () => {
  it("draws yellow, green and red boxes from the host's attributes, with the 20-day rule", async () => {
    api.reply = (job) => ok(found(payment(job, job === "J-4005" ? "paid" : "awaiting_payment")));
    await mount(CARDS.map((c, i) => ({ job: `J-400${i + 1}`, ...c.attrs })));
    for (const [i, c] of CARDS.entries()) {
      const job = `J-400${i + 1}`;
      await waitState(job === "J-4005" ? "paid" : "awaiting-payment", job);
      const card = el(job).locator("[part~=card]");
      expect(await card.getAttribute("data-colour"), c.name).toBe(c.colour);
      expect(await card.getAttribute("part")).toBe(`card card-${c.colour}`);
      expect(await card.locator("svg").count()).toBe(1);
      // Inside the labelled status, after the invoice line: read out together.
      expect(await shown(job)).toContain(c.text);
    }
    // The red boxes still tell you what was pre-authorised (tooltip + screen readers).
    expect(await el("J-4003").locator("[part~=card]").getAttribute("title")).toBe(
      "Card pre-authorised £450 23 days ago",
    );
    // Different shapes, not only colours: pre-auth card, captured tick, ageing hourglass, failed cross.
    const shape = (job: string) => el(job).locator("[part~=card] svg").innerHTML();
    expect(new Set(await Promise.all(["J-4001", "J-4003", "J-4005", "J-4006"].map(shape))).size).toBe(4);
    await axe();
    await shot("cards");
    for (const [i, c] of CARDS.entries()) await shot(c.name, el(`J-400${i + 1}`));
  });

  it("turns red by itself when a pre-auth passes 20 days", async () => {
    const start = new Date(`${YEAR}-11-20T09:00:00Z`);
    const at = new Date(start.getTime() - 20 * DAY + 2 * 3_600_000).toISOString(); // 19 d 22 h old
    api.reply = (job) => ok(found(payment(job, "paid")));
    await mount(
      [{ job: "J-4100", "card-status": "authorised", "card-amount": "450", "card-authorised-at": at }],
      {
        clock: start,
      },
    );
    await waitState("paid");
    expect(await el().locator("[part~=card]").getAttribute("data-colour")).toBe("yellow");
    await page.clock.runFor(2 * 3_600_000 + 1000);
    await expect.poll(() => el().locator("[part~=card]").getAttribute("data-colour")).toBe("red");
    expect(await shown()).toContain("Pre-auth 20 days old — may expire");
  });

  it("ignores unreadable attributes with a visible hint, never an exception or a console message", async () => {
    api.reply = (job) => ok(found(payment(job, "awaiting_payment")));
    await mount([
      {
        job: "J-4201",
        "card-status": "authorised",
        "card-amount": "45,0.0x",
        "card-authorised-at": "last Tuesday",
      },
      { job: "J-4202", "card-status": "pending", "card-amount": "450" },
    ]);
    await waitState("awaiting-payment", "J-4201");
    await waitState("awaiting-payment", "J-4202");
    const card = el("J-4201").locator("[part~=card]");
    expect(await card.getAttribute("data-colour")).toBe("yellow");
    expect(await textOf(card)).toBe("Card pre-auth");
    const hint = await textOf(el("J-4201").locator("[part=hint]"));
    expect(hint).toContain("card-amount “45,0.0x” isn't an amount");
    expect(hint).toContain("card-authorised-at “last Tuesday” isn't a date");
    expect(await el("J-4202").locator("[part~=card]").count()).toBe(0);
    expect(await textOf(el("J-4202").locator("[part=hint]"))).toContain("card-status “pending” isn't one of");
    await axe();
    await shot("hints");
  });

  it("follows the host changing the card attributes", async () => {
    api.reply = (job) => ok(found(payment(job, "awaiting_payment")));
    await mount([{ job: "J-4300", "card-status": "authorised", "card-amount": "450.00" }]);
    await waitState("awaiting-payment");
    expect(await el().locator("[part~=card]").getAttribute("data-colour")).toBe("yellow");
    await el().evaluate((e) => e.setAttribute("card-status", "captured"));
    await expect.poll(() => el().locator("[part~=card]").getAttribute("data-colour")).toBe("green");
    await el().evaluate((e) => e.removeAttribute("card-status"));
    await expect.poll(() => el().locator("[part~=card]").count()).toBe(0);
    expect(api.count()).toBe(1); // card attributes never cost a request
  });
});

// ---- polling -----------------------------------------------------------------------------------

describe("<agg-payment-status> polling", () => {
  /** Advances the fake clock by just under `ms` (no poll yet), then past it (one poll). */
  async function expectPollAfter(ms: number, calls: number): Promise<void> {
    await page.clock.runFor(Math.round(ms * 0.95));
    expect((await settled(page)).length, `no poll before ${ms} ms`).toBe(calls - 1);
    await page.clock.runFor(Math.round(ms * 0.2)); // the per-job spread is at most +10%
    await expect.poll(() => api.count(), { timeout: 8000 }).toBe(calls);
    // The answer handled (so the next poll's timer is set) before the clock moves again: on a
    // loaded machine the next runFor could otherwise start before it, and that poll comes late.
    await settled(page);
  }

  it("backs off 15 s → 30 s → 60 s → 120 s, resets on a change, fires one event per change and stops when paid", async () => {
    let current: JobPaymentState = "awaiting_payment";
    api.reply = (job) =>
      ok(found(payment(job, current, current === "part_paid" ? { paidMinor: 15_000 } : {})));
    await mount([{ job: "J-5001" }], { clock: new Date(`${YEAR}-11-20T09:00:00Z`) });
    await waitState("awaiting-payment");
    expect(api.count()).toBe(1);

    await expectPollAfter(15_000, 2);
    await expectPollAfter(30_000, 3);
    await expectPollAfter(60_000, 4);
    await expectPollAfter(120_000, 5);
    await expectPollAfter(120_000, 6); // capped
    expect((await events()).map((e) => e.state)).toEqual(["awaiting_payment"]); // unchanged polls are quiet

    current = "part_paid";
    await expectPollAfter(120_000, 7);
    await waitState("part-paid");
    await expectPollAfter(15_000, 8); // a change starts the backoff again

    current = "paid";
    await expectPollAfter(30_000, 9);
    await waitState("paid");
    await page.clock.runFor(30 * 60_000);
    expect((await settled(page)).length).toBe(9); // paid: no more polling
    const ev = await events();
    expect(ev.map((e) => e.state)).toEqual(["awaiting_payment", "part_paid", "paid"]);
    expect(ev[1]).toMatchObject({ job: "J-5001", state: "part_paid", payment: { paidMinor: 15_000 } });
    // The host can ask for a check at any time (e.g. a payment was deleted in Xero after all).
    current = "awaiting_payment";
    await el().evaluate((e) => (e as HTMLElement & { refresh(): void }).refresh());
    await waitState("awaiting-payment");
    expect(api.count()).toBe(10);
    await expectPollAfter(15_000, 11); // polling resumes from the first step
  });

  it("pauses while the tab is hidden and catches up when it is shown", async () => {
    await mount([{ job: "J-5002" }], { clock: new Date(`${YEAR}-11-20T09:00:00Z`) });
    await waitState("awaiting-payment");
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await setHidden(true);
    await page.clock.runFor(10 * 60_000);
    expect((await settled(page)).length).toBe(1);
    await setHidden(false);
    await expect.poll(() => api.count()).toBe(2); // overdue: polls at once
    await expectPollAfter(30_000, 3);
  });

  it("keeps showing the last state when a poll fails, and backs off", async () => {
    let fail = false;
    api.reply = (job) =>
      fail
        ? err(503, "upstream_error", "Busy.")
        : ok(found(payment(job, "overdue", { dueDate: `${YEAR}-11-01` })));
    await mount([{ job: "J-5003" }], { clock: new Date(`${YEAR}-11-20T09:00:00Z`) });
    await waitState("overdue");
    fail = true;
    await expectPollAfter(15_000, 2);
    await settled(page);
    expect(await state()).toBe("overdue");
    expect(await el().getByRole("button").count()).toBe(0);
    await expectPollAfter(30_000, 3);
  });

  it("loads rows as they scroll into view, with at most 4 requests in flight", async () => {
    const g = gate();
    api.reply = async (job) => {
      await g.promise;
      return ok(found(payment(job, "awaiting_payment")));
    };
    const rows = Array.from({ length: 60 }, (_, i) => ({ job: `J-6${String(i).padStart(3, "0")}` }));
    await mount(rows);
    await expect.poll(() => api.count()).toBe(4);
    // The page's own record, once every element has updated: no fifth request started while four
    // answers are held back (the queue starts one only when an answer arrives).
    await settledElements(page);
    expect(await sentRequests(page)).toHaveLength(4);
    g.release();
    await waitState("awaiting-payment", "J-6000");
    await expect.poll(() => api.count()).toBeGreaterThan(8);
    const loaded = (await settled(page)).length;
    expect(loaded).toBeLessThan(40); // rows far below the fold wait
    expect(api.maxInflight).toBeLessThanOrEqual(4);
    expect(await state("J-6059")).toBe("loading");
    await el("J-6059").scrollIntoViewIfNeeded();
    await waitState("awaiting-payment", "J-6059");
    expect(api.maxInflight).toBeLessThanOrEqual(4);
  });
});
