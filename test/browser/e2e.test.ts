// End to end in Chromium on the real local stack (worker under wrangler dev, emulator, demo host):
// the acceptance paths of Connect (issue 3), the credit badge (4) and payments (5).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_TENANT_ID, NORTHERN_TENANT_ID } from "../emulator/seed/index.ts";
import { type AggReceiver, startAggReceiver } from "../stack/agg-receiver.ts";
import { readEnvFile } from "../stack/env-file.ts";
import { closeBrowser, type OpenedPage, openPage, screenshot } from "./chromium.ts";

const demoUrl = inject("demoUrl");
const workerUrl = inject("workerUrl");
const emulatorUrl = inject("emulatorUrl");
const TENANT = "demo-tenant";
const serverKey = readEnvFile(inject("envFile")).SERVER_API_KEY ?? "";

const control = async (path: string, init?: RequestInit) =>
  (await fetch(`${emulatorUrl}/_control${path}`, init)).json();
const adminToken = async () =>
  ((await (await fetch(`${demoUrl}/token?role=admin`)).json()) as { token: string }).token;

afterAll(async () => {
  await closeBrowser();
});

/** Admin page: Connect → consent (ticking `tenantIds`) → optional worker picker → popup closes. */
async function connectVia(p: OpenedPage, tenantIds: string[], pick?: string): Promise<void> {
  const popupOpened = p.context.waitForEvent("page");
  await p.page.getByRole("button", { name: /^connect accounts$/i }).click();
  const popup = await popupOpened;
  await popup.getByRole("button", { name: "Allow access" }).waitFor({ timeout: 15_000 });
  for (const box of await popup.locator('input[name="tenant"]').all()) {
    const value = await box.getAttribute("value");
    if (tenantIds.includes(value ?? "")) await box.check();
    else await box.uncheck();
  }
  await popup.getByRole("button", { name: "Allow access" }).click();
  if (pick) {
    await popup.getByRole("heading", { name: /choose the organisation/i }).waitFor({ timeout: 15_000 });
    await screenshot(popup, "e2e-org-picker");
    await popup.getByRole("button", { name: pick }).click();
  }
  await popup.waitForEvent("close", { timeout: 20_000 });
}

async function disconnectVia(p: OpenedPage): Promise<void> {
  const card = p.page.locator("agg-connect-button");
  await card.getByRole("button", { name: /^disconnect$/i }).click();
  await card
    .getByRole("group")
    .getByRole("button", { name: /^disconnect$/i })
    .click();
  await p.page.getByRole("button", { name: /^connect accounts$/i }).waitFor({ timeout: 15_000 });
}

describe("Connect Accounts (issue 3)", () => {
  it("picks Demo Aggregates Ltd of two organisations, connects, then disconnects (Xero side cleaned up)", async () => {
    const p = await openPage(`${demoUrl}/admin`);
    try {
      await p.page.getByRole("button", { name: /^connect accounts$/i }).waitFor({ timeout: 15_000 });
      await connectVia(p, [DEMO_TENANT_ID, NORTHERN_TENANT_ID], "Demo Aggregates Ltd");
      const card = p.page.locator("agg-connect-button");
      await card.getByText(/Connected to .?Demo Aggregates Ltd/).waitFor({ timeout: 15_000 });
      await screenshot(p.page, "e2e-connected");
      const live = (await control("/connections")) as { tenantId: string; deleted: boolean }[];
      expect(live.filter((c) => !c.deleted).map((c) => c.tenantId)).toEqual([DEMO_TENANT_ID]);

      await disconnectVia(p);
      const after = (await control("/connections")) as { deleted: boolean; grantRevoked: boolean }[];
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((c) => c.deleted)).toBe(true);
      expect(after.some((c) => c.grantRevoked)).toBe(true);
      expect(p.pageErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});

describe("credit badge and payments (issues 4 and 5)", () => {
  let admin: OpenedPage;
  let receiver: AggReceiver;
  const received = () => receiver.events;

  beforeAll(async () => {
    receiver = await startAggReceiver();
    admin = await openPage(`${demoUrl}/admin`);
    await admin.page.getByRole("button", { name: /^connect accounts$/i }).waitFor({ timeout: 15_000 });
    await connectVia(admin, [DEMO_TENANT_ID]);
    await admin.page
      .locator("agg-connect-button")
      .getByText(/Demo Aggregates Ltd/)
      .waitFor({ timeout: 15_000 });
    // The settings card on the same page follows the connect button: connected, bank accounts listed.
    const settingsCard = admin.page.locator("agg-accounts-settings");
    await settingsCard
      .getByText(/Demo Aggregates Ltd/)
      .first()
      .waitFor({ timeout: 15_000 });
    await settingsCard
      .locator("select option", { hasText: "090" })
      .waitFor({ state: "attached", timeout: 15_000 });
    await screenshot(admin.page, "e2e-admin-connected");
    // AGG SMART's webhook receiver for this tenant (the admin would type it in Settings).
    const auth = {
      Authorization: `Bearer ${await adminToken()}`,
      "Content-Type": "application/json",
      Origin: demoUrl,
    };
    receiver.secret = (
      (await (
        await fetch(`${workerUrl}/api/settings/webhook-secret`, { method: "POST", headers: auth })
      ).json()) as { secret: string }
    ).secret;
    const url = receiver.url;
    const put = await fetch(`${workerUrl}/api/settings`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ webhookUrl: url }),
    });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await disconnectVia(admin).catch(() => {});
    await admin.close();
    await receiver.close();
  });

  async function lastCredit(page: Page) {
    return page.evaluate(
      () =>
        (
          window as unknown as {
            lastCredit?: {
              state: string;
              position?: { balanceMinor: number; limitMinor: number | null; availableMinor: number | null };
              job?: { wouldExceed: boolean };
              blocked: boolean;
            };
          }
        ).lastCredit,
    );
  }

  it("booking page: the badge shows Xero's numbers; a job value over the limit flips the verdict without asking Xero", async () => {
    const p = await openPage(`${demoUrl}/`);
    try {
      await p.page.evaluate(() => {
        document.addEventListener("agg-credit-change", (e) => {
          (window as unknown as { lastCredit: unknown }).lastCredit = (e as CustomEvent).detail;
        });
      });
      await p.page.selectOption("#customer", "BRIT01");
      await p.page.selectOption("#customer", "ACME01");
      await expect.poll(async () => (await lastCredit(p.page))?.state, { timeout: 40_000 }).toBe("found");
      const xero = (await control(`/orgs/${DEMO_TENANT_ID}/contacts/ACME01/balance`)) as {
        outstanding: number;
        overdue: number;
      };
      const shown = await lastCredit(p.page);
      expect(shown?.position?.balanceMinor).toBe(Math.round(xero.outstanding * 100));
      expect(shown?.position?.limitMinor).toBe(1_000_000);

      const apiCalls = p.responses.filter((r) => r.url.includes("/api/customers/")).length;
      const xeroBefore = (await control("/counters")) as { total: Record<string, number> };
      const available = (shown?.position?.availableMinor ?? 0) / 100;
      await p.page.fill("#job-value", (available + 100).toFixed(2));
      await p.page.locator("#job-value").dispatchEvent("input");
      await expect
        .poll(async () => (await lastCredit(p.page))?.job?.wouldExceed, { timeout: 5_000 })
        .toBe(true);
      expect((await lastCredit(p.page))?.blocked).toBe(true);
      await screenshot(p.page, "e2e-badge-job-over-limit");
      expect(p.responses.filter((r) => r.url.includes("/api/customers/")).length).toBe(apiCalls);
      const xeroAfter = (await control("/counters")) as { total: Record<string, number> };
      expect(xeroAfter.total["GET /api.xro/2.0/Contacts"] ?? 0).toBe(
        xeroBefore.total["GET /api.xro/2.0/Contacts"] ?? 0,
      );
      expect(p.pageErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("paid in Xero → one signed job.paid at AGG SMART and the payment status turns paid", async () => {
    const p = await openPage(`${demoUrl}/`);
    try {
      const status = p.page.locator('agg-payment-status[job="J-10012"]');
      await expect
        .poll(() => status.getAttribute("state"), { timeout: 40_000 })
        .toMatch(/awaiting|overdue|part/);
      const t0 = performance.now();
      await control(`/orgs/${DEMO_TENANT_ID}/invoices/INV-0012/pay`, { method: "POST", body: "{}" });
      await expect
        .poll(() => received().filter((r) => r.job === "J-10012").length, { timeout: 20_000 })
        .toBe(1);
      const ms = performance.now() - t0;
      expect(received().find((r) => r.job === "J-10012")).toMatchObject({
        type: "job.paid",
        signatureOk: true,
      });
      console.log(`paid in the emulator → job.paid received: ${ms.toFixed(0)} ms (webhook path)`);
      // The element polls with backoff (15 s first); it turns green without a reload.
      await expect.poll(() => status.getAttribute("state"), { timeout: 45_000, interval: 1000 }).toBe("paid");
      await screenshot(p.page, "e2e-payment-paid");
      await new Promise((r) => setTimeout(r, 500));
      expect(received().filter((r) => r.job === "J-10012")).toHaveLength(1);
      expect(p.pageErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it("with Xero webhooks off, the next sync finds the payment and does the same", async () => {
    const p = await openPage(`${demoUrl}/`);
    try {
      await control("/webhooks", { method: "POST", body: JSON.stringify({ enabled: false }) });
      const status = p.page.locator('agg-payment-status[job="J-10008"]');
      await expect
        .poll(() => status.getAttribute("state"), { timeout: 40_000 })
        .toMatch(/awaiting|overdue|part/);
      await control(`/orgs/${DEMO_TENANT_ID}/invoices/INV-0008/pay`, { method: "POST", body: "{}" });
      await new Promise((r) => setTimeout(r, 1000));
      expect(received().filter((r) => r.job === "J-10008")).toHaveLength(0); // nothing without a webhook or a sync
      // The scheduled sync, brought forward (it would run within SYNC_INTERVAL_MINUTES by itself).
      const sync = await fetch(`${workerUrl}/v1/tenants/${TENANT}/sync`, {
        method: "POST",
        headers: { Authorization: `Bearer ${serverKey}` },
      });
      expect(sync.status).toBe(202);
      await expect
        .poll(() => received().filter((r) => r.job === "J-10008").length, { timeout: 30_000 })
        .toBe(1);
      expect(received().find((r) => r.job === "J-10008")).toMatchObject({
        type: "job.paid",
        signatureOk: true,
      });
      await expect.poll(() => status.getAttribute("state"), { timeout: 45_000, interval: 1000 }).toBe("paid");
    } finally {
      await control("/webhooks", { method: "POST", body: JSON.stringify({ enabled: true }) });
      await p.close();
    }
  });
});
