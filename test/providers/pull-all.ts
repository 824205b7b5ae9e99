// The conformance suite's pull driver: a full pull, resumed from the last saved cursor after
// every rate limit or transient failure, recording what was delivered (to catch duplicates).

import type { PullSink, PullSource } from "../../worker/provider/capabilities.ts";
import { isProviderError, type ProviderError } from "../../worker/provider/errors.ts";
import type { Customer, Invoice } from "../../worker/provider/model.ts";
import { initialCursor, type SyncCursor } from "../../worker/sync/cursor.ts";

/** A full pull, resumed from the last saved cursor after every rate limit or transient failure. */
export async function pullAll(pull: PullSource, maxCallsPerRun: number) {
  const delivered: string[] = [];
  const customers = new Map<string, Customer>();
  const invoices = new Map<string, Invoice>();
  const errors: ProviderError[] = [];
  let saved: SyncCursor = initialCursor(0);
  const sink: PullSink = {
    customers: (list) => {
      for (const c of list) {
        delivered.push(c.contactId);
        customers.set(c.contactId, c);
      }
    },
    invoices: (list) => {
      for (const i of list) invoices.set(i.invoiceId, i);
    },
    save: async (c) => {
      saved = c;
    },
    intervalMs: () => 300_000,
  };
  for (let run = 0; run < 200; run++) {
    try {
      const c = await pull.pull(saved, sink, maxCallsPerRun);
      saved = c;
      if (c.phase === "idle" && c.lastSyncedAt !== null)
        return { delivered, customers, invoices, errors, cursor: c };
    } catch (err) {
      if (!isProviderError(err, "rate_limited", "transient")) throw err;
      errors.push(err); // resume from `saved`: the failed call delivered nothing
    }
  }
  throw new Error("pull did not finish in 200 runs");
}

/** The refs delivered more than once (a pull must emit each customer once, with its final figures). */
export function repeats(delivered: readonly string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(delivered.filter((id) => seen.has(id) || !seen.add(id)))];
}
