// What a tenant does with QuickBooks webhook events (after dedupe): Invoice → re-read those
// invoices (their customers follow); Customer → re-read those customers; a Merge (`id` = the
// survivor, `deletedId` = the record merged away) is first written to the tenant's merge map —
// the only place QuickBooks names it — then both are re-read; Payment → read the payment to learn
// its customer and the invoices it was applied to (the event names the payment only, and an
// invoice's balance moves without the invoice necessarily being announced), then re-read those.
// Other entities need nothing.

import * as z from "zod";
import type { WebhookItem, WebhookTargets } from "../provider/capabilities.ts";
import { isProviderError } from "../provider/errors.ts";
import type { CustomerMerges } from "../provider/provider.ts";
import { qboLiteral } from "./api.ts";
import { paymentTargets, QboPaymentLinks } from "./payment-links.ts";
import type { Call } from "./reads.ts";

/** At most this many payments are read per delivery; the rest wait for the sync (CDC). */
export const MAX_PAYMENT_READS = 100;

const Payments = z.object({
  QueryResponse: z.object({ Payment: z.array(QboPaymentLinks).optional() }).loose(),
});

/** Where merges are written, and the clock that dates them. */
export interface QboEventDeps {
  merges?: CustomerMerges;
  now(): number;
}

/** Re-reads what the events point at: invoices first, then every customer whose balance moved. */
export async function applyQboEvents(
  call: Call,
  items: readonly WebhookItem[],
  targets: WebhookTargets,
  deps: QboEventDeps,
): Promise<{ overflow: boolean }> {
  const invoices = new Set<string>();
  const customers = new Set<string>();
  const payments = new Set<string>();
  for (const i of items) {
    const id = i.resourceId;
    if (!id) continue;
    if (i.entity === "Invoice") invoices.add(id);
    else if (i.entity === "Customer") {
      customers.add(id);
      if (i.deletedId) {
        if (i.operation === "Merge") deps.merges?.record(i.deletedId, id, deps.now());
        customers.add(i.deletedId);
      }
    } else if (i.entity === "Payment" && i.operation !== "Delete") payments.add(id);
  }
  const list = [...payments];
  const read = list.slice(0, MAX_PAYMENT_READS);
  if (read.length > 0) {
    try {
      const q = `SELECT * FROM Payment WHERE Id IN (${read.map(qboLiteral).join(", ")}) MAXRESULTS 1000`;
      const body = Payments.parse(await call({ path: "/query", query: { query: q } }));
      for (const p of body.QueryResponse.Payment ?? []) {
        const t = paymentTargets(p);
        if (t.customer) customers.add(t.customer);
        for (const id of t.invoices) invoices.add(id);
      }
    } catch (err) {
      if (!isProviderError(err, "not_found")) throw err;
    }
  }
  if (invoices.size > 0)
    for (const id of (await targets.invoices([...invoices])).customerRefs) customers.add(id);
  if (customers.size > 0) await targets.customers([...customers]);
  // A deleted payment's invoices are not named anywhere now: the next CDC run re-reads them.
  const deletedPayment = items.some((i) => i.entity === "Payment" && i.operation === "Delete");
  return { overflow: list.length > MAX_PAYMENT_READS || deletedPayment };
}
