// The Xero provider (from the registry, as the worker builds it) wired to a fresh in-process
// Xero emulator: the harness the provider conformance suite runs against.

import type { Env } from "../../worker/env.ts";
import type { Runtime } from "../../worker/provider/capabilities.ts";
import { providerFor } from "../../worker/provider/registry.ts";
import { balancesByContact } from "../emulator/accounting/balances.ts";
import { addFault } from "../emulator/faults.ts";
import { createEmulator } from "../emulator/index.ts";
import { seed } from "../emulator/seed/index.ts";
import { LARGE_TENANT_ID } from "../emulator/seed/large.ts";
import { sign } from "../emulator/webhooks.ts";
import type { FaultKind, ProviderHarness } from "./conformance.ts";

const WEBHOOK_KEY = "conformance-webhook-key";
const PATHS = { customers: "/api.xro/2.0/Contacts", invoices: "/api.xro/2.0/Invoices" } as const;

/** Xero + its emulator for providerConformance(). */
export const xeroHarness: ProviderHarness = {
  capabilities: { pull: true, push: false, payments: true, webhooks: true },
  pageSize: 1000,
  async create({ customers }) {
    const emu = createEmulator({
      seed: "none",
      limits: { perMinute: 10_000, perDay: 100_000, appPerMinute: 100_000 },
    });
    seed(emu.state, "large", { contacts: customers, invoices: Math.min(3 * customers, 600) });
    const { tokens } = await emu.connect({ tenantIds: [LARGE_TENANT_ID] });
    const org = () => {
      const o = emu.state.orgs.get(LARGE_TENANT_ID);
      if (!o) throw new Error("large organisation missing");
      return o;
    };
    const rt: Runtime = { now: () => emu.clock.now(), fetch: emu.fetch, sleep: async () => {} };
    const env = { XERO_API_URL: emu.origin, XERO_WEBHOOK_KEY: WEBHOOK_KEY } as Env;
    const xero = providerFor("xero");
    const session =
      xero.session?.(env, {
        rt,
        creds: {
          token: async () => ({ token: tokens.access_token, orgRef: LARGE_TENANT_ID }),
          renew: async () => tokens.access_token,
          revoked: async () => {},
          refused: async () => {},
        },
        budget: {},
        currency: "GBP",
        limitField: "XeroNetworkKey",
      }) ?? {};
    const calls = () =>
      [...emu.state.counters].filter(([k]) => k.includes("/api.xro/2.0/")).reduce((a, [, v]) => a + v, 0);
    const fault = (kind: FaultKind, on: "customers" | "invoices", times: number) => {
      const pathPrefix = PATHS[on];
      if (kind === "rate_limit")
        addFault(emu.state, { method: "GET", pathPrefix, kind: "rate_limit", count: times, retryAfter: 7 });
      else if (kind === "server_error")
        addFault(emu.state, { method: "GET", pathPrefix, kind: "status", status: 503, count: times });
      else addFault(emu.state, { method: "GET", pathPrefix, kind: "drop_response", count: times });
    };
    return {
      session,
      webhooks: xero.webhooks?.(env),
      emulator: {
        orgRef: LARGE_TENANT_ID,
        expectedBalances: () => {
          const b = balancesByContact(org(), emu.clock.now());
          return new Map(
            [...org().contacts.keys()].map((id) => [id, b.get(id.toLowerCase())?.receivableOutstanding ?? 0]),
          );
        },
        expectedInvoices: () =>
          new Map(
            [...org().invoices.values()]
              .filter((i) => i.type === "ACCREC")
              .map((i) => [i.invoiceId, i.total]),
          ),
        fault,
        calls,
        payable: () => {
          const inv = [...org().invoices.values()].find(
            (i) =>
              i.type === "ACCREC" &&
              i.status === "AUTHORISED" &&
              i.total - i.amountPaid - i.amountCredited > 100,
          );
          if (!inv) throw new Error("no payable invoice in the seed");
          const dueMinor = inv.total - inv.amountPaid - inv.amountCredited;
          const amount = (Math.floor(dueMinor / 2) / 100).toFixed(2);
          return {
            request: { invoiceId: inv.invoiceId, amount, date: inv.date, accountCode: "090" },
            dueMinor,
          };
        },
        paymentsOn: (invoiceId) =>
          [...org().payments.values()].filter(
            (p) => p.invoiceId.toLowerCase() === invoiceId.toLowerCase() && p.status !== "DELETED",
          ).length,
        delivery: async (valid) => {
          const inv = [...org().invoices.values()][0];
          const body = new TextEncoder().encode(
            JSON.stringify({
              events: [
                {
                  resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${inv?.invoiceId}`,
                  resourceId: inv?.invoiceId,
                  eventDateUtc: new Date(emu.clock.now()).toISOString(),
                  eventType: "UPDATE",
                  eventCategory: "INVOICE",
                  tenantId: LARGE_TENANT_ID,
                  tenantType: "ORGANISATION",
                },
              ],
              firstEventSequence: 1,
              lastEventSequence: 1,
              entropy: "CONFORMANCE",
            }),
          );
          const signature = await sign(body, valid ? WEBHOOK_KEY : `${WEBHOOK_KEY}-wrong`);
          return { body, headers: { "x-xero-signature": signature, "content-type": "application/json" } };
        },
      },
    };
  },
};
