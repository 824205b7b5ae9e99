// Sage 50 for the provider conformance suite: the generated company's rows (plus the seed's
// messes, awkward doubles included) turned into batches by the connector's own pure code
// (row mapping, runCycle, makeBatches; an in-memory source instead of ODBC) and posted to the
// worker's real ingest route with a key from POST /api/connection/start. Runs inside workerd.

import { SELF } from "cloudflare:test";
import { makeBatches } from "../../connector/sage50/src/batch.ts";
import { type ConnectorState, emptyState } from "../../connector/sage50/src/cursor.ts";
import { runCycle } from "../../connector/sage50/src/cycle.ts";
import { type Row, toCustomer, toInvoice } from "../../connector/sage50/src/mapping.ts";
import type { SageSource } from "../../connector/sage50/src/source.ts";
import { Sage50BatchAck } from "../../shared/sage50-protocol.ts";
import { providerFor } from "../../worker/provider/registry.ts";
import { generateRows } from "../connector/generate-rows.ts";
import type { SeedCustomer, SeedTran } from "../connector/sage-db.ts";
import { ACCOUNT_STATUSES } from "../connector/sage-schema.ts";
import { SEED_CUSTOMERS, SEED_TRAN_ROWS } from "../connector/seed-rows.ts";
import { WORKER } from "../worker/connect-helpers.ts";
import { issueKey, post } from "../worker/sage50-helpers.ts";
import { bearer, embedToken } from "../worker/tokens.ts";
import type { ProviderHarness } from "./conformance.ts";

/** Batch size for the suite: small, so a company of a few hundred rows spans many batches. */
const RECORDS_PER_BATCH = 50;
const COMPANY = { name: "Generated Heating Services Ltd", currency: "GBP" };
const HOLD = new Set(ACCOUNT_STATUSES.filter((s) => s[2] === 1).map((s) => s[0]));

/** Tenants created by the harness (the test file silences their alarms afterwards). */
export const sage50Tenants: string[] = [];

// The rows as the ODBC driver returns them (sql.ts's columns; OUTSTANDING as sage-db.ts stores it).
const customerRow = (c: SeedCustomer): Row => ({
  ACCOUNT_REF: c.ref,
  NAME: c.name,
  BALANCE: c.balance,
  CREDIT_LIMIT: c.limit,
  ACCOUNT_ON_HOLD: c.onHold ? 1 : 0,
  STATUS_NUMBER: c.status ?? 0,
  INACTIVE_FLAG: c.inactive ? 1 : 0,
  RECORD_DELETED: c.deleted ? 1 : 0,
  RECORD_MODIFY_DATE: c.modified,
});
const invoiceRow = (t: SeedTran): Row => {
  const outstanding = Math.round((t.gross - (t.paid ?? 0)) * 100) / 100;
  return {
    TRAN_NUMBER: t.tran,
    ACCOUNT_REF: t.ref,
    INV_REF: t.invRef,
    DATE: t.date,
    DUE_DATE: t.due ?? null,
    GROSS_AMOUNT: t.gross,
    OUTSTANDING: outstanding,
    AMOUNT_PAID: t.paid ?? 0,
    PAID_FLAG: outstanding === 0 ? "Y" : "N",
    DELETED_FLAG: t.deleted ? 1 : 0,
    RECORD_MODIFY_DATE: t.modified,
  };
};

/**
 * Pounds as a double → pence, independently of the connector's toPence: the double's shortest
 * decimal text (what JavaScript prints: 1.005 → "1.005", 0.1 + 0.2 → "0.30000000000000004"),
 * rounded half away from zero on the digits.
 */
export function expectedPence(pounds: number): number {
  const text = String(Math.abs(pounds));
  if (text.includes("e")) return 0;
  const [whole = "0", frac = ""] = text.split(".");
  const digits = `${frac}000`;
  const pence = Number(whole) * 100 + Number(digits.slice(0, 2)) + (Number(digits[2]) >= 5 ? 1 : 0);
  return pounds < 0 && pence !== 0 ? -pence : pence;
}

/** The company of `customers` accounts: the seed's rows, then generated ones. */
function company(customers: number) {
  const extra = Math.max(0, customers - SEED_CUSTOMERS.length);
  const gen = generateRows(extra, 3 * extra, 50);
  const trans = [...SEED_TRAN_ROWS, ...gen.trans.map((t) => ({ ...t, tran: t.tran + 1000 }))];
  return { customers: [...SEED_CUSTOMERS, ...gen.customers].slice(0, customers), trans };
}

/** Sage 50 + the connector's batching + the worker's ingest for providerConformance(). */
export const sage50Harness: ProviderHarness = {
  capabilities: { pull: false, push: true, payments: false, webhooks: false },
  pageSize: RECORDS_PER_BATCH,
  async create({ customers }) {
    const rows = company(customers);
    const refs = new Set(rows.customers.map((c) => c.ref));
    const source: SageSource = {
      company: async () => COMPANY,
      customers: async () => rows.customers.map((c) => toCustomer(customerRow(c), HOLD)),
      invoices: async () =>
        rows.trans.filter((t) => t.type === "SI" && refs.has(t.ref)).map((t) => toInvoice(invoiceRow(t))),
      counts: async () => ({ customers: rows.customers.length, invoices: rows.trans.length }),
      close: async () => {},
    };
    let state: ConnectorState = emptyState("conformance");
    const store = { load: () => state, save: (s: ConnectorState) => void (state = s) };
    const limits = { maxRecords: RECORDS_PER_BATCH, maxBytes: 256 * 1024 };
    const cycle = async (send: (batch: unknown) => Promise<{ duplicate: boolean }>) => {
      await runCycle({
        source,
        store,
        limits,
        pusher: {
          send: async (b) => ({ ...(await send(b)), bytes: 0, jsonBytes: 0 }),
          check: async () => ({ ok: true }),
        },
      });
    };
    // The batches a first (full) cycle sends, built once without sending.
    const [cs, is] = [await source.customers(null), await source.invoices(null)];
    const plan = {
      kind: "full" as const,
      cycleId: "20261201T120000-c0nf0rm5",
      since: { customers: null, invoices: null },
    };
    const sent = makeBatches(plan, COMPANY, cs, is, limits).map((b) => ({
      ...b,
      sentAt: "2026-12-01T12:00:00.000Z",
    }));
    const tenant = `tenant-${crypto.randomUUID()}`;
    sage50Tenants.push(tenant);
    let key: string | undefined;
    return {
      session: {},
      push: providerFor("sage50").push,
      batches: () => sent,
      cycle,
      deliver: async (batch) => {
        key ??= await issueKey(tenant);
        const res = await post(key, batch);
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
        return Sage50BatchAck.parse(await res.json());
      },
      held: async (list) => {
        const auth = bearer(await embedToken({ tenant, role: "staff" }));
        const out = new Map<string, number>();
        for (const ref of list) {
          const res = await SELF.fetch(`${WORKER}/api/customers/${encodeURIComponent(ref)}/credit`, {
            headers: auth,
          });
          const body = (await res.json()) as { position?: { balanceMinor?: number } };
          if (body.position?.balanceMinor !== undefined) out.set(ref, body.position.balanceMinor);
        }
        return out;
      },
      emulator: {
        orgRef: COMPANY.name,
        expectedBalances: () => new Map(rows.customers.map((c) => [c.ref, expectedPence(c.balance)])),
        expectedInvoices: () =>
          new Map(
            is.map((i) => [
              String(i.tran),
              expectedPence(rows.trans.find((t) => t.tran === i.tran)?.gross ?? 0),
            ]),
          ),
        fault: () => {
          throw new Error("Sage 50 has no emulator to fault: the suite fails the connector's sends");
        },
        calls: () => 0,
        payable: () => {
          throw new Error("Sage 50 takes no payments");
        },
        paymentsOn: () => 0,
        delivery: async () => {
          throw new Error("Sage 50 sends no webhooks");
        },
      },
    };
  },
};
