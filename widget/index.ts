/**
 * widget.js entry: registers every AGG SMART element. Loaded by a plain
 * `<script type="module" src="…/widget.js">` on AGG SMART's pages.
 */

import { AggAccountsSettings } from "./accounts-settings/accounts-settings.component.ts";
import { define } from "./base/define.ts";
import { AggConnectButton } from "./connect-button/connect-button.component.ts";
import { AggCreditBadge } from "./credit-badge/credit-badge.component.ts";
import { AggPaymentStatus } from "./payment-status/payment-status.component.ts";

export { AggElement } from "./base/agg-element.ts";
export { AggAccountsSettings, AggConnectButton, AggCreditBadge, AggPaymentStatus };

declare global {
  interface HTMLElementTagNameMap {
    "agg-connect-button": AggConnectButton;
    "agg-credit-badge": AggCreditBadge;
    "agg-payment-status": AggPaymentStatus;
    "agg-accounts-settings": AggAccountsSettings;
  }
}

define("agg-connect-button", AggConnectButton);
define("agg-credit-badge", AggCreditBadge);
define("agg-payment-status", AggPaymentStatus);
define("agg-accounts-settings", AggAccountsSettings);
