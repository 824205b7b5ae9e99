import { JobPaymentLookup } from "../../shared/payments.ts";
import type { AggElement } from "../base/agg-element.ts";
import { ApiError } from "../base/api-client.ts";

/** Wraps a zod/mini schema as a response parser whose failure is a readable ApiError, not a ZodError. */
export function parser<T>(schema: {
  safeParse(v: unknown): { success: true; data: T } | { success: false };
}): (json: unknown) => T {
  return (json) => {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    throw new ApiError(
      502,
      "bad_response",
      "AGG SMART Accounts Connect sent an answer this page can't read.",
    );
  };
}

const readLookup = parser<JobPaymentLookup>(JobPaymentLookup);

/** `GET /api/jobs/{job}/payment`: the job's invoice payment state from the read model. */
export function fetchPayment(el: AggElement, job: string, signal: AbortSignal): Promise<JobPaymentLookup> {
  return el.call(`/api/jobs/${encodeURIComponent(job)}/payment`, readLookup, { signal });
}
