// Splits a cycle's records into size-capped batches with idempotent ids. The id hashes the cycle
// id, the sequence number and the content: a resend after a crash (same pending cycle, same data)
// has the same id and the worker answers `duplicate` instead of applying it twice.
import { createHash } from "node:crypto";
import type {
  Sage50Batch,
  Sage50Company,
  Sage50Customer,
  Sage50Invoice,
} from "../../../shared/sage50-protocol.ts";
import { SAGE50_PROTOCOL_VERSION } from "../../../shared/sage50-protocol.ts";
import type { CyclePlan } from "./cursor.ts";

/** A batch before it is stamped with `sentAt`. */
export type UnsentBatch = Omit<Sage50Batch, "sentAt">;

/** Caps per batch; well under the worker's 2 MB body limit. */
export interface BatchLimits {
  maxRecords: number;
  maxBytes: number;
}

/** 1,000 records or ~256 KB of JSON per batch, whichever comes first. */
export const BATCH_LIMITS: BatchLimits = { maxRecords: 1_000, maxBytes: 256 * 1024 };

type Item = { customer: Sage50Customer } | { invoice: Sage50Invoice };

/** The content hash part of a batch id. */
function contentHash(batch: Omit<UnsentBatch, "batchId">): string {
  return createHash("sha256").update(JSON.stringify(batch)).digest("base64url").slice(0, 22);
}

/** Batches for one cycle (at least one: an empty delta still tells the worker the connector is alive). */
export function makeBatches(
  plan: CyclePlan,
  company: Sage50Company,
  customers: Sage50Customer[],
  invoices: Sage50Invoice[],
  limits: BatchLimits = BATCH_LIMITS,
): UnsentBatch[] {
  const items: Item[] = [
    ...customers.map((customer) => ({ customer })),
    ...invoices.map((invoice) => ({ invoice })),
  ];
  const groups: Item[][] = [[]];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify(item).length;
    const current = groups[groups.length - 1] as Item[];
    if (current.length > 0 && (current.length >= limits.maxRecords || bytes + size > limits.maxBytes)) {
      groups.push([item]);
      bytes = size;
    } else {
      current.push(item);
      bytes += size;
    }
  }
  return groups.map((group, i) => {
    const final = i === groups.length - 1;
    const body: Omit<UnsentBatch, "batchId"> = {
      v: SAGE50_PROTOCOL_VERSION,
      cycleId: plan.cycleId,
      seq: i + 1,
      final,
      kind: plan.kind,
      company,
      customers: group.flatMap((it) => ("customer" in it ? [it.customer] : [])),
      invoices: group.flatMap((it) => ("invoice" in it ? [it.invoice] : [])),
    };
    if (final && plan.kind === "full")
      body.complete = {
        customerRefs: customers.map((c) => c.ref),
        invoiceTrans: invoices.map((v) => v.tran),
      };
    return { batchId: `${plan.cycleId}.${i + 1}.${contentHash(body)}`, ...body };
  });
}
