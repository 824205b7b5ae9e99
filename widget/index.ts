/**
 * widget.js entry: registers every AGG SMART element. Loaded by a plain
 * `<script type="module" src="…/widget.js">` on AGG SMART's pages.
 */
import { define } from "./base/define.ts";
import { AggConnectButton } from "./connect-button/connect-button.component.ts";

export { AggElement } from "./base/agg-element.ts";
export { AggConnectButton };

declare global {
  interface HTMLElementTagNameMap {
    "agg-connect-button": AggConnectButton;
  }
}

define("agg-connect-button", AggConnectButton);
