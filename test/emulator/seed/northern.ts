// "Northern Haulage Ltd": a second, small organisation, so the organisation picker has a choice.

import { addDays, dayToMs, localDay } from "../accounting/format.ts";
import type { InvoiceStatus, OrgData } from "../accounting/model.ts";
import type { EmulatorState } from "../state.ts";
import { stableId } from "./ids.ts";
import { createOrg, putContact, putInvoice } from "./org.ts";

/** Xero tenantId of Northern Haulage Ltd. */
export const NORTHERN_TENANT_ID = "8a4e2c71-0b3d-4f96-a5e8-7c2d9b1e4f02";
/** Organisation name shown in the picker. */
export const NORTHERN_ORG_NAME = "Northern Haulage Ltd";

const CUSTOMERS: readonly [string, string, string][] = [
  ["TYNE01", "Tyneside Civils Ltd", "15000"],
  ["WEAR01", "Wearside Recycling", "8000"],
  ["TEES01", "Teesport Logistics Ltd", "20,000"],
];

const JOBS: readonly [string, string, number, InvoiceStatus, number][] = [
  ["NH-501", "TYNE01", 12, "AUTHORISED", 3200],
  ["NH-502", "TYNE01", 44, "AUTHORISED", 1800],
  ["NH-503", "WEAR01", 6, "AUTHORISED", 950],
  ["NH-504", "TEES01", 20, "DRAFT", 4100],
  ["NH-505", "TEES01", 3, "AUTHORISED", 2600],
];

/** Seeds Northern Haulage Ltd (three customers, five invoices). */
export function seedNorthern(state: EmulatorState): OrgData {
  const now = state.clock.now();
  const org = createOrg(state, {
    name: NORTHERN_ORG_NAME,
    tenantId: NORTHERN_TENANT_ID,
    shortCode: "!nHaul",
  });
  const today = localDay(now, org.ianaTimeZone);
  const cid = (ref: string) => stableId(`${NORTHERN_TENANT_ID}:contact`, ref);
  CUSTOMERS.forEach(([ref, name, key], i) => {
    putContact(org, {
      contactId: cid(ref),
      contactNumber: ref,
      status: "ACTIVE",
      name,
      xeroNetworkKey: key,
      emailAddress: `accounts@${ref.toLowerCase()}.example.co.uk`,
      isCustomer: true,
      isSupplier: false,
      updatedAt: now - (90 - i) * 86_400_000,
    });
  });
  JOBS.forEach(([job, ref, days, status, net], i) => {
    const date = addDays(today, -days);
    putInvoice(org, {
      invoiceId: stableId(`${NORTHERN_TENANT_ID}:invoice`, job),
      invoiceNumber: `NH-INV-${String(i + 1).padStart(3, "0")}`,
      reference: job,
      contactId: cid(ref),
      status,
      date,
      dueDate: addDays(date, 30),
      lines: [{ description: "Haulage, 8-wheel tipper", quantity: 1, unitAmount: net * 100 }],
      updatedAt: Math.min(dayToMs(date) + 9 * 3_600_000, now - 60_000),
    });
  });
  return org;
}
