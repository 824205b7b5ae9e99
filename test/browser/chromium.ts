// Browser-test harness: Debian's Chromium driven by playwright-core, pages that record their errors,
// screenshots under test-results/screenshots, and axe-core accessibility checks.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Where Debian puts Chromium (`apt-get install -y chromium`), unless CHROMIUM_PATH names another. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Screenshots land here (git-ignored; copy one to docs/ to publish it). */
export const SCREENSHOT_DIR: string = join(import.meta.dirname, "..", "..", "test-results", "screenshots");

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  // British English UI and navigator.language, as AGG SMART's users have.
  "--lang=en-GB",
];

let shared: Promise<Browser> | undefined;

/** Launches Chromium headless with a fresh profile (Playwright gives each launch a new temp user-data-dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
  });
}

/** The browser shared by one test file, launched on first use; close it with {@link closeBrowser}. */
export function browser(): Promise<Browser> {
  shared ??= launchChromium();
  return shared;
}

/** Closes the shared browser (call in afterAll). */
export async function closeBrowser(): Promise<void> {
  const b = shared;
  shared = undefined;
  if (b) await (await b).close();
}

/** A page in its own browser context, with every error it reported. */
export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** console.error messages and failed resource loads ("Failed to load resource …" + URL). */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Requests that failed at the network level (refused, aborted, blocked). */
  failedRequests: string[];
  /** Every response the page received, in order. */
  responses: Array<{ url: string; status: number }>;
  /** Closes the page's context. */
  close(): Promise<void>;
}

/** Opens `url` in a fresh context (no shared cookies) and waits for the load event, recording errors from the start. */
export async function openPage(
  url: string,
  opts: { viewport?: { width: number; height: number }; waitUntil?: "load" | "networkidle" } = {},
): Promise<OpenedPage> {
  const context = await (await browser()).newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: "en-GB",
    timezoneId: "Europe/London",
  });
  const page = await context.newPage();
  const opened: OpenedPage = {
    page,
    context,
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    responses: [],
    close: () => context.close(),
  };
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const where = msg.location().url;
    opened.consoleErrors.push(where ? `${msg.text()} (${where})` : msg.text());
  });
  page.on("pageerror", (err) => opened.pageErrors.push(err.stack ?? err.message));
  page.on("requestfailed", (req) =>
    opened.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText ?? "failed"}`),
  );
  page.on("response", (res) => opened.responses.push({ url: res.url(), status: res.status() }));
  await page.goto(url, { waitUntil: opts.waitUntil ?? "load" });
  return opened;
}

/** Saves a full-page PNG to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}

/** One accessibility violation, trimmed to what a failing assertion should show. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/** What to check: a CSS selector, or selectors to include/exclude (axe's context syntax). */
export type AxeContext = string | { include?: string[]; exclude?: string[] };

/**
 * Runs axe-core in the page against `context` (default: the whole document, open shadow roots
 * included) and returns the violations; `[]` means none.
 */
export async function axeCheck(
  page: Page,
  context?: AxeContext,
  options: axe.RunOptions = {},
): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.addScriptTag({ content: axe.source });
  return page.evaluate(
    async ({ context, options }) => {
      const w = window as unknown as { axe: typeof axe };
      let target: axe.ElementContext = document;
      if (typeof context === "string") target = context;
      else if (context)
        target = {
          include: context.include?.length ? context.include.map((s) => [s]) : [["html"]],
          exclude: (context.exclude ?? []).map((s) => [s]),
        };
      const result = await w.axe.run(target, { ...options, resultTypes: ["violations"] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((n) => JSON.stringify(n.target)),
      }));
    },
    { context, options },
  );
}

/** Formats violations one per line, for assertion messages. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact ?? "?"} ${v.id}: ${v.help} → ${v.targets.join(", ")}`).join("\n");
}
