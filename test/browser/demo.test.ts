// The demo host as a user meets it: pages load widget.js from the worker's origin without errors,
// every widget element on them renders, the host page itself is accessible; and `npm start`
// boots quickly and leaves nothing running after Ctrl-C.
import { afterAll, describe, expect, inject, it } from "vitest";
import { pickPorts } from "../stack/ports.ts";
import { bootStart, processesMentioning } from "../stack/start-process.ts";
import {
  axeCheck,
  closeBrowser,
  formatViolations,
  type OpenedPage,
  openPage,
  screenshot,
} from "./chromium.ts";
import { clickConnect } from "./connect-menu.ts";

const workerUrl = inject("workerUrl");
const demoUrl = inject("demoUrl");
const WIDGET_TAGS = ["agg-connect-button", "agg-credit-badge", "agg-payment-status", "agg-accounts-settings"];

afterAll(closeBrowser);

/** Real errors: page exceptions, console errors — except HTTP 4xx answers from the worker's API, which are how it reports "not connected" and the like. */
function realErrors(p: OpenedPage): string[] {
  const apiStatus = /Failed to load resource: the server responded with a status of 4\d\d/;
  return [
    ...p.pageErrors,
    ...p.consoleErrors.filter((e) => !(apiStatus.test(e) && e.includes(`${workerUrl}/api/`))),
    ...p.failedRequests,
  ];
}

/** Tags on the page that widget.js defined, each with whether its shadow root rendered something. */
async function renderedWidgets(p: OpenedPage): Promise<Record<string, boolean>> {
  // Admin tags are defined by widget-admin.js, which widget.js imports on seeing them: wait for it.
  const defined = await p.page.evaluate(async (tags) => {
    const onPage = tags.filter((t) => document.querySelector(t));
    const timeout = new Promise((r) => setTimeout(r, 10_000));
    await Promise.race([Promise.all(onPage.map((t) => customElements.whenDefined(t))), timeout]);
    return onPage.filter((t) => customElements.get(t));
  }, WIDGET_TAGS);
  const rendered: Record<string, boolean> = {};
  for (const tag of defined) {
    const ok = await p.page
      .waitForFunction(
        (t) =>
          [...document.querySelectorAll(t)].every((el) => {
            const root = el.shadowRoot;
            return !!root && (root.querySelector("*") !== null || (root.textContent ?? "").trim() !== "");
          }),
        tag,
        { timeout: 10_000 },
      )
      .then(() => true)
      .catch(() => false);
    rendered[tag] = ok;
  }
  return rendered;
}

/** The credit badge's `state` attribute once it has settled (not loading/syncing), or "" meanwhile. */
async function settledBadgeState(p: OpenedPage): Promise<string> {
  const state = (await p.page.locator("agg-credit-badge").getAttribute("state")) ?? "";
  return /^(loading|not-synced|syncing)?$/.test(state) ? "" : state;
}

async function checkPage(path: string, name: string, mustContain: string[]): Promise<void> {
  const p = await openPage(`${demoUrl}${path}`);
  try {
    const widget = p.responses.find((r) => r.url === `${workerUrl}/widget.js`);
    expect(widget?.status, "widget.js loaded from the worker").toBe(200);
    for (const tag of mustContain)
      expect(await p.page.locator(tag).count(), `${tag} on ${path}`).toBeGreaterThan(0);

    const rendered = await renderedWidgets(p);
    expect(Object.keys(rendered).sort(), "every widget element on the page is defined").toEqual(
      [...mustContain].sort(),
    );
    console.log(`${name}: widget elements defined and rendered: ${JSON.stringify(rendered)}`);
    for (const [tag, ok] of Object.entries(rendered))
      expect(ok, `${tag} renders into its shadow root`).toBe(true);

    // Let the elements' first API calls settle before judging errors and taking the picture.
    await p.page.waitForLoadState("networkidle").catch(() => {});
    expect(realErrors(p), "console/page errors").toEqual([]);
    // The admin elements come from widget-admin.js, cross-origin from the worker, on admin pages only.
    const adminChunk = p.responses.filter((r) => r.url.startsWith(`${workerUrl}/widget-admin.js`));
    const hasAdminTags = mustContain.some((t) => t === "agg-connect-button" || t === "agg-accounts-settings");
    expect(
      adminChunk.map((r) => r.status),
      "widget-admin.js fetches",
    ).toEqual(hasAdminTags ? [200] : []);
    await screenshot(p.page, name);

    // The host page's own markup must be accessible; widget internals are checked by their own tests.
    const violations = await axeCheck(p.page, { exclude: WIDGET_TAGS });
    expect(violations, formatViolations(violations)).toEqual([]);
  } finally {
    await p.close();
  }
}

describe("demo host", () => {
  it("booking page loads widget.js and renders every widget element", async () => {
    await checkPage("/", "demo-booking", ["agg-credit-badge", "agg-payment-status"]);
  });

  it("admin page loads widget.js and renders every widget element", async () => {
    await checkPage("/admin", "demo-admin", ["agg-connect-button", "agg-accounts-settings"]);
  });

  it("an admin connects Xero from Admin → Accounts through the consent page, then disconnects", async () => {
    const p = await openPage(`${demoUrl}/admin`);
    try {
      const connect = p.page.getByRole("button", { name: /^connect accounts$/i });
      await connect.waitFor({ timeout: 15_000 });
      const popupOpened = p.context.waitForEvent("page");
      await clickConnect(p.page, "Xero");
      const consent = await popupOpened;
      // The popup goes worker /oauth/xero/start → the emulator's consent page (a different origin).
      const allow = consent.getByRole("button", { name: "Allow access" });
      await allow.waitFor({ timeout: 15_000 });
      await screenshot(consent, "demo-consent");
      await allow.click();
      if (!consent.isClosed()) await consent.waitForEvent("close", { timeout: 20_000 }); // may be gone already

      const card = p.page.locator("agg-connect-button");
      // Locators pierce the element's shadow root.
      await card.getByText(/Demo Aggregates Ltd/).waitFor({ timeout: 15_000 });
      await screenshot(p.page, "demo-admin-connected");
      expect(realErrors(p), "console/page errors").toEqual([]);

      // Staff now see Xero's figures on the booking screen, following the customer picker.
      const booking = await openPage(`${demoUrl}/`);
      try {
        const page = booking.page;
        // ACME01 (well under its limit); the first sync may still be running.
        await expect.poll(() => settledBadgeState(booking), { timeout: 30_000 }).toBe("ok");
        await page.selectOption("#customer", "BRIT01"); // ~79% of its limit, one invoice overdue
        await expect.poll(() => settledBadgeState(booking), { timeout: 15_000 }).toMatch(/warning|overdue/);

        // Over the limit: AGG SMART's page refuses the booking on the badge's signal.
        await page.selectOption("#customer", "CALD01");
        await expect.poll(() => settledBadgeState(booking), { timeout: 15_000 }).toBe("over-limit");
        await page.getByRole("button", { name: "Book job" }).click();
        await expect
          .poll(() => page.locator("#booking-status").textContent())
          .toMatch(/over the credit limit/i);

        await page.selectOption("#customer", "ACME01");
        await expect.poll(() => settledBadgeState(booking), { timeout: 15_000 }).toBe("ok");
        await page.getByRole("button", { name: "Book job" }).click();
        await expect
          .poll(() => page.locator("#booking-status").textContent())
          .toMatch(/^Booked J-\d+ for Acme/);
        expect(await page.locator("#jobs tr").count()).toBe(8);

        // The README picture: a customer near the limit, detail open.
        await page.selectOption("#customer", "BRIT01");
        await expect.poll(() => settledBadgeState(booking), { timeout: 15_000 }).toMatch(/warning|overdue/);
        await page.locator("agg-credit-badge").getByRole("button", { expanded: false }).click();
        await screenshot(page, "demo-booking-connected");
        expect(realErrors(booking), "console/page errors").toEqual([]);
      } finally {
        await booking.close();
      }

      // Leave the shared stack as we found it: disconnect (with its confirmation step).
      await card.getByRole("button", { name: /^disconnect$/i }).click();
      await card
        .getByRole("group")
        .getByRole("button", { name: /^disconnect$/i })
        .click();
      await p.page.getByRole("button", { name: /^connect accounts$/i }).waitFor({ timeout: 15_000 });
    } finally {
      await p.close();
    }
  });

  it("signs staff and admin embed tokens for the host page", async () => {
    for (const role of ["staff", "admin"]) {
      const res = await fetch(`${demoUrl}/token?role=${role}`);
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };
      const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
      expect(claims).toMatchObject({ tenant: "demo-tenant", role, aud: "agg-smart-widget" });
      expect(claims.exp - claims.iat).toBe(3600);
    }
    expect((await fetch(`${demoUrl}/token?role=owner`)).status).toBe(400);
  });
});

describe("npm start", () => {
  it("serves /health, /widget.js and the demo page within 60 s, and Ctrl-C leaves no process", async () => {
    console.log(`test stack (globalSetup) started in ${(inject("stackStartupMs") / 1000).toFixed(1)} s`);
    const ports = await pickPorts({ worker: 28787, demo: 28788, emulator: 28789, qboEmulator: 28790 });
    const run = await bootStart(ports);
    try {
      console.log(`npm start (node test/stack/start.ts) ready in ${(run.readyMs / 1000).toFixed(1)} s`);
      expect(run.readyMs).toBeLessThan(60_000);
      const health = await fetch(`${run.workerUrl}/health`);
      expect(health.status).toBe(200);
      const widget = await fetch(`${run.workerUrl}/widget.js`);
      expect(widget.status).toBe(200);
      expect(widget.headers.get("content-type")).toMatch(/javascript/);
      const page = await (await fetch(`${run.demoUrl}/`)).text();
      expect(page).toContain(`<script type="module" src="${run.workerUrl}/widget.js"></script>`);
      expect(page).toMatch(/<agg-credit-badge [^>]*token="ey[^"]+"/);
      expect(run.output()).toContain("Demo booking page");
      expect(run.output()).toContain(`QBO emulator      http://localhost:${ports.qboEmulator}`);
    } finally {
      const code = await run.interrupt();
      expect(code, run.output()).toBe(0);
    }
    expect(processesMentioning(`:${ports.worker}`), "no workerd left after Ctrl-C").toEqual([]);
    expect(processesMentioning(`--port ${ports.worker}`), "no wrangler left after Ctrl-C").toEqual([]);
  }, 120_000);
});
