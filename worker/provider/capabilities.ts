// What an accounting provider can do, one interface per capability. A provider implements only
// the ones it has: the cloud systems are OAuth + pull + payments + webhooks; a desktop system with
// no cloud API (Sage 50) has a connector on the customer's PC push batches (PushIngest) and
// nothing is pulled. The tenant layer asks the registry for a provider and checks which capabilities exist.

import type { BankAccount } from "../../shared/settings.ts";
import type { SyncCursor } from "../sync/cursor.ts";
import type { ProviderError } from "./errors.ts";
import type {
  Customer,
  Invoice,
  JobMatchField,
  OrgInfo,
  PaymentRefusal,
  PaymentRequest,
  PaymentResult,
  TokenSet,
} from "./model.ts";

/** The outbound fetch (tests route it to an emulator). */
export type FetchFn = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Clock, network and sleep: injected into every service and provider, never read from globals. */
export interface Runtime {
  now(): number;
  fetch: FetchFn;
  sleep(ms: number): Promise<void>;
}

/** Where a pull writes what it reads, and how it is paced. */
export interface PullSink {
  customers(list: readonly Customer[]): void;
  /** `baseline`: the very first sync (nothing is announced yet). */
  invoices(list: readonly Invoice[], baseline: boolean): void;
  /** Persists the cursor; called after every provider call, so any failure resumes exactly there. */
  save(cursor: SyncCursor): Promise<void>;
  /** The pause until the next scheduled run (read when a run finishes). */
  intervalMs(): number;
  /** Set when a call budget is spent: stop and resume after this many ms (null: go on). */
  pauseMs?(): number | null;
}

/** Incremental reads under a call budget (cloud providers). Failures are ProviderErrors. */
export interface PullSource {
  /** Runs (or resumes) the sync from `start` for at most `maxCalls` calls; returns the cursor (idle when finished). */
  pull(start: SyncCursor, sink: PullSink, maxCalls: number): Promise<SyncCursor>;
  /** Re-reads customers by the provider's ids (balances moved). */
  customers(refs: readonly string[]): Promise<Customer[]>;
  /** Re-reads sales invoices by id (other documents are left out). */
  invoices(refs: readonly string[]): Promise<Invoice[]>;
  /** A job's invoices read live, by the configured match field. */
  jobInvoices(job: string, field: JobMatchField): Promise<Invoice[]>;
}

/**
 * One batch a desktop connector posted (Sage 50): part of a full snapshot or of the changes since
 * the last cycle. A cycle is batches `seq` 1..n, the last `final`. Idempotency is by `id`, not by
 * a consecutive seq: a connector that lost an answer resends the same batch with the same id,
 * while overlapping deltas may legitimately repeat records under new ids (upserts make that
 * harmless), so a seq gap or repeat across cycles is no error.
 */
export interface PushBatch {
  /** Dedupe key: the same id again is answered `duplicate` and applies nothing. */
  id: string;
  /** The cycle this batch belongs to; `complete` applies only when all its batches were applied. */
  cycle: string;
  seq: number;
  final: boolean;
  kind: "snapshot" | "delta";
  org: OrgInfo;
  customers: Customer[];
  invoices: Invoice[];
  /** Final batch of a snapshot: every customer and invoice id present at the source (others were removed). */
  complete?: { customerIds: string[]; invoiceIds: string[] };
}

/** Data arrives by push, not by polling (Sage 50). */
export interface PushIngest {
  /** Validates a posted body (the provider's own record shapes) into neutral records, or says why not. */
  parse(body: unknown): PushBatch | ProviderError;
}

/** Posting a payment to an invoice (cloud providers). Exactly-once is the core's job (pay_attempts). */
export interface PaymentWriter {
  /** Accounts a payment may go into. */
  accounts(): Promise<BankAccount[]>;
  /** The payment an earlier try of `req` made, found by its reference on its invoice; null when none. */
  find(req: PaymentRequest): Promise<string | null>;
  /** Posts `req`; a refusal is a ProviderError of kind `validation` (nothing was applied). */
  post(req: PaymentRequest, idempotencyKey: string): Promise<PaymentResult>;
  /** A refusal in words an admin can act on; `accountProblem` when the chosen account is the cause. */
  refusal(err: ProviderError, job: string): PaymentRefusal & { accountProblem?: string };
}

/** One event of a verified delivery, as handed to a tenant (serialisable: it crosses an RPC). */
export type WebhookItem = {
  /** Dedupe key, stable across the provider's redeliveries. */
  key: string;
  [field: string]: string | undefined;
};

/** A verified delivery's events grouped by the organisation they concern. */
export type WebhookDelivery =
  | { status: 200; byOrg: Map<string, WebhookItem[]>; notes: Record<string, unknown>[] }
  | { status: 401 | 413 };

/** What a tenant's webhook handling re-reads through. */
export interface WebhookTargets {
  invoices(refs: readonly string[]): Promise<{ customerRefs: string[] }>;
  customers(refs: readonly string[]): Promise<void>;
}

/** Deliveries from the provider (cloud providers). */
export interface WebhookReceiver {
  /** Reads (size-capped), verifies over the raw bytes and parses a delivery. */
  receive(
    body: ReadableStream<Uint8Array> | null,
    header: (name: string) => string | undefined,
  ): Promise<WebhookDelivery>;
}

/** A tenant's side of webhooks: what the events point at is re-read. */
export interface WebhookApplier {
  /** Returns whether more changed than was read (a sync should come soon). */
  apply(items: readonly WebhookItem[], targets: WebhookTargets): Promise<{ overflow: boolean }>;
}

/** Everything the OAuth side of a connection needs from a provider, per tenant. */
export interface OAuthConnector {
  /** A new token set for a refresh token (the provider may rotate it). */
  refresh(refreshToken: string): Promise<TokenSet>;
  /** The organisation behind a connection. */
  organisation(accessToken: string, orgRef: string): Promise<OrgInfo>;
  /** Whether the organisation is still connected to the app. */
  stillConnected(accessToken: string, orgRef: string): Promise<boolean>;
}
