import * as z from "zod";
import type { PushBatch, Runtime } from "../provider/capabilities.ts";
import type { Customer, Invoice } from "../provider/model.ts";
import { overdueOf } from "../sage50/mapping.ts";
import type { PaymentsService } from "./payments-service.ts";
import type { SyncService } from "./sync-service.ts";

// A connector's batch applied through the same stores as a pull: customers → contact store → KV
// read model; invoices → invoice store → job states → events → feed → signed delivery.

/** Applied batch ids are remembered this long (a connector resends within minutes). */
export const BATCH_SEEN_MS = 7 * 24 * 3600_000;
const SEEN = "push-batch:";
/** The cycle being applied: which of its seqs arrived (its `complete` needs all of them). */
const CYCLE = "push-cycle";
const Cycle = z.object({ cycle: z.string(), seqs: z.array(z.number()) });
/** The first cycle ever applied is the baseline: its invoices announce nothing (as a first sync). */
const FIRST_CYCLE = "push-first-cycle";
/** The calendar day overdue amounts were last computed for (they move at midnight without a push). */
const DAY = "push-day";

/** What applying a batch needs from the tenant object. */
export interface PushHost {
  storage: DurableObjectStorage;
  rt: Runtime;
  sync: SyncService;
  payments: PaymentsService;
}

/** Whether this batch id was applied before. */
export async function seenBatch(storage: DurableObjectStorage, id: string): Promise<boolean> {
  return (await storage.get(`${SEEN}${id}`)) !== undefined;
}

/**
 * Applies one batch (already known to be new), then records its id. Invoices first, so the
 * customers' overdue amounts are computed from the invoices as they are now; on the final batch
 * of a snapshot whose every batch was applied, what the source no longer lists is marked deleted.
 */
export async function applyPush(h: PushHost, b: PushBatch): Promise<{ events: number }> {
  const now = h.rt.now();
  const first = (await h.storage.get<string>(FIRST_CYCLE)) ?? b.cycle;
  if (first === b.cycle) await h.storage.put(FIRST_CYCLE, b.cycle);
  const announce = first !== b.cycle;
  let events = h.payments.ingest(b.invoices, announce).length;

  const stored = Cycle.safeParse(await h.storage.get(CYCLE));
  const seqs = stored.success && stored.data.cycle === b.cycle ? stored.data.seqs : [];
  if (!seqs.includes(b.seq)) seqs.push(b.seq);
  await h.storage.put(CYCLE, { cycle: b.cycle, seqs });

  const store = h.sync.store;
  const touched = new Set<string>([
    ...b.customers.map((c) => c.contactId),
    ...b.invoices.flatMap((i) => (i.contactId ? [i.contactId] : [])),
  ]);
  const byId = new Map<string, Customer>(b.customers.map((c) => [c.contactId, c]));
  if (b.final && b.kind === "snapshot" && b.complete && allArrived(seqs, b.seq)) {
    const keep = new Set(b.complete.invoiceIds);
    const gone: Invoice[] = h.payments.invoices
      .all()
      .filter((i) => !keep.has(i.invoiceId) && i.status !== "DELETED")
      .map((i) => ({ ...i, status: "DELETED" }));
    events += h.payments.ingest(gone, announce).length;
    for (const i of gone) if (i.contactId) touched.add(i.contactId);
    const listed = new Set(b.complete.customerIds);
    for (const id of store.ids()) {
      if (listed.has(id) || byId.has(id)) continue;
      const c = store.get(id);
      if (c && c.status === "ACTIVE") byId.set(id, { ...c, status: "ARCHIVED" });
      touched.add(id);
    }
  }

  const today = h.payments.clock(now).today;
  const newDay = (await h.storage.get<string>(DAY)) !== today;
  const ids = newDay ? new Set([...store.ids(), ...byId.keys()]) : touched;
  const overdue = overdueOf(h.payments.invoices.all(), today);
  const next: Customer[] = [];
  for (const id of ids) {
    const c = byId.get(id) ?? store.get(id);
    if (c) next.push({ ...c, overdueMinor: overdue.get(id) ?? 0 });
  }
  store.upsert(next);
  if (newDay) {
    await h.storage.put(DAY, today);
    await forgetOldBatches(h.storage, now);
  }
  await h.storage.put(`${SEEN}${b.id}`, now);
  await h.sync.recordPush(now, b.kind === "snapshot" && b.final);
  return { events };
}

function allArrived(seqs: readonly number[], last: number): boolean {
  for (let s = 1; s <= last; s++) if (!seqs.includes(s)) return false;
  return true;
}

async function forgetOldBatches(storage: DurableObjectStorage, now: number): Promise<void> {
  const old = [...(await storage.list<number>({ prefix: SEEN }))]
    .filter(([, at]) => now - at > BATCH_SEEN_MS)
    .map(([k]) => k);
  for (let i = 0; i < old.length; i += 128) await storage.delete(old.slice(i, i + 128));
}
