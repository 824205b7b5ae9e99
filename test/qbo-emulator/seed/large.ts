// A generated company for the reads-per-sync benchmark: `customers` customers (default 10,000),
// each with `invoicesPerCustomer` invoices (default 2), some paid, some overdue, some inactive;
// the last `subCustomers` (default 0) are sub-customers (jobs) of early customers — so a parent
// comes pages before its sub-customers, as in a company whose sites were added later — one of
// them a sub-customer of another, each with an overdue invoice; deterministic (seeded
// generator), so every run is identical.

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
  opts: { customers?: number; invoicesPerCustomer?: number; subCustomers?: number } = {},
): Company {
  const n = opts.customers ?? 10_000;
  const per = opts.invoicesPerCustomer ?? 2;
  const firstSub = n - Math.min(opts.subCustomers ?? 0, Math.floor(n / 2)) + 1;
  const now = state.clock.now();
  const r = rng(20_001);
  const co = newCompany(LARGE_REALM_ID, LARGE_COMPANY_NAME, now - 800 * DAY);
  standardAccounts(co, now);
  const today = companyDay(now);
  let job = 50_000;
  const ids: string[] = [];
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
    const sub = i >= firstSub;
    if (sub) {
      // Parents spread over the first page; the last sub-customer sits under the one before it.
      c.parentId = i === n && n > firstSub ? ids.at(-1) : ids[(i * 7) % Math.min(40, firstSub - 1)];
      c.active = true;
    }
    co.customers.set(c.id, c);
    ids.push(c.id);
    for (let k = 0; k < per; k++) {
      const ago = sub && k === 0 ? r.int(45, 120) : r.int(1, 120);
      const total = r.int(50, 20_000) * 100 + r.int(0, 99);
      const roll = r.next() < 0.5 ? total : r.next() < 0.3 ? Math.floor(total / 2) : 0;
      const paid = sub && k === 0 ? 0 : roll;
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
