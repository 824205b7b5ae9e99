// The QuickBooks Online provider (from the registry, as the worker builds it) wired to a fresh
// in-process QuickBooks emulator holding the generated large company: the harness the provider
// conformance suite runs against. Every read is GET /query, so faults pick customer or invoice
// reads by the query text ("FROM Customer" / "FROM Invoice"). Every API answer the provider reads
// is checked against Intuit's schema (withQboConformance); the test file asserts none violate it.

import type { Env } from "../../worker/env.ts";
import type { Runtime } from "../../worker/provider/capabilities.ts";
import { providerFor } from "../../worker/provider/registry.ts";
import { dayOf, QBO_PAGE } from "../../worker/quickbooks/reads.ts";
import { withQboConformance } from "../qbo-emulator/conformance/checks.ts";
import { addFault } from "../qbo-emulator/faults.ts";
import { createQboEmulator, LARGE_REALM_ID, sign, webhookPayload } from "../qbo-emulator/index.ts";
import { balanceIndex, balanceWithJobs, type Company } from "../qbo-emulator/model.ts";
import { seedLarge } from "../qbo-emulator/seed/large.ts";
import { connect } from "../qbo-emulator/testing.ts";
import type { FaultKind, ProviderHarness } from "./conformance.ts";

const VERIFIER = "conformance-qbo-verifier";
const API = "https://quickbooks.api.intuit.com";
const QUERY = `/v3/company/${LARGE_REALM_ID}/query`;
const FROM = { customers: "FROM Customer", invoices: "FROM Invoice" } as const;
const violations: string[] = [];

/** Schema violations in the emulator answers the provider read since the last call (then cleared). */
export function takeQboViolations(): string[] {
  return violations.splice(0);
}

/**
 * What each customer and everything under it owes past due (non-zero only): open invoices due
 * before `today` (the worker's UTC day), as QuickBooks keeps no overdue figure.
 */
function overdueWithJobs(co: Company, today: string): Map<string, number> {
  const own = new Map<string, number>();
  for (const i of co.invoices.values())
    if (!i.voided && i.balancePence > 0 && i.dueDate < today)
      own.set(i.customerId, (own.get(i.customerId) ?? 0) + i.balancePence);
  const out = new Map<string, number>();
  for (const [id, pence] of own)
    for (let at: string | undefined = id; at; at = co.customers.get(at)?.parentId)
      out.set(at, (out.get(at) ?? 0) + pence);
  return out;
}

/** QuickBooks Online + its emulator for providerConformance(). */
export const quickbooksHarness: ProviderHarness = {
  capabilities: { pull: true, push: false, payments: true, webhooks: true },
  pageSize: QBO_PAGE,
  async create({ customers }) {
    // The emulator's clock stands still, so every call falls in one second: lift Intuit's per-second cap.
    const emu = createQboEmulator({
      seed: "none",
      limits: { perMinutePerRealm: 100_000, perSecondPerRealmApp: 100_000 },
    });
    // A few sub-customers (jobs) under parents pages before them, one nested, each owing past due.
    seedLarge(emu.state, { customers, invoicesPerCustomer: 1, subCustomers: customers > 20 ? 6 : 0 });
    const tokens = await connect(emu.fetch, LARGE_REALM_ID);
    const co = () => {
      const c = emu.state.companies.get(LARGE_REALM_ID);
      if (!c) throw new Error("large company missing");
      return c;
    };
    const checked = withQboConformance(emu.fetch);
    const rt: Runtime = {
      now: () => emu.clock.now(),
      fetch: async (input, init) => {
        const res = await checked.fetch(input, init);
        violations.push(...checked.violations.splice(0));
        return res;
      },
      sleep: async () => {},
    };
    const env = { QBO_API_URL: API, QBO_WEBHOOK_VERIFIER: VERIFIER } as Partial<Env> as Env;
    const qbo = providerFor("quickbooks");
    const session =
      qbo.session?.(env, {
        rt,
        creds: {
          token: async () => ({ token: tokens.access_token, orgRef: LARGE_REALM_ID }),
          renew: async () => tokens.access_token,
          revoked: async () => {},
          refused: async () => {},
        },
        budget: {},
        currency: "GBP",
        limitField: "Fax",
      }) ?? {};
    const fault = (kind: FaultKind, on: "customers" | "invoices", times: number) => {
      const rule = { method: "GET", pathPrefix: QUERY, queryIncludes: FROM[on], count: times };
      if (kind === "rate_limit") addFault(emu.state, { ...rule, kind: "rate_limit" });
      else if (kind === "server_error") addFault(emu.state, { ...rule, kind: "status", status: 503 });
      else addFault(emu.state, { ...rule, kind: "drop_response" });
    };
    return {
      session,
      webhooks: qbo.webhooks?.(env),
      emulator: {
        orgRef: LARGE_REALM_ID,
        expectedBalances: () => {
          const idx = balanceIndex(co());
          return new Map([...co().customers.keys()].map((id) => [id, balanceWithJobs(co(), id, idx)]));
        },
        expectedOverdue: () => overdueWithJobs(co(), dayOf(emu.clock.now())),
        expectedInvoices: () =>
          new Map([...co().invoices.values()].filter((i) => !i.voided).map((i) => [i.id, i.totalPence])),
        fault,
        calls: () =>
          Object.entries(emu.counters().total)
            .filter(([k]) => k.includes("/v3/company/"))
            .reduce((a, [, v]) => a + v, 0),
        payable: () => {
          const inv = [...co().invoices.values()].find((i) => !i.voided && i.balancePence > 100);
          if (!inv) throw new Error("no payable invoice in the seed");
          const deposit = [...co().accounts.values()].find((a) => a.active && a.accountType === "Bank");
          if (!deposit) throw new Error("no bank account in the seed");
          const amount = (Math.floor(inv.balancePence / 2) / 100).toFixed(2);
          return {
            request: { invoiceId: inv.id, amount, date: inv.txnDate, accountCode: deposit.id },
            dueMinor: inv.balancePence,
          };
        },
        paymentsOn: (invoiceId) =>
          [...co().payments.values()].filter((p) => p.lines.some((l) => l.invoiceId === invoiceId)).length,
        delivery: async (valid) => {
          const inv = [...co().invoices.values()][0];
          const events = [
            {
              realmId: LARGE_REALM_ID,
              entity: "Invoice" as const,
              operation: "Update" as const,
              id: inv?.id ?? "1",
              at: emu.clock.now(),
            },
          ];
          const body = new TextEncoder().encode(JSON.stringify(webhookPayload(events, "cloudevents")));
          const signature = await sign(body, valid ? VERIFIER : `${VERIFIER}-wrong`);
          return {
            body: body as Uint8Array<ArrayBuffer>,
            headers: { "intuit-signature": signature, "content-type": "application/json" },
          };
        },
      },
    };
  },
};
