// <agg-accounts-settings> in real Chromium against a mocked widget API (no worker needed): the
// Admin page, widget.js and the API (settings, bank accounts, webhook secret, connection) are
// served by context.route(). Each state is checked for its words, focus, the request it sends and
// axe, and screenshotted (test-results/screenshots/settings-*.png).
// Over 12 KB on purpose: every state of one element in one file, sharing one page and mocked API.
import type { Locator, Page, Route } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ConnectionStatus } from "../../shared/connection.ts";
import type { AccountsSettings, BankAccount, SettingsUpdate } from "../../shared/settings.ts";
import {
  API,
  corsHeaders,
  err,
  expectAccessible,
  fakeJwt,
  focusedText,
  fulfillJson,
  gate,
  HOST,
  hostPage,
  ok,
  type Reply,
  screenshotOf,
  settled,
  textOf,
  useWidgetPage,
  waitForValue,
} from "./component-harness.ts";

const ADMIN = fakeJwt("admin");
const STAFF = fakeJwt("staff");

// ---- fixtures ----------------------------------------------------------------------------------

const CONNECTED: ConnectionStatus = {
  status: "connected",
  provider: "xero",
  organisation: { name: "Acme Haulage Ltd", currency: "GBP" },
  connectedAt: "2025-03-03T10:15:00Z",
};
const BANKS: BankAccount[] = [
  { code: "090", name: "Business Account", currency: "GBP", type: "BANK" },
  { code: "091", name: "Business Savings", currency: "GBP", type: "BANK" },
  { code: "092", name: "Euro Account", currency: "EUR", type: "BANK" },
];
function settings(o: Partial<AccountsSettings> = {}): AccountsSettings {
  return {
    pushPayments: { enabled: false, bankAccountCode: null },
    jobMatchField: "Reference",
    warningThreshold: 0.7,
    limitField: "XeroNetworkKey",
    syncIntervalMinutes: 15,
    webhook: { url: null, secretSet: false },
    ...o,
  };
}
const SECRET_1 = "whsec_7Hq2xV9mKc3Lp8RtZ4nBw6Yd1Jf5Gs9f3a";
const SECRET_2 = "whsec_Qm4Tn8Wc2Xr6Vb1Lk9Hp3Zs7Dj5Fy0e7c1";

// ---- the mocked worker -------------------------------------------------------------------------

/** Drop the connection without an answer (a network failure). */
const ABORT = Symbol("abort");

type Handler<A extends unknown[] = []> = (...args: A) => Reply | typeof ABORT | Promise<Reply | typeof ABORT>;

class MockApi {
  calls: { method: string; path: string; body: unknown }[] = [];
  saved: AccountsSettings = settings();
  secrets = [SECRET_1, SECRET_2];
  getSettings: Handler = () => ok(this.saved);
  put: Handler<[SettingsUpdate]> = (u) => {
    this.saved = apply(this.saved, u);
    return ok(this.saved);
  };
  banks: Handler = () => ok({ accounts: BANKS });
  connection: Handler = () => ok(CONNECTED);
  secret: Handler = () => {
    const secret = this.secrets.shift() ?? "whsec_spare";
    this.saved = {
      ...this.saved,
      webhook: { ...this.saved.webhook, secretSet: true, secretHint: secret.slice(-4) },
    };
    return ok({ secret, hint: secret.slice(-4) });
  };
  count(method: string, path: string): number {
    return this.calls.filter((c) => c.method === method && c.path === path).length;
  }
  bodies(method = "PUT"): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.body);
  }
}

/** What the worker does with a valid update (enough for the form). */
function apply(s: AccountsSettings, u: SettingsUpdate): AccountsSettings {
  const next = structuredClone(s);
  if (u.pushPayments?.enabled !== undefined) next.pushPayments.enabled = u.pushPayments.enabled;
  if (u.pushPayments?.bankAccountCode !== undefined) {
    next.pushPayments.bankAccountCode = u.pushPayments.bankAccountCode;
    delete next.pushPayments.problem;
  }
  if (u.jobMatchField) next.jobMatchField = u.jobMatchField;
  if (u.warningThreshold !== undefined) next.warningThreshold = u.warningThreshold;
  if (u.syncIntervalMinutes !== undefined) next.syncIntervalMinutes = u.syncIntervalMinutes;
  if (u.webhookUrl !== undefined) next.webhook.url = u.webhookUrl;
  return next;
}

const HOST_PAGE = hostPage(
  "Admin · Accounts · AGG SMART",
  `<main><h1>Accounts settings</h1><div id="stage"></div></main>`,
);

const CORS = corsHeaders("GET, POST, PUT, DELETE, OPTIONS");

let page: Page;
let api: MockApi;

async function serveApi(route: Route): Promise<void> {
  const req = route.request();
  const method = req.method();
  if (method === "OPTIONS") return route.fulfill({ status: 204, headers: CORS });
  const path = new URL(req.url()).pathname;
  const body: unknown = req.postData() ? JSON.parse(req.postData() ?? "null") : undefined;
  api.calls.push({ method, path, body });
  let reply: Reply | typeof ABORT = err(404, "not_found", "No route");
  if (path === "/api/settings" && method === "GET") reply = await api.getSettings();
  if (path === "/api/settings" && method === "PUT") reply = await api.put(body as SettingsUpdate);
  if (path === "/api/settings/bank-accounts" && method === "GET") reply = await api.banks();
  if (path === "/api/settings/webhook-secret" && method === "POST") reply = await api.secret();
  if (path === "/api/connection" && method === "GET") reply = await api.connection();
  if (reply === ABORT) return route.abort("connectionreset").catch(() => {});
  await fulfillJson(route, reply, CORS).catch(() => {});
}

useWidgetPage({ hostPage: HOST_PAGE, api: serveApi, viewport: { width: 820, height: 900 } }, (opened) => {
  api = new MockApi();
  page = opened.page;
});

// ---- helpers -----------------------------------------------------------------------------------

async function mount(token: string | null = ADMIN, opts: { css?: string } = {}): Promise<void> {
  await page.goto(`${HOST}/admin/accounts`);
  await page.evaluate(
    async ({ api, token, css }) => {
      await customElements.whenDefined("agg-accounts-settings");
      const w = window as unknown as { events: unknown[] };
      w.events = [];
      document.addEventListener("agg-settings-change", (e) => w.events.push((e as CustomEvent).detail));
      if (css) document.head.insertAdjacentHTML("beforeend", `<style>${css}</style>`);
      const el = document.createElement("agg-accounts-settings");
      el.setAttribute("api", api);
      if (token) el.setAttribute("token", token);
      document.getElementById("stage")?.appendChild(el);
    },
    { api: API, token, css: opts.css },
  );
}

const el = () => page.locator("agg-accounts-settings");
const state = () => el().getAttribute("state");
const btn = (name: string) => el().getByRole("button", { name, exact: true });
const bank = () => el().getByLabel("Bank account for payments");
const push = () => el().getByRole("switch", { name: "Mark invoices paid in Xero when paid in AGG SMART" });
const webhook = () => el().getByLabel("AGG SMART webhook URL");
const threshold = () => el().getByLabel("Credit warning threshold");
const interval = () => el().getByLabel("Sync with Xero every");
const save = () => el().locator("[part~=save]");
const saveStatus = () => textOf(el().locator("[part=save-status]"));
/** The inline error a field's aria-describedby points at. */
const errorOf = (field: Locator) =>
  field.evaluate((f) => {
    const root = f.getRootNode() as ShadowRoot;
    const ids = (f.getAttribute("aria-describedby") ?? "").split(" ").filter((i) => i.endsWith("error"));
    return ids.map((i) => root.getElementById(i)?.textContent?.replace(/\s+/g, " ").trim() ?? "").join(" ");
  });

const waitState = (s: string) => waitForValue(state, s);

async function ready(): Promise<void> {
  await waitState("ready");
  await expect.poll(() => bank().locator("option").count()).toBe(BANKS.length + 1);
}

async function events(): Promise<AccountsSettings[]> {
  return page.evaluate(() => (window as unknown as { events: AccountsSettings[] }).events);
}

/** Text of the focused element, looking through shadow roots (its label for a form field). */
const focused = () => focusedText(page);

const axe = () => expectAccessible(page);

const shot = (name: string) => screenshotOf(page.locator("main"), `settings-${name}`);

// ---- tests -------------------------------------------------------------------------------------

describe("<agg-accounts-settings> loading", () => {
  it("shows skeletons, then the connection summary, the bank accounts from Xero and the saved values", async () => {
    const g = gate();
    api.getSettings = async () => {
      await g.promise;
      return ok(api.saved);
    };
    await mount();
    await waitState("loading");
    expect(await textOf(el().getByRole("status").first())).toContain("Checking the accounts connection…");
    expect(await el().locator("[part~=skeleton]").count()).toBeGreaterThan(2);
    await axe();
    await shot("loading");
    g.release();
    await ready();
    const summary = await textOf(el().locator("[part=base] [part=status]").first());
    expect(summary).toContain("Connected to “Acme Haulage Ltd” since 3 Mar 2025");
    expect(summary).toContain("Base currency GBP");
    expect(await bank().locator("option").allTextContents()).toEqual([
      "Choose a bank account…",
      "090 — Business Account (GBP)",
      "091 — Business Savings (GBP)",
      "092 — Euro Account (EUR)",
    ]);
    expect(await bank().inputValue()).toBe("");
    expect(await push().isChecked()).toBe(false);
    expect(
      await el()
        .getByRole("radio", { name: /^Reference/ })
        .isChecked(),
    ).toBe(true);
    expect(await webhook().inputValue()).toBe("");
    expect(await textOf(el().locator("[part=secret-state]"))).toBe("Not set");
    expect(await threshold().inputValue()).toBe("70");
    expect(await interval().inputValue()).toBe("15");
    expect(await save().getAttribute("aria-disabled")).toBe("true");
    expect(await save().textContent()).toBe("Save changes");
    expect(await events()).toEqual([]);
    await axe();
    await shot("loaded");
  });

  it("shows a load failure with Retry, and Retry recovers", async () => {
    api.getSettings = () => err(500, "internal_error", "The accounts service is having a problem.");
    await mount();
    await waitState("error");
    expect(await textOf(el().getByRole("status"))).toContain("Couldn't load the accounts settings");
    expect(await textOf(el().getByRole("status"))).toContain("The accounts service is having a problem.");
    await axe();
    await shot("load-error");
    api.getSettings = () => ok(api.saved);
    await btn("Retry").click();
    await ready();
  });

  it("tells a not-connected tenant to connect first, in the summary and the bank picker", async () => {
    api.connection = () => ok({ status: "not_connected" });
    api.banks = () => err(409, "not_connected", "Xero is not connected.");
    await mount();
    await waitState("ready");
    await expect.poll(() => bank().isDisabled()).toBe(true);
    expect(await textOf(el().locator("[part=base] [part=status]").first())).toContain("Not connected");
    expect(await textOf(el().locator("#bank-hint"))).toBe("Connect Xero to choose a bank account.");
    // The status said "not connected": the bank list is not asked for (it could only answer 409).
    expect(api.count("GET", "/api/settings/bank-accounts")).toBe(0);
    await axe();
    await shot("not-connected");
  });
});

describe("<agg-accounts-settings> for staff", () => {
  it("shows a read-only note and requests nothing", async () => {
    await mount(STAFF);
    await waitState("read-only");
    expect(await textOf(el().getByRole("status"))).toContain("Accounts settings are for admins");
    expect(await el().locator("input, select, button").count()).toBe(0);
    expect(await settled(page)).toEqual([]);
    await axe();
    await shot("staff");
  });

  it("turns read-only when the server refuses an admin-looking token", async () => {
    api.getSettings = () => err(403, "forbidden", "Admins only.");
    await mount();
    await waitState("read-only");
    expect(await textOf(el().getByRole("status"))).toContain("Accounts settings are for admins");
  });
});

describe("<agg-accounts-settings> payments to Xero", () => {
  it("won't enable the switch without a bank account; picking one, enabling and saving works", async () => {
    await mount();
    await ready();
    await push().click();
    expect(await push().isChecked()).toBe(false);
    expect(await errorOf(push())).toBe("Choose a bank account above first: payments are recorded into it.");
    expect(await push().getAttribute("aria-invalid")).toBe("true");
    expect(await save().getAttribute("aria-disabled")).toBe("true");
    await axe();
    await shot("switch-needs-account");

    await bank().selectOption("090");
    expect(await errorOf(push())).toBe("");
    // Keyboard: Space toggles the switch.
    await push().focus();
    await page.keyboard.press("Space");
    expect(await push().isChecked()).toBe(true);
    expect(await save().getAttribute("aria-disabled")).toBe("false");

    const g = gate();
    const put = api.put;
    api.put = async (u) => {
      await g.promise;
      return put(u);
    };
    await save().click();
    await waitState("saving");
    expect(await save().textContent()).toBe("Saving…");
    expect(await saveStatus()).toBe("Saving…");
    g.release();
    await waitState("ready");
    await expect.poll(saveStatus).toBe("Saved");
    expect(api.bodies()).toEqual([{ pushPayments: { enabled: true, bankAccountCode: "090" } }]);
    expect(await save().getAttribute("aria-disabled")).toBe("true");
    expect(await focused()).toBe("Save changes"); // focus stays on Save (aria-disabled, not disabled)
    const ev = await events();
    expect(ev).toHaveLength(1);
    expect(ev[0]?.pushPayments).toEqual({ enabled: true, bankAccountCode: "090" });
    await axe();
    await shot("saved");
  });

  it("shows a stopped-payments problem prominently, with the missing account still selected", async () => {
    api.saved = settings({
      pushPayments: {
        enabled: true,
        bankAccountCode: "095",
        problem: "Bank account 095 was archived in Xero.",
      },
    });
    await mount();
    await waitState("ready");
    // The saved account is kept as an option of its own, after Xero's list.
    await expect.poll(() => bank().locator("option").count()).toBe(BANKS.length + 2);
    const problem = el().getByRole("alert");
    expect(await textOf(problem)).toBe(
      "Payments to Xero have stopped. Bank account 095 was archived in Xero. Choose another bank account and save.",
    );
    expect(await bank().inputValue()).toBe("095");
    await expect.poll(() => bank().locator("option:checked").textContent()).toBe("095 — not found in Xero");
    await axe();
    await shot("problem");
    await bank().selectOption("091");
    await save().click();
    await expect.poll(saveStatus).toBe("Saved");
    expect(api.bodies()).toEqual([{ pushPayments: { bankAccountCode: "091" } }]);
    await expect.poll(() => el().getByRole("alert").count()).toBe(0);
  });

  it("shows loading while Xero is slow, and an error with Retry when the bank list fails", async () => {
    const g = gate();
    api.banks = async () => {
      await g.promise;
      return err(503, "upstream_error", "Xero is not answering right now.");
    };
    await mount();
    await waitState("ready");
    expect(await textOf(el().locator("#bank-hint"))).toBe("Loading bank accounts from Xero…");
    expect(await bank().getAttribute("aria-busy")).toBe("true");
    await shot("banks-loading");
    g.release();
    await expect
      .poll(() => errorOf(bank()))
      .toBe("Couldn't load bank accounts from Xero. Xero is not answering right now.");
    await axe();
    await shot("banks-error");
    api.banks = () => ok({ accounts: BANKS });
    await btn("Retry").click();
    await ready();
    expect(await focused()).toBe("Bank account for payments");
    expect(api.count("GET", "/api/settings/bank-accounts")).toBe(2);
  });

  it("says when Xero has no bank account that takes payments", async () => {
    api.banks = () => ok({ accounts: [] });
    await mount();
    await waitState("ready");
    await expect
      .poll(() => textOf(el().locator("#bank-hint")))
      .toContain("No bank account in Xero takes payments.");
    expect(await btn("Reload").count()).toBe(1);
    await axe();
  });
});

describe("<agg-accounts-settings> saving", () => {
  it("shows the server's field error inline, keeps the input, then saves the fix", async () => {
    api.put = (u) =>
      u.webhookUrl === "https://10.0.0.5/hooks/xero"
        ? err(400, "validation_failed", "AGG SMART's receiver must be a public address.", [
            { path: "webhookUrl", message: "AGG SMART's receiver must be a public address." },
          ])
        : ok((api.saved = apply(api.saved, u)));
    await mount();
    await ready();
    await webhook().fill("https://10.0.0.5/hooks/xero");
    await threshold().fill("80");
    await save().click();
    await expect.poll(() => errorOf(webhook())).toBe("AGG SMART's receiver must be a public address.");
    expect(await webhook().getAttribute("aria-invalid")).toBe("true");
    expect(await webhook().inputValue()).toBe("https://10.0.0.5/hooks/xero");
    expect(await threshold().inputValue()).toBe("80");
    expect(await focused()).toBe("AGG SMART webhook URL");
    expect(await saveStatus()).toBe("Check the highlighted fields.");
    expect(await events()).toEqual([]);
    await axe();
    await shot("validation");

    await webhook().fill("https://hooks.aggsmart.example/xero");
    expect(await errorOf(webhook())).toBe(""); // editing clears the server's message
    await save().click();
    await expect.poll(saveStatus).toBe("Saved");
    expect(api.bodies()).toEqual([
      { webhookUrl: "https://10.0.0.5/hooks/xero", warningThreshold: 0.8 },
      { webhookUrl: "https://hooks.aggsmart.example/xero", warningThreshold: 0.8 },
    ]);
    expect((await events()).at(-1)?.webhook.url).toBe("https://hooks.aggsmart.example/xero");
  });

  it("checks fields before sending: https only, percent 1–100, whole minutes", async () => {
    await mount();
    await ready();
    await webhook().fill("http://hooks.aggsmart.example/xero");
    await threshold().fill("150");
    await interval().fill("2.5");
    await save().click();
    expect(await errorOf(webhook())).toBe("Use an https:// address: events are signed, not encrypted.");
    expect(await errorOf(threshold())).toBe("Enter a percentage from 1 to 100.");
    expect(await errorOf(interval())).toBe("Enter whole minutes from 1 to 1440.");
    expect(await focused()).toBe("AGG SMART webhook URL");
    expect(api.count("PUT", "/api/settings")).toBe(0);
    await axe();
    await shot("client-errors");
    // A receiver on this machine may use http (as the server allows, for local testing).
    await webhook().fill("http://localhost:9000/agg");
    await threshold().fill("72.5");
    await interval().fill("30");
    await save().click();
    await expect.poll(saveStatus).toBe("Saved");
    expect(api.bodies()).toEqual([
      { webhookUrl: "http://localhost:9000/agg", warningThreshold: 0.725, syncIntervalMinutes: 30 },
    ]);
    expect(await threshold().inputValue()).toBe("72.5");
  });

  it("changes job matching with the keyboard, and Discard puts everything back", async () => {
    await mount();
    await ready();
    await el()
      .getByRole("radio", { name: /^Reference/ })
      .focus();
    await page.keyboard.press("ArrowDown");
    expect(
      await el()
        .getByRole("radio", { name: /^Invoice number/ })
        .isChecked(),
    ).toBe(true);
    await interval().fill("45");
    await btn("Discard changes").click();
    expect(
      await el()
        .getByRole("radio", { name: /^Reference/ })
        .isChecked(),
    ).toBe(true);
    expect(await interval().inputValue()).toBe("15");
    expect(await save().getAttribute("aria-disabled")).toBe("true");
    // Enter in a field saves, like any form.
    await el()
      .getByRole("radio", { name: /^Invoice number/ })
      .check();
    await interval().fill("45");
    await page.keyboard.press("Enter");
    await expect.poll(saveStatus).toBe("Saved");
    expect(api.bodies()).toEqual([{ jobMatchField: "InvoiceNumber", syncIntervalMinutes: 45 }]);
  });

  it("keeps everything after a network error, and Retry saves it", async () => {
    api.put = () => ABORT;
    await mount();
    await ready();
    await bank().selectOption("092");
    await webhook().fill("https://hooks.aggsmart.example/xero");
    await save().click();
    await expect
      .poll(saveStatus)
      .toBe(
        "Couldn't save. Could not reach AGG SMART Accounts Connect. Check your connection. Your changes are still here.",
      );
    expect(await save().textContent()).toBe("Retry");
    expect(await bank().inputValue()).toBe("092");
    expect(await webhook().inputValue()).toBe("https://hooks.aggsmart.example/xero");
    await axe();
    await shot("save-failed");
    api.put = (u) => ok((api.saved = apply(api.saved, u)));
    await btn("Retry").click();
    await expect.poll(saveStatus).toBe("Saved");
    expect(api.bodies().at(-1)).toEqual({
      pushPayments: { bankAccountCode: "092" },
      webhookUrl: "https://hooks.aggsmart.example/xero",
    });
  });

  it("renews an expired token without losing the form", async () => {
    const fresh = fakeJwt("admin", "u-fresh");
    await mount();
    await ready();
    await page.evaluate((t) => {
      document.addEventListener("agg-token-expired", (e) => (e.target as Element).setAttribute("token", t));
      (window as unknown as { AggSmartWidget: unknown }).AggSmartWidget = { getToken: () => t };
    }, fresh);
    let first = true;
    const put = api.put;
    api.put = (u) => {
      if (first) {
        first = false;
        return err(401, "token_expired", "Your sign-in has expired.");
      }
      return put(u);
    };
    await interval().fill("20");
    await save().click();
    await expect.poll(saveStatus).toBe("Saved");
    expect(api.count("GET", "/api/settings")).toBe(1); // no reload
    expect(await interval().inputValue()).toBe("20");
  });
});

describe("<agg-accounts-settings> signing secret", () => {
  it("shows a new secret once with Copy; rotating asks first", async () => {
    // The test host is plain http (no Clipboard API there); AGG SMART's https pages have one.
    await page.addInitScript(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      Object.defineProperty(navigator, "clipboard", {
        value: { writeText: async (t: string) => void w.copied.push(t) },
      });
    });
    await mount();
    await ready();
    await btn("Generate secret").click();
    const value = el().getByLabel("New signing secret");
    await expect.poll(() => value.inputValue()).toBe(SECRET_1);
    expect(await value.getAttribute("readonly")).not.toBeNull();
    expect(await textOf(el().locator("#fresh-hint"))).toBe(
      "Copy it now and paste it into AGG SMART — you won't see it again.",
    );
    expect(await textOf(el().locator("[part=secret-state]"))).toBe("Set (…9f3a)");
    expect(await focused()).toBe("Copy");
    expect((await events()).at(-1)?.webhook).toEqual({ url: null, secretSet: true, secretHint: "9f3a" });
    await btn("Copy").click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { copied: string[] }).copied))
      .toEqual([SECRET_1]);
    expect(await textOf(el().locator(".copy-status"))).toBe("Copied to the clipboard.");
    await axe();
    await shot("secret");

    await btn("Done").click();
    expect(await el().evaluate((e) => e.shadowRoot?.innerHTML.includes("whsec_") ?? true)).toBe(false);
    expect(await focused()).toBe("Rotate secret…");

    await btn("Rotate secret…").click();
    expect(await textOf(el().locator("[part=confirm]"))).toContain("Rotate the signing secret?");
    expect(await focused()).toBe("Cancel");
    await axe();
    await shot("rotate-confirm");
    await page.keyboard.press("Escape");
    expect(await el().locator("[part=confirm]").count()).toBe(0);
    expect(api.count("POST", "/api/settings/webhook-secret")).toBe(1);

    await btn("Rotate secret…").click();
    await btn("Rotate secret").click();
    await expect.poll(() => value.inputValue()).toBe(SECRET_2);
    expect(await textOf(el().locator("[part=secret-state]"))).toBe("Set (…e7c1)");
    expect(api.count("POST", "/api/settings/webhook-secret")).toBe(2);
    expect(await save().getAttribute("aria-disabled")).toBe("true"); // not a form change
  });

  it("shows a secret failure with Retry", async () => {
    api.secret = () => err(503, "upstream_error", "Couldn't store the secret. Try again.");
    await mount();
    await ready();
    await btn("Generate secret").click();
    await expect
      .poll(() => textOf(el().locator("#secret-error")))
      .toBe("Couldn't store the secret. Try again.");
    expect(await focused()).toBe("Retry");
    api.secret = () => ok({ secret: SECRET_1, hint: "9f3a" });
    await btn("Retry").click();
    await expect.poll(() => el().getByLabel("New signing secret").inputValue()).toBe(SECRET_1);
    // Without a Clipboard API (plain http): the secret is selected and the user is told to press Ctrl+C.
    await btn("Copy").click();
    await expect
      .poll(() => textOf(el().locator(".copy-status")))
      .toBe("Couldn't copy: the secret is selected, press Ctrl+C (⌘C on a Mac).");
    expect(await focused()).toBe("New signing secret");
  });
});

describe("<agg-accounts-settings> theming", () => {
  it("takes the host's custom properties and ::part styles", async () => {
    await mount(ADMIN, {
      css: `agg-accounts-settings { --agg-primary: rgb(120, 0, 120); }
            agg-accounts-settings::part(save) { border-radius: 0px; }`,
    });
    await ready();
    await interval().fill("20");
    const style = await save().evaluate((b) => {
      const s = getComputedStyle(b);
      return [s.backgroundColor, s.borderTopLeftRadius];
    });
    expect(style).toEqual(["rgb(120, 0, 120)", "0px"]);
  });
});

describe("<agg-accounts-settings> names the tenant's accounting system", () => {
  it("QuickBooks Online: its name, deposit accounts and the mark-paid switch", async () => {
    api.connection = () => ok({ ...CONNECTED, provider: "quickbooks" });
    // QuickBooks links jobs by invoice number (DocNumber) only: the worker offers just that field.
    api.saved = settings({
      jobMatchField: "InvoiceNumber",
      limitField: "Fax",
      options: {
        limitFields: [{ value: "Fax", label: "Fax" }],
        jobMatchFields: [{ value: "InvoiceNumber", label: "Invoice number (DocNumber)" }],
      },
    });
    await mount();
    await waitState("ready");
    expect(await el().locator("input[name=match]").count()).toBe(1);
    expect(
      await el()
        .getByRole("radio", { name: /Invoice number/ })
        .isChecked(),
    ).toBe(true);
    expect(await textOf(el().locator("[part=title]"))).toBe("QuickBooks Online");
    expect(await textOf(el().locator("#h-payments"))).toBe("Payments to QuickBooks Online");
    const deposit = el().getByLabel("Deposit account for payments");
    await expect.poll(() => deposit.locator("option").count()).toBe(BANKS.length + 1);
    expect(await textOf(el().locator("#bank-hint"))).toBe(
      "Active QuickBooks Online deposit accounts that accept payments.",
    );
    expect(
      await el()
        .getByRole("switch", { name: "Mark invoices paid in QuickBooks Online when paid in AGG SMART" })
        .count(),
    ).toBe(1);
    expect(await el().getByLabel("Sync with QuickBooks Online every").count()).toBe(1);
    const text = await textOf(el().locator("[part=base].settings"));
    expect(text).not.toContain("Xero");
    await axe();
    await shot("quickbooks");
  });

  it("connecting another system while the card is open re-reads its settings (fields and job-match options)", async () => {
    api.connection = () => ok({ status: "not_connected", providers: ["xero", "quickbooks"] });
    api.banks = () => err(409, "not_connected", "No accounting system is connected.");
    await mount();
    await waitState("ready");
    expect(await el().locator("input[name=match]").count()).toBe(2);
    // Connect Accounts on the same page connects QuickBooks Online and says so.
    const quickbooks: ConnectionStatus = { ...CONNECTED, provider: "quickbooks" };
    api.connection = () => ok(quickbooks);
    api.banks = () => ok({ accounts: BANKS });
    api.saved = settings({
      jobMatchField: "InvoiceNumber",
      limitField: "Fax",
      options: {
        limitFields: [{ value: "Fax", label: "Fax" }],
        jobMatchFields: [{ value: "InvoiceNumber", label: "Invoice number (DocNumber)" }],
      },
    });
    await page.evaluate((detail) => {
      const button = document.createElement("agg-stand-in-button");
      document.body.appendChild(button);
      button.dispatchEvent(
        new CustomEvent("agg-connection-change", { detail, bubbles: true, composed: true }),
      );
    }, quickbooks);
    await expect.poll(() => el().locator("input[name=match]").count()).toBe(1);
    expect(
      await el()
        .getByRole("radio", { name: /Invoice number/ })
        .isChecked(),
    ).toBe(true);
    expect(await textOf(el().locator("#h-payments"))).toBe("Payments to QuickBooks Online");
    expect(api.count("GET", "/api/settings")).toBe(2);
  });

  it("Sage 50: no mark-paid switch, because payments can't be pushed to it", async () => {
    api.connection = () => ok({ ...CONNECTED, provider: "sage50" });
    await mount();
    await waitState("ready");
    expect(await textOf(el().locator("[part=title]"))).toBe("Sage 50");
    expect(await el().getByRole("switch").count()).toBe(0);
    expect(await textOf(el().locator("[part=base].settings"))).toContain(
      "Sage 50 is read-only over ODBC: mark payments in Sage.",
    );
    expect(await textOf(el().locator("[part=base].settings"))).toContain(
      "Minutes between the Sage 50 connector's syncs.",
    );
    await axe();
  });

  it("not connected with several systems on offer: neutral words, never a guessed name", async () => {
    api.connection = () => ok({ status: "not_connected", providers: ["xero", "quickbooks"] });
    api.banks = () => err(409, "not_connected", "No accounting system is connected.");
    await mount();
    await waitState("ready");
    expect(await textOf(el().locator("[part=title]"))).toBe("Accounts");
    expect(await textOf(el().locator("#h-payments"))).toBe("Payments to your accounting system");
    expect(await textOf(el().locator("#bank-hint"))).toBe("Connect your accounts to choose a bank account.");
    expect(await textOf(el().locator("[part=base].settings"))).not.toContain("Xero");
    await axe();
  });
});
