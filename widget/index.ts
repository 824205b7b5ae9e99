/**
 * widget.js entry: registers every AGG SMART element. Loaded by a plain
 * `<script type="module" src="…/widget.js">` on AGG SMART's pages.
 */
export { AggElement } from "./base/agg-element.ts";
