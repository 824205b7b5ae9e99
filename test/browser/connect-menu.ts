// Connect Accounts with several accounting systems configured (the test stack offers Xero and
// QuickBooks Online) is a menu; with one it is a direct button. Tests say which system they mean.
import type { Page } from "playwright-core";

/** Clicks Connect Accounts and, when it opens the menu of systems, the item named `system` (e.g. "Xero"). */
export async function clickConnect(page: Page, system: string): Promise<void> {
  const button = page.getByRole("button", { name: /^connect accounts$/i });
  const isMenu = (await button.getAttribute("aria-haspopup")) === "menu";
  await button.click();
  if (isMenu) await page.getByRole("menuitem", { name: new RegExp(`^${system}`) }).click();
}
