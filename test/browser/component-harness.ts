// Shared harness for the component tests: each element runs in real Chromium on a tiny host page
// that loads dist/widget/widget.js (which imports widget-admin.js from the same place for the
// admin elements), with the worker API mocked by context.route(). The mock's
// routes, fixtures and mount() stay in each test file; the plumbing around them lives here.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Locator, Page, Route } from "playwright-core";
import { afterAll, afterEach, beforeEach, expect } from "vitest";
import { axeCheck, browser, closeBrowser, formatViolations, SCREENSHOT_DIR } from "./chromium.ts";

/** The built widget files (`npm run build:widget`): the host page loads widget.js. */
export const WIDGET_DIR: string = join(import.meta.dirname, "..", "..", "dist/widget");
/** The widget files the host serves, as the worker does. */
const WIDGET_FILES = ["widget.js", "widget-admin.js"];
/** Origin of the host page (AGG SMART's page). */
export const HOST = "http://agg-host.test";
/** Origin of the mocked worker (API + consent pages). */
export const API = "http://accounts-api.test";

/** An embed token with the claims the UI reads; unsigned (the UI never checks the signature). */
export function fakeJwt(role: "admin" | "staff", sub = "u1"): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = { tenant: "t1", sub, role, aud: "agg-smart-widget", iat: now, exp: now + 3600 };
  return `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}.not-checked-by-the-ui`;
}

/** One answer of the mocked worker. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A 200 answer with this JSON body. */
export const ok = (body: unknown): Reply => ({ status: 200, body });

/** An error answer in the worker's `{ error: { code, message, details? } }` shape. */
export const err = (status: number, code: string, message: string, details?: unknown): Reply => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});

/** A promise the test releases by hand, to hold a mocked answer back. */
export function gate(): { promise: Promise<void>; release: () => void } {
  let release = () => {};
  const promise = new Promise<void>((r) => {
    release = r;
  });
  return { promise, release };
}

/** The worker's CORS headers for the host page, allowing `methods` (plus any `extra`). */
export function corsHeaders(methods: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": HOST,
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Allow-Methods": methods,
    Vary: "Origin",
    ...extra,
  };
}

/** Fulfils a mocked API request with `reply` as JSON, with these CORS headers and the reply's own. */
export function fulfillJson(route: Route, reply: Reply, cors: Record<string, string>): Promise<void> {
  return route.fulfill({
    status: reply.status,
    headers: { ...cors, "Content-Type": "application/json", ...reply.headers },
    body: JSON.stringify(reply.body),
  });
}

/** The plain look of an Admin host page (grey background, padded main, small heading). */
export const ADMIN_PAGE_STYLE = `
  body { margin: 0; font-family: system-ui, sans-serif; background: #eef1f5; color: #1c2330; }
  main { padding: 24px; }
  h1 { font-size: 18px; margin: 0 0 14px; }
`;

/** A host page titled `title` around `body`, styled by `style`, that loads widget.js as a module. */
export function hostPage(title: string, body: string, style: string = ADMIN_PAGE_STYLE): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${style}</style>
<script type="module" src="/widget.js"></script></head>
<body>${body}</body></html>`;
}

/** A page in its own context, serving the host page and the mocked worker; uncaught errors recorded. */
export interface WidgetPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page (each test expects none). */
  pageErrors: string[];
  /** Paths of the widget files the page requested, in order (e.g. `/widget.js`). */
  widgetRequests: string[];
}

/** Opens a fresh en-GB context whose HOST serves `hostPage` (+ the widget files) and whose API is `api`. */
export async function openWidgetPage(opts: {
  hostPage: string;
  api: (route: Route) => Promise<void>;
  viewport: { width: number; height: number };
}): Promise<WidgetPage> {
  const widget = new Map<string, string>();
  for (const file of WIDGET_FILES) {
    const path = join(WIDGET_DIR, file);
    if (!existsSync(path))
      throw new Error(`dist/widget/${file} is missing: run \`npm run build:widget\` first.`);
    widget.set(`/${file}`, readFileSync(path, "utf8"));
  }
  const context = await (await browser()).newContext({
    locale: "en-GB",
    timezoneId: "Europe/London",
    viewport: opts.viewport,
  });
  const widgetRequests: string[] = [];
  await context.route(`${HOST}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const js = widget.get(path);
    if (js !== undefined) widgetRequests.push(path);
    if (js !== undefined) return route.fulfill({ status: 200, contentType: "text/javascript", body: js });
    return route.fulfill({ status: 200, contentType: "text/html", body: opts.hostPage });
  });
  await context.route(`${API}/**`, opts.api);
  await context.addInitScript(recordApiFetches, API);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  return { context, page, pageErrors, widgetRequests };
}

/** Closes the page's context, then fails the test if the page threw (call in afterEach). */
export async function closeWidgetPage(opened: WidgetPage | undefined): Promise<void> {
  await opened?.context.close();
  expect(opened?.pageErrors ?? []).toEqual([]);
}

/**
 * For each test: opens a widget page (then `onOpen` sees it), closes it afterwards failing on page
 * errors; closes the shared browser after the file.
 */
export function useWidgetPage(
  opts: Parameters<typeof openWidgetPage>[0],
  onOpen: (opened: WidgetPage) => void | Promise<void>,
): void {
  let opened: WidgetPage | undefined;
  beforeEach(async () => {
    opened = undefined; // if opening fails, afterEach must not re-check the last test's page
    opened = await openWidgetPage(opts);
    await onOpen(opened);
  });
  afterEach(() => closeWidgetPage(opened));
  afterAll(closeBrowser);
}

/** An element's text as read out, whitespace collapsed. */
export const textOf = async (l: Locator): Promise<string> =>
  (await l.textContent())?.replace(/\s+/g, " ").trim() ?? "";

/** Text of the focused element, looking through shadow roots (a form field's label, if it has one). */
export function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return "";
    const labels = (a as HTMLInputElement).labels;
    return (labels?.[0] ?? a).textContent?.replace(/\s+/g, " ").trim() ?? "";
  });
}

/** Waits (up to 8 s) until `read()` gives `value`, e.g. an element's `state` attribute. */
export async function waitForValue(read: () => Promise<string | null>, value: string): Promise<void> {
  await expect.poll(read, { timeout: 8000 }).toBe(value);
}

declare global {
  interface Window {
    /** Set by {@link recordApiFetches} in component-test pages. */
    __aggApi: ApiLedger;
  }
}

/** The page's own record of its calls to the mocked API (see {@link recordApiFetches}). */
interface ApiLedger {
  /** Path (and query) of every API request the page started, in order. */
  sent: string[];
  /** Requests started whose response has not arrived yet. */
  open: number;
}

/**
 * Runs in the page before any of its scripts (an init script): wraps `fetch` so the page itself
 * records every request to `api` the moment an element makes it. Reading that record in the page
 * needs no guess of how long a request takes to reach the mock.
 */
function recordApiFetches(api: string): void {
  const ledger: ApiLedger = { sent: [], open: 0 };
  window.__aggApi = ledger;
  const real = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== api) return real(input, init);
    ledger.sent.push(url.pathname + url.search);
    ledger.open++;
    return real(input, init).finally(() => ledger.open--);
  };
}

/** The API requests the page has started so far (path + query), read in the page. */
export function sentRequests(page: Page): Promise<string[]> {
  return page.evaluate(() => [...window.__aggApi.sent]);
}

/** Waits until every agg-* element in the page has finished its pending update (Lit's updateComplete). */
export async function settledElements(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      [...document.querySelectorAll("*")]
        .filter((e) => e.localName.startsWith("agg-"))
        .map((e) => (e as Element & { updateComplete?: Promise<unknown> }).updateComplete),
    ),
  );
}

/**
 * Waits until the page is quiet — no API request awaiting its response and every agg-* element's
 * update finished — then returns the API requests it has started. Due timers have run by then
 * only if the test advanced a fake clock (`page.clock.runFor`); asserting "nothing was requested"
 * is sound on that basis, not after a pause.
 */
export async function settled(page: Page): Promise<string[]> {
  let seen = -1;
  // Until a quiet look finds no new request: an answer can start the next request (a queue).
  for (let look = 0; look < 50; look++) {
    await expect.poll(() => page.evaluate(() => window.__aggApi.open), { timeout: 8000 }).toBe(0);
    await settledElements(page);
    const sent = await page.evaluate(() => (window.__aggApi.open === 0 ? window.__aggApi.sent.length : -1));
    if (sent === seen) return sentRequests(page);
    seen = sent;
  }
  throw new Error("the page kept sending API requests");
}

/** Fails the test if axe-core finds accessibility violations anywhere in the page. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeCheck(page);
  expect(violations, formatViolations(violations)).toEqual([]);
}

/** Screenshots `target` to test-results/screenshots/<name>.png, animations disabled. */
export async function screenshotOf(target: Locator, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await target.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: "disabled" });
}
