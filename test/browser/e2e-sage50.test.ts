// End to end for Sage 50 (issue 11) on the real local stack: an admin of a fresh business connects
// Sage 50 from the demo admin page, the real connector program (connector/sage50/main.ts --once)
// pushes the seeded Sage company with the key read from the page, and the widget then shows the
// company, Sage's credit (on hold included) and a paid invoice. Skips visibly without unixODBC.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../connector/cli.ts";
import { odbcReady } from "../connector/odbc-available.ts";
import { odbcString } from "../connector/sage-db.ts";
import { createSeedCompany, SEED_COMPANY } from "../connector/seed.ts";
import { closeBrowser, type OpenedPage, openPage, screenshot } from "./chromium.ts";

const demoUrl = inject("demoUrl");

afterAll(async () => {
  await closeBrowser();
});

describe.skipIf(!odbcReady)("Sage 50 end to end (issue 11)", () => {
  const dir = mkdtempSync(join(tmpdir(), "e2e-sage50-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("Connect Accounts → Sage 50 key → connector --once → connected, credit badges and a paid job", async () => {
    // A fresh business each run: the stack's state outlives a single test file.
    const tenant = `sage-e2e-${Date.now().toString(36)}`;
    const pages: OpenedPage[] = [];
    try {
      const admin = await openPage(`${demoUrl}/admin?tenant=${tenant}&providers=xero%20sage50`);
      pages.push(admin);
      const card = admin.page.locator("agg-connect-button");
      await card.getByRole("button", { name: /^connect accounts$/i }).click({ timeout: 15_000 });
      await card.getByRole("menuitem", { name: /Sage 50/ }).click();
      const keyField = card.getByRole("textbox", { name: "Connector key" });
      await keyField.waitFor({ timeout: 15_000 });
      const key = await keyField.inputValue();
      const command = (await card.locator("#command").textContent()) ?? "";
      const worker = /--worker (\S+)/.exec(command)?.[1] ?? "";
      expect(command).toContain(`--key ${key} --every 15`);
      expect(worker).toMatch(/^http:\/\/localhost:\d+$/);
      await card.getByText("Waiting for the connector's first report…").waitFor();
      await screenshot(admin.page, "e2e-sage50-key");

      const db = join(dir, "company.db");
      // The worker runs on the real clock: the seed's dates move with it (due dates stay ahead).
      createSeedCompany(db, { today: new Date() }).close();
      const run = await runCli([
        ...["--odbc", odbcString(db), "--worker", worker, "--key", key],
        ...["--once", "--state", join(dir, "state.json")],
      ]);
      expect(run.code, run.stderr).toBe(0);

      await card.getByText(`Connected to “${SEED_COMPANY}”`).waitFor({ timeout: 40_000 });
      expect(await card.getAttribute("state")).toBe("connected");
      expect(await card.getByRole("textbox", { name: "Connector key" }).count()).toBe(0);
      await card.getByText(/Last report (just now|\d+ min ago)/).waitFor();
      await admin.page
        .locator("agg-accounts-settings")
        .getByText("Sage 50 is read-only over ODBC: mark payments in Sage.")
        .waitFor({ timeout: 15_000 });
      await screenshot(admin.page, "e2e-sage50-connected");
      expect(admin.pageErrors).toEqual([]);

      // The booking page of the same business: the host puts badges on Sage's customer refs and a
      // payment cell on the job whose invoice (AGG-1005) is paid in Sage.
      const booking = await openPage(`${demoUrl}/?tenant=${tenant}`);
      pages.push(booking);
      await booking.page.evaluate(() => {
        const badge = document.getElementById("badge");
        const token = badge?.getAttribute("token") ?? "";
        badge?.setAttribute("customer", "ACME001");
        badge?.setAttribute("job-value", "100.00");
        const held = document.createElement("agg-credit-badge");
        held.id = "held";
        held.setAttribute("token", token);
        held.setAttribute("customer", "HOLD001");
        held.setAttribute("job-value", "100.00");
        badge?.insertAdjacentElement("afterend", held);
        const paid = document.createElement("agg-payment-status");
        paid.id = "paid";
        paid.setAttribute("token", token);
        paid.setAttribute("job", "AGG-1005");
        held.insertAdjacentElement("afterend", paid);
      });
      const acme = booking.page.locator("#badge");
      await expect.poll(() => acme.getAttribute("state"), { timeout: 15_000 }).toBe("ok");
      // Sage's credit limit (5,000) and balance (1,200.50), in the badge's (collapsed) details.
      await acme.getByText(/5,000/).first().waitFor({ state: "attached" });
      await acme
        .getByText(/1,200\.50/)
        .first()
        .waitFor({ state: "attached" });
      const held = booking.page.locator("#held");
      await expect.poll(() => held.getAttribute("state"), { timeout: 15_000 }).toBe("on-hold");
      await held.getByText("On hold in Sage 50").waitFor();
      const paid = booking.page.locator("#paid");
      await expect.poll(() => paid.getAttribute("state"), { timeout: 15_000 }).toBe("paid");
      await paid.getByText("Paid").first().waitFor();
      await screenshot(booking.page, "e2e-sage50-booking");
      expect(booking.pageErrors).toEqual([]);
    } finally {
      for (const p of pages) await p.close();
    }
  }, 120_000);
});
