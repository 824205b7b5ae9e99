import type { JobPaymentLookup } from "../../shared/payments.ts";
import type { AggElement } from "../base/agg-element.ts";
import { fields, reader } from "../base/api-client.ts";

// A found payment must carry its currency and invoices: the column formats and lists them.
const readLookup = reader<JobPaymentLookup>((o) => {
  if (o.state !== "found") return o.state === "not_synced" || o.state === "not_connected";
  const p = fields(o.payment);
  return !!p && typeof p.currency === "string" && typeof p.state === "string" && Array.isArray(p.invoices);
});

/** `GET /api/jobs/{job}/payment`: the job's invoice payment state from the read model. */
export function fetchPayment(el: AggElement, job: string, signal: AbortSignal): Promise<JobPaymentLookup> {
  return el.call(`/api/jobs/${encodeURIComponent(job)}/payment`, readLookup, { signal });
}
