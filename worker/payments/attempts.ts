// The worker's own record of every payment it posts to Xero. Xero's Idempotency-Key is kept only a few
// minutes (per app, errors included), so this record, written BEFORE the PUT, is what guarantees that a
// paymentId pays once: an attempt still `pending` on a retry has an unknown outcome (lost response,
// crash, timeout) and is looked up at Xero before anything is sent again.

import * as z from "zod";
import { parseAmount } from "../../shared/money.ts";
import { PaymentPushResult } from "../../shared/payments.ts";
import { fingerprint, type PushRefusal } from "./push.ts";

/** Exactly what was (or is being) sent to Xero, so a retry can resend the identical request. */
export const AttemptRequest = z.object({
  job: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.string(),
  currency: z.string(),
  amountMinor: z.number().int(),
  /** The decimal sent as Xero's Amount, in the currency's own decimals. */
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

const SCHEMA = `CREATE TABLE IF NOT EXISTS pay_attempts (payment_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
  state TEXT NOT NULL, tries INTEGER NOT NULL, request TEXT, outcome TEXT, updated_at INTEGER NOT NULL)`;

/** A result stored before results carried `amountMinor`/`currency`. */
const LegacyResult = z.looseObject({
  paymentId: z.string(),
  job: z.string(),
  invoiceNumber: z.string(),
  xeroPaymentId: z.string(),
  amount: z.string(),
  date: z.string(),
  accountCode: z.string(),
  currency: z.string().optional(),
});

/** The attempt table (DO SQLite), with the older `pushed` table's outcomes carried over once. */
export class AttemptStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage, tenant: string, currency: string) {
    this.sql = sql;
    sql.exec(SCHEMA);
    this.adoptLegacy(tenant, currency);
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

  /** Records Xero's answer for the pending attempt. */
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

  /** Outcomes from the `pushed` table (before attempts were recorded) become `done` attempts, then it goes. */
  private adoptLegacy(tenant: string, currency: string): void {
    const exists = this.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'pushed'")
      .toArray().length;
    if (!exists) return;
    for (const raw of this.sql.exec("SELECT payment_id, json FROM pushed").toArray()) {
      const old = LegacyResult.parse(JSON.parse(String(raw.json)));
      const parsed = parseAmount(old.amount, old.currency ?? currency);
      const result: PaymentPushResult = {
        paymentId: old.paymentId,
        job: old.job,
        invoiceNumber: old.invoiceNumber,
        xeroPaymentId: old.xeroPaymentId,
        amount: old.amount,
        amountMinor: parsed.kind === "amount" ? parsed.minor : 0,
        currency: old.currency ?? currency,
        date: old.date,
        accountCode: old.accountCode,
        replayed: false,
      };
      const fp = fingerprint(tenant, old.job, {
        paymentId: old.paymentId,
        amount: old.amount,
        date: old.date,
      });
      this.sql.exec(
        "INSERT OR IGNORE INTO pay_attempts (payment_id, fingerprint, state, tries, request, outcome, updated_at) VALUES (?, ?, 'done', 1, NULL, ?, 0)",
        String(raw.payment_id),
        fp,
        JSON.stringify(result),
      );
    }
    this.sql.exec("DROP TABLE pushed");
  }
}
