// End to end in Chromium on the real local stack, QuickBooks Online side (issue 10 item 9): the
// demo's second business, Demo Quarry Ltd (?business=quarry), connects QuickBooks through the
// QuickBooks emulator's consent page; the credit badge reads limits from Fax; a payment made in
// QuickBooks reaches AGG SMART as a signed job.paid; a payment pushed from AGG SMART whose
// response is lost is retried into exactly one QuickBooks payment.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_QBO_IDS, DEMO_REALM_ID } from "../qbo-emulator/seed/index.ts";
import { type AggReceiver, startAggReceiver } from "../stack/agg-receiver.ts";
import { readEnvFile } from "../stack/env-file.ts";
import { closeBrowser, type OpenedPage, openPage, screenshot } from "./chromium.ts";
import { clickConnect } from "./connect-menu.ts";

const demoUrl = inject("demoUrl");
const workerUrl = inject("workerUrl");
const qboUrl = inject("qboEmulatorUrl");
const TENANT = "quarry-tenant";
const Q = "?business=quarry";
const serverKey = readEnvFile(inject("envFile")).SERVER_API_KEY ?? "";
const server = { Authorization: `Bearer ${serverKey}` };
const ids = DEMO_QBO_IDS.customers;

const control = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${qboUrl}/_control${path}`, {
    ...init,
    headers: { "Content-Type": "application/json" },
  });
  expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
  return res.json();
};
const adminToken = async () =>
  ((await (await fetch(`${demoUrl}/token?role=admin&business=quarry`)).json()) as { token: string }).token;

afterAll(async () => {
  await closeBrowser();
});

/** Quarry admin page: Connect Accounts → QuickBooks Online → consent, picking `company` → popup closes. */
async function connectQuickBooks(p: OpenedPage, company: string): Promise<void> {
  const popupOpened = p.context.waitForEvent("page");
  await clickConnect(p.page, "QuickBooks Online");
  const popup = await popupOpened;
  const connect = popup.getByRole("button", { name: "Connect", exact: true });
  await connect.waitFor({ timeout: 15_000 });
  await popup.getByLabel(company).check();
  await screenshot(popup, "e2e-qbo-consent");
  // Listen before clicking: the popup can close before a listener added after the click exists.
  const closed = popup.waitForEvent("close", { timeout: 30_000 });
  await connect.click();
  await closed;
}

async function lastCredit(page: Page) {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          lastCredit?: { state: string; position?: { balanceMinor: number; limitMinor: number | null } };
        }
      ).lastCredit,
  );
}

describe("Demo Quarry Ltd on QuickBooks Online (issue 10 item 9)", () => {
  let admin: OpenedPage;
  let receiver: AggReceiver;

  beforeAll(async () => {
    receiver = await startAggReceiver();
    admin = await openPage(`${demoUrl}/admin${Q}`);
    await admin.page.getByRole("button", { name: /^connect accounts$/i }).waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    const card = admin.page.locator("agg-connect-button");
    await card
      .getByRole("button", { name: /^disconnect$/i })
      .click({ timeout: 5_000 })
      .then(() =>
        card
          .getByRole("group")
          .getByRole("button", { name: /^disconnect$/i })
          .click(),
      )
      .then(() =>
        admin.page.getByRole("button", { name: /^connect accounts$/i }).waitFor({ timeout: 15_000 }),
      )
      .catch(() => {});
    await admin.close();
    await receiver.close();
  });

  it("the admin page says which business; Connect Accounts → QuickBooks Online → Demo Quarry Ltd connects", async () => {
    const header = admin.page.locator("header .business");
    expect(await header.textContent()).toMatch(/Demo Quarry Ltd\s*books in QuickBooks Online/);
    await connectQuickBooks(admin, "Demo Quarry Ltd");
    const card = admin.page.locator("agg-connect-button");
    await card.getByText(/Connected to .?Demo Quarry Ltd/).waitFor({ timeout: 15_000 });
    const grants = (await control("/connections")) as { realmId: string; revoked: boolean }[];
    expect(grants.filter((g) => !g.revoked).map((g) => g.realmId)).toEqual([DEMO_REALM_ID]);
    // The settings card follows: QuickBooks' deposit accounts listed.
    const settings = admin.page.locator("agg-accounts-settings");
    await settings
      .locator(`select#bank option[value="${DEMO_QBO_IDS.accounts.bank}"]`)
      .waitFor({ state: "attached", timeout: 15_000 });
    await screenshot(admin.page, "e2e-qbo-admin-connected");
    // AGG SMART's webhook receiver for this tenant.
    const auth = {
      Authorization: `Bearer ${await adminToken()}`,
      "Content-Type": "application/json",
      Origin: demoUrl,
    };
    receiver.secret = (
      (await (
        await fetch(`${workerUrl}/api/settings/webhook-secret`, { method: "POST", headers: auth })
      ).json()) as {
        secret: string;
      }
    ).secret;
    const put = await fetch(`${workerUrl}/api/settings`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ webhookUrl: receiver.url }),
    });
    expect(put.status).toBe(200);
    expect(admin.pageErrors).toEqual([]);
  });

  it("booking page: the badge shows a limit typed in Fax; a real fax number is 'no credit limit set'", async () => {
    const p = await openPage(`${demoUrl}/${Q}`);
    try {
      await p.page.evaluate(() => {
        document.addEventListener("agg-credit-change", (e) => {
          (window as unknown as { lastCredit: unknown }).lastCredit = (e as CustomEvent).detail;
        });
      });
      const badge = p.page.locator("agg-credit-badge");
      await p.page.selectOption("#customer", ids.dale ?? "");
      await p.page.selectOption("#customer", ids.acme ?? "");
      await expect.poll(async () => (await lastCredit(p.page))?.state, { timeout: 40_000 }).toBe("found");
      const acme = await lastCredit(p.page);
      // Fax "10000"; open invoices J-20002 £480.50 (J-20001 is paid) in the QuickBooks demo seed.
      expect(acme?.position?.limitMinor).toBe(1_000_000);
      expect(acme?.position?.balanceMinor).toBe(48_050);
      await expect.poll(() => badge.getAttribute("state"), { timeout: 15_000 }).toBe("ok");

      // Dale Plant Hire's Fax is a real fax number, "01234 567890": never read as a limit.
      await p.page.selectOption("#customer", ids.dale ?? "");
      await expect.poll(() => badge.getAttribute("state"), { timeout: 15_000 }).toBe("no-limit");
      await badge.getByText("No credit limit set").first().waitFor({ timeout: 5_000 });
      await screenshot(p.page, "e2e-qbo-booking");
      expect(p.pageErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("paid in QuickBooks → the job's payment status turns paid and one signed job.paid reaches AGG SMART", async () => {
    const p = await openPage(`${demoUrl}/${Q}`);
    try {
      const status = p.page.locator('agg-payment-status[job="J-20007"]');
      await expect
        .poll(() => status.getAttribute("state"), { timeout: 40_000 })
        .toMatch(/awaiting|overdue|part/);
      await control(`/companies/${DEMO_REALM_ID}/invoices/J-20007/pay`, { method: "POST", body: "{}" });
      await expect
        .poll(() => receiver.events.filter((r) => r.job === "J-20007").length, { timeout: 30_000 })
        .toBe(1);
      expect(receiver.events.find((r) => r.job === "J-20007")).toMatchObject({
        type: "job.paid",
        signatureOk: true,
      });
      await expect.poll(() => status.getAttribute("state"), { timeout: 45_000, interval: 1000 }).toBe("paid");
      await screenshot(p.page, "e2e-qbo-payment-paid");
      expect(p.pageErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("payments on (deposit account picked in settings); a pushed payment whose response is lost, retried → one QuickBooks payment", async () => {
    const settings = admin.page.locator("agg-accounts-settings");
    await settings.locator("select#bank").selectOption(DEMO_QBO_IDS.accounts.bank);
    await settings.locator("#push").check();
    await settings.getByRole("button", { name: "Save changes" }).click();
    await settings.getByText("Saved").waitFor({ timeout: 15_000 });
    await screenshot(admin.page, "e2e-qbo-admin-payments-on");

    const changesBefore = ((await control("/changes")) as unknown[]).length;
    await control("/faults", {
      method: "POST",
      body: JSON.stringify({
        pathPrefix: `/v3/company/${DEMO_REALM_ID}/payment`,
        method: "POST",
        kind: "drop_response",
        count: 1,
      }),
    });
    const push = () =>
      fetch(`${workerUrl}/v1/tenants/${TENANT}/jobs/J-20009/payments`, {
        method: "POST",
        headers: { ...server, "Content-Type": "application/json" },
        body: JSON.stringify({ paymentId: "agg-pay-quarry-1", amount: "4000.00", date: today() }),
      });
    const first = await push();
    const firstBody = await first.text();
    // The worker either finds the payment it made (201) or says "retry with the same paymentId" (503).
    expect([201, 503], firstBody).toContain(first.status);
    const retry = await push();
    const result = (await retry.json()) as {
      providerPaymentId: string;
      amountMinor: number;
      accountCode: string;
    };
    expect([200, 201]).toContain(retry.status);
    expect(result).toMatchObject({ amountMinor: 400_000, accountCode: DEMO_QBO_IDS.accounts.bank });
    const again = await push();
    expect(((await again.json()) as { providerPaymentId: string }).providerPaymentId).toBe(
      result.providerPaymentId,
    );

    // The lost response did happen: the rule fired (a spent rule leaves the list; an unspent one stays).
    const faults = (await control("/faults")) as { kind: string }[];
    expect(faults.filter((f) => f.kind === "drop_response")).toEqual([]);
    const created = (
      (await control("/changes")) as { realmId: string; entity: string; operation: string; id: string }[]
    )
      .slice(changesBefore)
      .filter((ch) => ch.realmId === DEMO_REALM_ID && ch.entity === "Payment" && ch.operation === "Create");
    expect(created.map((ch) => ch.id)).toEqual([result.providerPaymentId]);
    console.log(
      `lost response: first answer ${first.status}, retry ${retry.status}; QuickBooks payments made: ${created.length}`,
    );
  });

  it("every QuickBooks answer of this run passed the schema check (Intuit's documented entity fields)", async () => {
    const log = (await control("/conformance")) as { checked: number; violations: string[] };
    expect(log.checked).toBeGreaterThan(10);
    expect(log.violations).toEqual([]);
  });
});

function today(): string {
  return new Date().toISOString().slice(0, 10);
}
