import type { JobPayment } from "../../shared/payments.ts";
import { Invoice, type JobMatchField, jobKey } from "../provider/model.ts";
import { jsonRows } from "../store/json-rows.ts";
import { eventFor, jobPayment, levelOf } from "./job-state.ts";

/** Which invoice field carries AGG SMART's job number. */
export type MatchField = JobMatchField;

/** A level change worth telling AGG SMART about. */
export interface JobChange {
  type: "job.paid" | "job.part_paid" | "job.unpaid";
  job: string;
  payment: JobPayment;
}

/** Context for recomputing jobs: the organisation's calendar day, the time, the base currency. */
export interface JobClock {
  today: string;
  now: string;
  currency: string;
}

const keyOf = (r: Invoice, f: MatchField) => jobKey(f === "Reference" ? r.reference : r.invoiceNumber);

/**
 * The tenant's sales invoices in its Durable Object's SQLite, and the last payment level seen per
 * job, so a change of level (paid, part paid, unpaid again) is detected exactly once.
 */
export class InvoiceStore {
  private readonly sql: SqlStorage;

  constructor(sql: SqlStorage) {
    // Tables `invoices` and `jobs`: worker/store/migrations.ts.
    this.sql = sql;
  }

  /** Stores invoices; returns the level changes of the jobs they belong to (before and after). */
  upsert(records: readonly Invoice[], field: MatchField, clock: JobClock, announce: boolean): JobChange[] {
    const touched = new Map<string, string>();
    for (const r of records) {
      const old = this.get(r.invoiceId);
      if (old && keyOf(old, field))
        touched.set(keyOf(old, field), field === "Reference" ? old.reference : old.invoiceNumber);
      if (keyOf(r, field))
        touched.set(keyOf(r, field), field === "Reference" ? r.reference : r.invoiceNumber);
      this.sql.exec(
        "INSERT OR REPLACE INTO invoices (id, k_ref, k_num, json) VALUES (?, ?, ?, ?)",
        r.invoiceId,
        jobKey(r.reference),
        jobKey(r.invoiceNumber),
        JSON.stringify(r),
      );
    }
    const changes: JobChange[] = [];
    for (const [k, ref] of touched) {
      const payment = jobPayment(ref.trim(), this.forKey(k, field), clock.today, clock.currency, clock.now);
      const after = levelOf(payment);
      const before = this.sql
        .exec<{ level: string }>("SELECT level FROM jobs WHERE k = ?", k)
        .toArray()[0]?.level;
      this.sql.exec("INSERT OR REPLACE INTO jobs (k, level) VALUES (?, ?)", k, after);
      // A job first seen now (new invoice) counts as having had no payment before.
      const type = eventFor((before ?? "none") as ReturnType<typeof levelOf>, after);
      if (announce && type) changes.push({ type, job: payment.job, payment });
    }
    return changes;
  }

  /** One invoice by id. */
  get(invoiceId: string): Invoice | null {
    return jsonRows(this.sql, Invoice, "SELECT json FROM invoices WHERE id = ?", invoiceId)[0] ?? null;
  }

  /** The invoices linked to a job (normalised key) by the configured field. */
  forKey(k: string, field: MatchField): Invoice[] {
    const col = field === "Reference" ? "k_ref" : "k_num";
    return jsonRows(this.sql, Invoice, `SELECT json FROM invoices WHERE ${col} = ?`, k);
  }

  /** A job's payment position, computed from its stored invoices. */
  payment(job: string, field: MatchField, clock: JobClock): JobPayment {
    return jobPayment(job.trim(), this.forKey(jobKey(job), field), clock.today, clock.currency, clock.now);
  }

  /** Recomputes every job's level under `field` without announcing anything (the match field changed). */
  rebaseline(field: MatchField, clock: JobClock): void {
    this.sql.exec("DELETE FROM jobs");
    const groups = new Map<string, Invoice[]>();
    for (const rec of this.all()) {
      const k = keyOf(rec, field);
      if (k) groups.set(k, [...(groups.get(k) ?? []), rec]);
    }
    for (const [k, list] of groups) {
      this.sql.exec(
        "INSERT INTO jobs (k, level) VALUES (?, ?)",
        k,
        levelOf(jobPayment(k, list, clock.today, clock.currency, clock.now)),
      );
    }
  }

  /** Every stored invoice (a push provider derives overdue amounts and deletions from them). */
  all(): Invoice[] {
    return jsonRows(this.sql, Invoice, "SELECT json FROM invoices");
  }

  /** How many invoices are stored. */
  count(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM invoices").one().n;
  }
}
