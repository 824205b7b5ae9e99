/**
 * widget.js entry: registers every AGG SMART element. Loaded by a plain
 * `<script type="module" src="…/widget.js">` on AGG SMART's pages.
 *
 * The staff elements (booking screen) are in this file; the admin elements are in
 * widget-admin.js next to it, loaded the first time a page has one of their tags, so the page
 * every user opens downloads a third less.
 */

import { define } from "./base/define.ts";
import { lazyDefine } from "./base/lazy-define.ts";
import { AggCreditBadge } from "./credit-badge/credit-badge.component.ts";
import { AggPaymentStatus } from "./payment-status/payment-status.component.ts";

export { AggElement } from "./base/agg-element.ts";
export { AggCreditBadge, AggPaymentStatus };

declare global {
  interface HTMLElementTagNameMap {
    "agg-credit-badge": AggCreditBadge;
    "agg-payment-status": AggPaymentStatus;
  }
}

define("agg-credit-badge", AggCreditBadge);
define("agg-payment-status", AggPaymentStatus);

/**
 * Loads and defines `<agg-connect-button>` and `<agg-accounts-settings>` now. widget.js does this
 * by itself when either tag is in the document; a host that puts one inside its own shadow root
 * calls this (`(await import(widgetUrl)).loadAdminElements()`).
 */
export const loadAdminElements: () => Promise<void> = lazyDefine(
  ["agg-connect-button", "agg-accounts-settings"],
  // Same directory (hence origin) as this file, whatever host served it. A URL string rather than
  // a bundled import: widget-admin.js is its own build (see vite.config.ts for why).
  (attempt) => {
    const url = new URL(/* @vite-ignore */ "widget-admin.js", import.meta.url);
    if (attempt) url.search = `retry=${attempt}`;
    return import(/* @vite-ignore */ url.href);
  },
);
