// Seeding entry points for the QuickBooks emulator.

import type { QboState } from "../state.ts";
import { seedDemo } from "./demo.ts";
import { seedLarge } from "./large.ts";

export { DEMO_COMPANY_NAME, DEMO_QBO_IDS, DEMO_REALM_ID, PEAK_COMPANY_NAME, PEAK_REALM_ID } from "./demo.ts";
export { LARGE_COMPANY_NAME, LARGE_REALM_ID } from "./large.ts";

/** A seed preset. */
export type QboSeed = "demo" | "large" | "none";

/** Seeds `preset` into the state (adds or replaces its companies). */
export function seedQbo(
  state: QboState,
  preset: QboSeed,
  opts: { customers?: number; invoicesPerCustomer?: number } = {},
): void {
  if (preset === "demo") seedDemo(state);
  else if (preset === "large") seedLarge(state, opts);
}
