// The worker's own record of every payment it posts to the provider. An Idempotency-Key is kept only a few
// minutes (per app, errors included), so this record, written BEFORE the PUT, is what guarantees that a
// paymentId pays once: an attempt still `pending` on a retry has an unknown outcome (lost response,
// crash, timeout) and is looked up at the provider before anything is sent again.

import * as z from "zod";
import { PaymentPushResult } from "../../shared/payments.ts";
import type { PushRefusal } from "./push.ts";

/** Exactly what was (or is being) sent to the provider, so a retry can resend the identical request. */
export const AttemptRequest = z.object({
  job: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  currency: z.string(),
  amountMinor: z.number().int(),
  /** The decimal sent as the payment's amount, in the currency's own decimals. */
  amount: z.string(),
  date: z.string(),
  accountCode: z.string(),
  reference: z.string(),
});
export type AttemptRequest = z.infer<typeof AttemptRequest>;

const Refusal = z.object({
  status: z.union([z.literal(404), z.literal(409), z.literal(422)]),
  code: z.enum(["not_found", "conflict", "unprocessable"]),
  message: z.string(),
});

/** One payment attempt: `pending` (sent or about to be; outcome unknown), `done` or `refused`. */
export type Attempt =
  | { state: "pending"; paymentId: string; fingerprint: string; tries: number; request: AttemptRequest }
  | {
      state: "done";
      paymentId: string;
      fingerprint: string;
      tries: number;
      request?: AttemptRequest;
      result: PaymentPushResult;
    }
  | {
      state: "refused";
      paymentId: string;
      fingerprint: string;
      tries: number;
      request?: AttemptRequest;
      refusal: PushRefusal;
    };

const Row = z.object({
  payment_id: z.string(),
  fingerprint: z.string(),
  state: z.enum(["pending", "done", "refused"]),
  tries: z.number().int(),
  request: z.string().nullable(),
  outcome: z.string().nullable(),
});

/** The attempt table `pay_attempts` (DO SQLite; created, and the older `pushed` table adopted, by worker/store/migrations.ts). */
export class AttemptStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    this.sql = sql;
  }

  /** The attempt for a paymentId, if any. */
  get(paymentId: string): Attempt | undefined {
    const raw = this.sql.exec("SELECT * FROM pay_attempts WHERE payment_id = ?", paymentId).toArray()[0];
    if (!raw) return undefined;
    const row = Row.parse(raw);
    const base = { paymentId: row.payment_id, fingerprint: row.fingerprint, tries: row.tries };
    const request = row.request === null ? undefined : AttemptRequest.parse(JSON.parse(row.request));
    const outcome: unknown = row.outcome === null ? null : JSON.parse(row.outcome);
    if (row.state === "done")
      return { ...base, state: "done", request, result: PaymentPushResult.parse(outcome) };
    if (row.state === "refused")
      return { ...base, state: "refused", request, refusal: Refusal.parse(outcome) };
    if (!request) throw new Error(`payment attempt ${row.payment_id} is pending without a request`);
    return { ...base, state: "pending", request };
  }

  /** Records that try `tries` is about to be sent; must be written before the PUT leaves. */
  pending(paymentId: string, fp: string, tries: number, request: AttemptRequest, now: number): void {
    this.write(paymentId, fp, "pending", tries, request, null, now);
  }

  /** Records the provider's answer for the pending attempt. */
  settle(a: Attempt & { state: "done" | "refused" }, now: number): void {
    const outcome = a.state === "done" ? a.result : a.refusal;
    this.write(a.paymentId, a.fingerprint, a.state, a.tries, a.request ?? null, outcome, now);
  }

  private write(
    paymentId: string,
    fp: string,
    state: Attempt["state"],
    tries: number,
    request: AttemptRequest | null,
    outcome: unknown,
    now: number,
  ): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO pay_attempts (payment_id, fingerprint, state, tries, request, outcome, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      paymentId,
      fp,
      state,
      tries,
      request === null ? null : JSON.stringify(request),
      outcome === null ? null : JSON.stringify(outcome),
      now,
    );
  }
}
