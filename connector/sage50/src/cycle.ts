// One connector cycle: plan (full or delta), read Sage, batch, mark the cycle pending, push every
// batch, and only then advance the cursors. Any failure before the last ack leaves the cursors
// where they were, so the next cycle re-reads (and re-sends, with the same ids) what was not acked.
import type { Sage50Customer, Sage50Invoice } from "../../../shared/sage50-protocol.ts";
import { BATCH_LIMITS, type BatchLimits, makeBatches } from "./batch.ts";
import {
  advance,
  begin,
  type ConnectorState,
  type CursorOptions,
  type CycleKind,
  commit,
  DEFAULTS,
  planCycle,
  unseen,
} from "./cursor.ts";
import type { Pusher } from "./push.ts";
import type { SageSource } from "./source.ts";

/** Where the cycle keeps its state (the file in production, memory in unit tests). */
export interface StateStore {
  load(): ConnectorState;
  save(state: ConnectorState): void;
}

/** Everything a cycle touches, injected. */
export interface CycleDeps {
  source: SageSource;
  pusher: Pusher;
  store: StateStore;
  now?: () => number;
  newId?: () => string;
  log?: (line: string) => void;
  cursor?: CursorOptions;
  limits?: BatchLimits;
}

/** What a cycle did (the per-cycle log line). */
export interface CycleSummary {
  kind: CycleKind;
  company: string;
  customers: number;
  invoices: number;
  batches: number;
  duplicates: number;
  bytes: number;
  jsonBytes: number;
  ms: number;
}

const customerKey = (c: Sage50Customer) => c.ref;
const invoiceKey = (i: Sage50Invoice) => String(i.tran);

/** A sortable, readable cycle id: UTC time + random suffix. */
export function cycleId(nowMs: number): string {
  const t = new Date(nowMs).toISOString().replace(/[-:]/g, "").slice(0, 15);
  return `${t}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Runs one cycle; throws ConnectorError (state unchanged apart from `pending`) on failure. */
export async function runCycle(deps: CycleDeps): Promise<CycleSummary> {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const opts = deps.cursor ?? DEFAULTS;
  const started = performance.now();
  const state = deps.store.load();
  const plan = planCycle(state, now(), deps.newId ?? (() => cycleId(now())), opts);

  const company = await deps.source.company();
  // A delta cannot follow rows without a modify date (only full snapshots carry them); a table
  // with no cursor yet (it was empty) is read whole, so its first rows are not missed.
  const tracked = <T extends { modified: string | null }>(rows: T[]) =>
    plan.kind === "delta" ? rows.filter((r) => r.modified !== null) : rows;
  const customersRead = tracked(await deps.source.customers(plan.since.customers));
  const invoicesRead = tracked(await deps.source.invoices(plan.since.invoices));
  const customers =
    plan.kind === "full" ? customersRead : unseen(customersRead, state.customers, customerKey);
  const invoices = plan.kind === "full" ? invoicesRead : unseen(invoicesRead, state.invoices, invoiceKey);
  const batches = makeBatches(plan, company, customers, invoices, deps.limits ?? BATCH_LIMITS);

  if (plan.kind === "full" && batches.length > 1)
    log(
      `full snapshot: ${customers.length} customers, ${invoices.length} invoices in ${batches.length} batches`,
    );

  deps.store.save(begin(state, plan));
  const summary: CycleSummary = {
    kind: plan.kind,
    company: company.name,
    customers: customers.length,
    invoices: invoices.length,
    batches: batches.length,
    duplicates: 0,
    bytes: 0,
    jsonBytes: 0,
    ms: 0,
  };
  let records = 0;
  const total = customers.length + invoices.length;
  for (const batch of batches) {
    const d = await deps.pusher.send({ ...batch, sentAt: new Date(now()).toISOString() });
    summary.bytes += d.bytes;
    summary.jsonBytes += d.jsonBytes;
    if (d.duplicate) summary.duplicates++;
    records += batch.customers.length + batch.invoices.length;
    if (batches.length > 1)
      log(`${plan.kind}: batch ${batch.seq}/${batches.length} acked (${records}/${total} records)`);
  }
  // A full snapshot is the whole truth: its cursors start afresh (even if Sage's clock went back).
  const base = (c: ConnectorState["customers"]) => (plan.kind === "full" ? { at: null, edge: [] } : c);
  const cursors = {
    customers: advance(base(state.customers), customersRead, customerKey, opts),
    invoices: advance(base(state.invoices), invoicesRead, invoiceKey, opts),
  };
  deps.store.save(commit(state, plan, cursors, now()));
  summary.ms = Math.round(performance.now() - started);
  return summary;
}

/** The one log line per cycle. */
export function describe(s: CycleSummary): string {
  const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
  const dup = s.duplicates ? `, ${s.duplicates} already applied` : "";
  return `${s.kind} "${s.company}": ${s.customers} customers, ${s.invoices} invoices in ${s.batches} batch${s.batches === 1 ? "" : "es"}${dup}, ${kb(s.bytes)} sent (${kb(s.jsonBytes)} JSON), ${(s.ms / 1000).toFixed(1)} s`;
}
