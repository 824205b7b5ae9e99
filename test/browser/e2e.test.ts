// End to end in Chromium on the real local stack (worker under wrangler dev, emulator, demo host):
// the acceptance paths of Connect (issue 3), the credit badge (4) and payments (5).
// Over 12 KB on purpose: the Xero acceptance paths share one connected stack, in order.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_TENANT_ID, NORTHERN_TENANT_ID } from "../emulator/seed/index.ts";
import { type AggReceiver, startAggReceiver } from "../stack/agg-receiver.ts";
import { readEnvFile } from "../stack/env-file.ts";
import { closeBrowser, type OpenedPage, openPage, screenshot } from "./chromium.ts";
import { clickConnect } from "./connect-menu.ts";

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
  await clickConnect(p.page, "Xero");
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
  // The popup may already be gone by now (it closes itself right after the last click): only
  // wait for the event if it has not happened, or the wait would miss it and time out.
  if (!popup.isClosed()) await popup.waitForEvent("close", { timeout: 20_000 });
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

  const server = { Authorization: `Bearer ${serverKey}` };
  /** Every event in the worker's feed for this tenant (AGG SMART's source of truth), oldest first. */
  async function feed(): Promise<{ id: string; type: string; job: string }[]> {
    const all: { id: string; type: string; job: string }[] = [];
    for (let after = ""; ; ) {
      const q = after ? `&after=${encodeURIComponent(after)}` : "";
      const res = await fetch(`${workerUrl}/v1/tenants/${TENANT}/events?limit=100${q}`, { headers: server });
      const page = (await res.json()) as {
        events: { id: string; type: string; job: string }[];
        next: string;
      };
      all.push(...page.events);
      if (page.events.length === 0 || !page.next) return all;
      after = page.next;
    }
  }
  /** Asks the worker for a sync and waits until it has run to the end. */
  async function syncNow(): Promise<void> {
    const status = async () =>
      (await (await fetch(`${workerUrl}/v1/tenants/${TENANT}/sync`, { headers: server })).json()) as {
        phase: string;
        lastSyncedAt: string | null;
      };
    const before = (await status()).lastSyncedAt;
    const post = await fetch(`${workerUrl}/v1/tenants/${TENANT}/sync`, { method: "POST", headers: server });
    expect(post.status).toBe(202);
    await expect
      .poll(
        async () => {
          const s = await status();
          return s.phase === "idle" && s.lastSyncedAt !== before;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
  }

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
      // Exactly one: after a full sync the feed holds one job.paid for the job, and what AGG
      // SMART received is that event once (a retry or a duplicate would show as a second id).
      await syncNow();
      const paid = (await feed()).filter((e) => e.job === "J-10012" && e.type === "job.paid");
      expect(paid).toHaveLength(1);
      await expect
        .poll(() =>
          received()
            .filter((r) => r.job === "J-10012" && r.type === "job.paid")
            .map((r) => r.id),
        )
        .toEqual(paid.map((e) => e.id));
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
      const sentBefore = ((await control("/webhooks")) as { deliveries: unknown[] }).deliveries.length;
      await control(`/orgs/${DEMO_TENANT_ID}/invoices/INV-0008/pay`, { method: "POST", body: "{}" });
      // Nothing without a webhook or a sync: the emulator sent no webhook (its own record), so the
      // worker has no event for the job, and AGG SMART received none.
      expect(((await control("/webhooks")) as { deliveries: unknown[] }).deliveries).toHaveLength(sentBefore);
      expect((await feed()).filter((e) => e.job === "J-10008" && e.type === "job.paid")).toEqual([]);
      expect(received().filter((r) => r.job === "J-10008")).toHaveLength(0);
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

describe("the Xero emulator as the browser tests saw it", () => {
  it("every Accounting API and /connections answer passed the schema check (xero-node models; Xero's OpenAPI when ../shared is beside)", async () => {
    const log = (await control("/conformance")) as { checked: number; violations: string[] };
    expect(log.checked).toBeGreaterThan(10);
    expect(log.violations).toEqual([]);
  });
});
