// The cursor state machine, pure. Per table the cursor is the newest RECORD_MODIFY_DATE the worker
// has acknowledged, plus the "edge": the rows already delivered whose modify date lies inside the
// overlap window. Deltas re-read from (cursor − overlap) — Sage's clock, the PC's clock and
// late-committing postings are not exact — and the edge drops rows delivered before, so a
// no-change cycle sends nothing. The cursor only moves in commit(), after every batch was acked;
// until then `pending` keeps the cycle id, so a resend after a crash carries the same batch ids.

/** Per-table progress. `at` is Sage local time "YYYY-MM-DDTHH:MM:SS"; `edge` holds "key@modified". */
export interface Cursor {
  at: string | null;
  edge: string[];
}

/** Everything the state file holds. */
export interface ConnectorState {
  v: 1;
  /** Which Sage company and worker this state belongs to (a different one starts over). */
  fingerprint: string;
  customers: Cursor;
  invoices: Cursor;
  /** When the last full snapshot was acknowledged (ISO UTC, the connector's clock). */
  lastFullAt: string | null;
  /** A cycle that was started but not fully acknowledged. */
  pending: { cycleId: string; kind: CycleKind } | null;
}

export type CycleKind = "full" | "delta";

/** What one cycle reads: `since` null means everything. */
export interface CyclePlan {
  kind: CycleKind;
  cycleId: string;
  since: { customers: string | null; invoices: string | null };
}

/** Tunables; defaults in DEFAULTS. */
export interface CursorOptions {
  overlapMs: number;
  fullEveryMs: number;
}

/** 10 minutes of overlap; a full snapshot (which also finds deletions) once a day. */
export const DEFAULTS: CursorOptions = { overlapMs: 10 * 60_000, fullEveryMs: 24 * 3_600_000 };

/** A state that has never delivered anything: the first cycle is a full snapshot. */
export function emptyState(fingerprint: string): ConnectorState {
  const empty = { at: null, edge: [] };
  return { v: 1, fingerprint, customers: empty, invoices: { ...empty }, lastFullAt: null, pending: null };
}

/** Sage local time shifted by `ms` (zone-free arithmetic: both sides are the same wall clock). */
export function shiftLocal(local: string, ms: number): string {
  return new Date(Date.parse(`${local}Z`) + ms).toISOString().slice(0, 19);
}

/** Decides this cycle: resume a pending one, else full when due, else a delta from each cursor. */
export function planCycle(
  state: ConnectorState,
  nowMs: number,
  newId: () => string,
  opts: CursorOptions = DEFAULTS,
): CyclePlan {
  const fullDue =
    state.lastFullAt === null ||
    state.customers.at === null ||
    nowMs - Date.parse(state.lastFullAt) >= opts.fullEveryMs;
  const kind: CycleKind = state.pending?.kind ?? (fullDue ? "full" : "delta");
  const cycleId = state.pending?.cycleId ?? newId();
  if (kind === "full") return { kind, cycleId, since: { customers: null, invoices: null } };
  const from = (c: Cursor) => (c.at === null ? null : shiftLocal(c.at, -opts.overlapMs));
  return { kind, cycleId, since: { customers: from(state.customers), invoices: from(state.invoices) } };
}

/** The state to save before the first batch goes out. */
export function begin(state: ConnectorState, plan: CyclePlan): ConnectorState {
  return { ...state, pending: { cycleId: plan.cycleId, kind: plan.kind } };
}

interface Keyed {
  modified: string | null;
}

/** Delta rows minus those already delivered with the same modify date (the edge). */
export function unseen<T extends Keyed>(rows: T[], cursor: Cursor, key: (row: T) => string): T[] {
  if (cursor.edge.length === 0) return rows;
  const seen = new Set(cursor.edge);
  return rows.filter((r) => !seen.has(`${key(r)}@${r.modified}`));
}

/** The cursor after `rows` (everything read this cycle, delivered or already seen) were acked. */
export function advance<T extends Keyed>(
  cursor: Cursor,
  rows: T[],
  key: (row: T) => string,
  opts: CursorOptions = DEFAULTS,
): Cursor {
  let at = cursor.at;
  for (const r of rows) if (r.modified !== null && (at === null || r.modified > at)) at = r.modified;
  if (at === null) return { at, edge: [] };
  const windowStart = shiftLocal(at, -opts.overlapMs);
  const edge = new Set<string>();
  for (const e of cursor.edge) if (e.slice(e.lastIndexOf("@") + 1) >= windowStart) edge.add(e);
  for (const r of rows)
    if (r.modified !== null && r.modified >= windowStart) edge.add(`${key(r)}@${r.modified}`);
  return { at, edge: [...edge].sort() };
}

/** The state once every batch of the cycle was acknowledged. */
export function commit(
  state: ConnectorState,
  plan: CyclePlan,
  cursors: { customers: Cursor; invoices: Cursor },
  nowMs: number,
): ConnectorState {
  return {
    ...state,
    ...cursors,
    lastFullAt: plan.kind === "full" ? new Date(nowMs).toISOString() : state.lastFullAt,
    pending: null,
  };
}
