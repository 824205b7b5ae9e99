// A generated company for the reads-per-sync benchmark: `customers` customers (default 10,000),
// each with `invoicesPerCustomer` invoices (default 2), some paid, some overdue, some inactive;
// deterministic (seeded generator), so every run is identical.

import { rng } from "../../emulator/seed/ids.ts";
import { addDays, companyDay } from "../format.ts";
import { type Company, newCompany, nextId, type QboCustomer, type QboInvoice } from "../model.ts";
import type { QboState } from "../state.ts";
import { standardAccounts } from "./demo.ts";

/** realmId of the generated company. */
export const LARGE_REALM_ID = "9341453172649000";
export const LARGE_COMPANY_NAME = "Large Aggregates Group Ltd";
const DAY = 86_400_000;
const FAXES = ["10000", "25,000", "£5,000.00", "5000", "", "01234 567890", "n/a"];

/** Seeds the large company (replacing it if present). No webhooks fire. */
export function seedLarge(
  state: QboState,
  opts: { customers?: number; invoicesPerCustomer?: number } = {},
): Company {
  const n = opts.customers ?? 10_000;
  const per = opts.invoicesPerCustomer ?? 2;
  const now = state.clock.now();
  const r = rng(20_001);
  const co = newCompany(LARGE_REALM_ID, LARGE_COMPANY_NAME, now - 800 * DAY);
  standardAccounts(co, now);
  const today = companyDay(now);
  let job = 50_000;
  for (let i = 1; i <= n; i++) {
    const at = now - r.int(2, 700) * DAY;
    const c: QboCustomer = {
      id: nextId(co),
      syncToken: r.int(0, 5),
      displayName: `Customer ${String(i).padStart(5, "0")}`,
      companyName: `Customer ${String(i).padStart(5, "0")} Ltd`,
      fax: r.next() < 0.1 ? undefined : r.pick(FAXES),
      active: r.next() > 0.05,
      currency: co.currency,
      createdAt: at,
      updatedAt: at,
    };
    co.customers.set(c.id, c);
    for (let k = 0; k < per; k++) {
      const ago = r.int(1, 120);
      const total = r.int(50, 20_000) * 100 + r.int(0, 99);
      const paid = r.next() < 0.5 ? total : r.next() < 0.3 ? Math.floor(total / 2) : 0;
      const txnDate = addDays(today, -ago);
      const inv: QboInvoice = {
        id: nextId(co),
        syncToken: 0,
        docNumber: `J-${++job}`,
        txnDate,
        dueDate: addDays(txnDate, 30),
        customerId: c.id,
        totalPence: total,
        balancePence: total - paid,
        currency: co.currency,
        customFields: [],
        // Generated payments are not materialised as Payment objects (the benchmark reads balances).
        linked: [],
        lines: [{ amountPence: total, description: "Aggregates" }],
        voided: false,
        createdAt: now - ago * DAY,
        updatedAt: now - Math.max(1, ago - r.int(0, ago)) * DAY,
      };
      co.invoices.set(inv.id, inv);
    }
  }
  state.companies.set(co.realmId, co);
  return co;
}
