import * as z from "zod/mini";

// The wire contract between the Sage 50 connector (connector/sage50, on the customer's Windows PC)
// and the worker's PushIngest endpoint. Both sides parse with these schemas, so they cannot drift.
// Prose version, with the rules the schemas cannot say: connector/sage50/PROTOCOL.md.

/** Protocol version; the worker answers 400 to a version it does not know. */
export const SAGE50_PROTOCOL_VERSION = 1;
/** Where batches go, relative to the worker URL. */
export const SAGE50_BATCHES_PATH = "/connector/sage50/batches";
/** What `--check` calls, relative to the worker URL. */
export const SAGE50_CHECK_PATH = "/connector/sage50/check";
/** The largest body (after gunzip) the worker accepts; the connector's batches stay far below it. */
export const SAGE50_MAX_BODY_BYTES = 2 * 1024 * 1024;

const money = z.int().check(z.gte(-1_000_000_000_000), z.lte(1_000_000_000_000));
// Sage's local wall-clock time, no zone: "2026-11-30T17:04:05" (or a date "2026-11-30").
const localTime = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/));
const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

/** One SALES_LEDGER row. Amounts in pence; `onHold` is ACCOUNT_ON_HOLD or the account status's ON_HOLD. */
export const Sage50Customer = z.object({
  ref: z.string().check(z.minLength(1), z.maxLength(8)),
  name: z.string().check(z.maxLength(60)),
  balance: money,
  limit: money,
  onHold: z.boolean(),
  inactive: z.boolean(),
  deleted: z.boolean(),
  modified: z.nullable(localTime),
});
export type Sage50Customer = z.infer<typeof Sage50Customer>;

/** One AUDIT_HEADER row of TYPE 'SI' (a posted sales invoice). Amounts in pence. */
export const Sage50Invoice = z.object({
  tran: z.int().check(z.gte(0)),
  customer: z.string().check(z.maxLength(8)),
  number: z.string().check(z.maxLength(30)),
  date: z.nullable(localDate),
  due: z.nullable(localDate),
  gross: money,
  outstanding: money,
  paid: money,
  paidFlag: z.boolean(),
  deleted: z.boolean(),
  modified: z.nullable(localTime),
});
export type Sage50Invoice = z.infer<typeof Sage50Invoice>;

/** The company the connector reads (COMPANY.NAME; Sage 50 UK's base currency is GBP). */
export const Sage50Company = z.object({
  name: z.string().check(z.maxLength(200)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
});
export type Sage50Company = z.infer<typeof Sage50Company>;

/**
 * One POST body. A cycle is 1..n batches with seq 1..n; the last has `final: true`. On the final
 * batch of a full snapshot, `complete` lists every key present in Sage: the worker marks customers
 * and invoices it holds but that are not listed there as deleted.
 */
export const Sage50Batch = z.object({
  v: z.literal(SAGE50_PROTOCOL_VERSION),
  batchId: z.string().check(z.regex(/^[A-Za-z0-9._:-]{8,100}$/)),
  cycleId: z.string().check(z.regex(/^[A-Za-z0-9-]{8,40}$/)),
  seq: z.int().check(z.gte(1)),
  final: z.boolean(),
  kind: z.enum(["full", "delta"]),
  company: Sage50Company,
  customers: z.array(Sage50Customer),
  invoices: z.array(Sage50Invoice),
  complete: z.optional(
    z.object({
      customerRefs: z.array(z.string().check(z.maxLength(8))),
      invoiceTrans: z.array(z.int().check(z.gte(0))),
    }),
  ),
  sentAt: z.iso.datetime(),
});
export type Sage50Batch = z.infer<typeof Sage50Batch>;

/** 200 answer to a batch: `duplicate` when this batchId was applied before (nothing applied again). */
export const Sage50BatchAck = z.object({
  accepted: z.boolean(),
  duplicate: z.boolean(),
});
export type Sage50BatchAck = z.infer<typeof Sage50BatchAck>;

/** 200 answer to GET /connector/sage50/check: the key is valid for this tenant. */
export const Sage50CheckAnswer = z.object({
  ok: z.literal(true),
  tenant: z.optional(z.string()),
});
export type Sage50CheckAnswer = z.infer<typeof Sage50CheckAnswer>;
