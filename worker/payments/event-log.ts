import { type AggEvent, AggEvent as AggEventSchema, type EventPage } from "../../shared/payments.ts";
import type { JobChange } from "./invoice-store.ts";

/** Events are retried for 24 hours, then left for the feed (AGG SMART polls `/events`). */
export const DELIVERY_WINDOW_MS = 24 * 3600_000;

/** Backoff after the n-th failed attempt: 10 s, 20 s, 40 s … capped at 30 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

/** An undelivered event with its delivery bookkeeping. */
export interface Pending {
  event: AggEvent;
  attempts: number;
  nextAt: number;
  createdAt: number;
}

/**
 * The tenant's ordered, durable event log (DO SQLite). `seq` orders it and is the feed cursor;
 * `id` is stable across redeliveries so receivers can dedupe.
 */
export class EventLog {
  private readonly sql: SqlStorage;
  private readonly tenant: string;

  constructor(sql: SqlStorage, tenant: string) {
    this.sql = sql;
    this.tenant = tenant; // table `events`: worker/store/migrations.ts
  }

  /** Appends events in order; returns them with their sequence numbers. */
  append(changes: readonly JobChange[], now: number): AggEvent[] {
    const out: AggEvent[] = [];
    for (const c of changes) {
      const id = `evt_${crypto.randomUUID().replace(/-/g, "")}`;
      const seq = this.sql
        .exec<{ seq: number }>(
          "INSERT INTO events (id, json, created_at, next_at) VALUES (?, '{}', ?, ?) RETURNING seq",
          id,
          now,
          now,
        )
        .one().seq;
      const event: AggEvent = {
        id,
        seq,
        type: c.type,
        tenant: this.tenant,
        job: c.job,
        createdAt: new Date(now).toISOString(),
        payment: c.payment,
      };
      this.sql.exec("UPDATE events SET json = ? WHERE seq = ?", JSON.stringify(event), seq);
      out.push(event);
    }
    return out;
  }

  /** Events after `after` (a seq; "" or "0" = from the start), oldest first. */
  page(after: number, limit: number): EventPage {
    const rows = this.sql
      .exec<{ json: string; seq: number }>(
        "SELECT json, seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        after,
        limit + 1,
      )
      .toArray();
    const events = rows.slice(0, limit).map((r) => AggEventSchema.parse(JSON.parse(r.json)));
    const last = events.at(-1)?.seq ?? after;
    return { events, next: String(last), hasMore: rows.length > limit };
  }

  /** The oldest event not yet delivered (and not given up on): deliveries go in order. */
  head(): Pending | null {
    const row = this.sql
      .exec<{ json: string; attempts: number; next_at: number; created_at: number }>(
        "SELECT json, attempts, next_at, created_at FROM events WHERE delivered_at IS NULL AND gave_up = 0 ORDER BY seq LIMIT 1",
      )
      .toArray()[0];
    if (!row) return null;
    return {
      event: AggEventSchema.parse(JSON.parse(row.json)),
      attempts: row.attempts,
      nextAt: row.next_at,
      createdAt: row.created_at,
    };
  }

  /** Records a successful delivery. */
  delivered(seq: number, now: number): void {
    this.sql.exec("UPDATE events SET delivered_at = ?, attempts = attempts + 1 WHERE seq = ?", now, seq);
  }

  /** Records a failed attempt: retry later, or give up after the delivery window. */
  failed(p: Pending, now: number, error: string): void {
    const attempts = p.attempts + 1;
    const giveUp = now - p.createdAt >= DELIVERY_WINDOW_MS;
    this.sql.exec(
      "UPDATE events SET attempts = ?, next_at = ?, gave_up = ?, last_error = ? WHERE seq = ?",
      attempts,
      now + backoffMs(attempts),
      giveUp ? 1 : 0,
      error.slice(0, 500),
      p.event.seq,
    );
  }

  /** Delivery bookkeeping of one event (tests, diagnostics). */
  status(seq: number): { attempts: number; delivered: boolean; gaveUp: boolean } | null {
    const r = this.sql
      .exec<{ attempts: number; delivered_at: number | null; gave_up: number }>(
        "SELECT attempts, delivered_at, gave_up FROM events WHERE seq = ?",
        seq,
      )
      .toArray()[0];
    return r ? { attempts: r.attempts, delivered: r.delivered_at !== null, gaveUp: r.gave_up === 1 } : null;
  }
}
