/**
 * widget-admin.js entry: the admin elements, imported by widget.js (base/lazy-define.ts) the first
 * time a page has one of their tags. Hosts never load this file themselves.
 */

import { AggAccountsSettings } from "./accounts-settings/accounts-settings.component.ts";
import { define } from "./base/define.ts";
import { AggConnectButton } from "./connect-button/connect-button.component.ts";

export { AggAccountsSettings, AggConnectButton };

declare global {
  interface HTMLElementTagNameMap {
    "agg-connect-button": AggConnectButton;
    "agg-accounts-settings": AggAccountsSettings;
  }
}

define("agg-connect-button", AggConnectButton);
define("agg-accounts-settings", AggAccountsSettings);
