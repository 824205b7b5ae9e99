// Seeding entry points for the emulator: presets, and the "it happened in Xero" controls.

import type { EmulatorState } from "../state.ts";
import { seedDemo } from "./demo.ts";
import { seedLarge } from "./large.ts";
import { seedNorthern } from "./northern.ts";

export type { Payment } from "./control.ts";
export {
  contactBalance,
  createInvoice,
  deletePayment,
  payInvoice,
  setInvoiceStatus,
  updateContact,
} from "./control.ts";
export { type CreditSpec, createCredit } from "./credits.ts";
export { DEMO_ACCOUNTS, DEMO_CONTACTS, DEMO_INVOICES, DEMO_ORG_NAME, DEMO_TENANT_ID } from "./demo.ts";
export { LARGE_ORG_NAME, LARGE_TENANT_ID } from "./large.ts";
export { NORTHERN_ORG_NAME, NORTHERN_TENANT_ID } from "./northern.ts";
export { accountByCode, createOrg, type OrgOptions } from "./org.ts";

/** Seed presets: "demo" = Demo Aggregates Ltd + Northern Haulage Ltd; "large" = one big organisation. */
export type SeedPreset = "demo" | "large";

/**
 * Seeds the emulator (replacing organisations with the same tenantId). Deterministic; dates are
 * relative to state.clock. `opts` sizes the "large" preset (default 10,000 contacts, 50,000 invoices).
 */
export function seed(
  state: EmulatorState,
  preset: SeedPreset,
  opts: { contacts?: number; invoices?: number } = {},
): void {
  if (preset === "demo") {
    seedDemo(state);
    seedNorthern(state);
  } else if (preset === "large") {
    seedLarge(state, opts);
  } else {
    throw new Error(`Unknown seed preset "${String(preset)}" (use "demo" or "large")`);
  }
}
