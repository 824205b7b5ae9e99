// One conformance suite for accounting providers, written once and run against each provider
// wired to its emulator (as cloudflare/workers-oauth-provider runs one storage suite against
// every backend). A provider is done when this passes for it. The harness supplies the provider,
// an emulator control and capability flags; a pull provider (Xero, QuickBooks Online) runs the
// pull, payment and webhook parts, a push provider (Sage 50) the batch parts.
// Over 12 KB on purpose: the suite is one contract read top to bottom; its pull driver is pull-all.ts.

import { describe, expect, it } from "vitest";
import type {
  PullSource,
  PushBatch,
  PushIngest,
  WebhookReceiver,
} from "../../worker/provider/capabilities.ts";
import { isProviderError, ProviderError } from "../../worker/provider/errors.ts";
import type { PaymentRequest } from "../../worker/provider/model.ts";
import type { ProviderSession } from "../../worker/provider/provider.ts";
import { pullAll, repeats } from "./pull-all.ts";

/** A fault the emulator injects into the next matching calls. */
export type FaultKind = "rate_limit" | "server_error" | "timeout";

/** What the suite may do to a provider's emulator. */
export interface EmulatorControl {
  /** Every customer the provider holds: ref → receivable outstanding in minor units. */
  expectedBalances(): Map<string, number>;
  /** Customers owing past due (ref → minor units, a parent's including its sub-customers'), where the provider reports overdue. */
  expectedOverdue?(): Map<string, number>;
  /** Every sales invoice: ref → total in minor units. */
  expectedInvoices(): Map<string, number>;
  /** The next `times` reads of `on` fail with `kind` (a timeout = an answer that never arrives). */
  fault(kind: FaultKind, on: "customers" | "invoices", times: number): void;
  /** Data calls the emulator has answered. */
  calls(): number;
  /** An invoice that can take a payment, with the account it goes into (reference filled in by the suite). */
  payable(): { request: Omit<PaymentRequest, "reference">; dueMinor: number };
  /** Payments the provider holds on an invoice. */
  paymentsOn(invoiceRef: string): number;
  /** A webhook delivery as the provider would send it (`valid` = correctly signed). */
  delivery(valid: boolean): Promise<{ body: Uint8Array<ArrayBuffer>; headers: Record<string, string> }>;
  /** The organisation's ref, as deliveries name it. */
  orgRef: string;
}

/** A provider instance wired to a fresh, seeded emulator. */
export interface ProviderUnderTest {
  session: ProviderSession;
  webhooks?: WebhookReceiver;
  push?: PushIngest;
  emulator: EmulatorControl;
  /** Push providers: the batches a connector would post for the seeded data, in order (own record shapes). */
  batches?(): unknown[];
  /** Push providers: one connector cycle sending through `send` (its state kept between calls, as on disk). */
  cycle?(send: (batch: unknown) => Promise<{ duplicate: boolean }>): Promise<void>;
  /** Push providers: posts one batch to the worker's real ingest; `duplicate` when it applied nothing. */
  deliver?(batch: unknown): Promise<{ duplicate: boolean }>;
  /** Push providers: the balance (minor units) the worker now shows per ref. */
  held?(refs: string[]): Promise<Map<string, number>>;
}

/** What the suite needs to know and do for one provider. */
export interface ProviderHarness {
  capabilities: { pull: boolean; push: boolean; payments: boolean; webhooks: boolean };
  /** The provider's largest page (the suite seeds a little over two pages). */
  pageSize: number;
  /** A fresh provider and emulator holding `customers` customers. */
  create(opts: { customers: number }): Promise<ProviderUnderTest>;
}

const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b));
const ref = () => `AGG SMART conformance ${crypto.randomUUID().slice(0, 8)}`;

/** Registers the suite for provider `name`. */
export function providerConformance(name: string, harness: ProviderHarness): void {
  const n = 2 * harness.pageSize + 37;
  const { pull, push, payments, webhooks } = harness.capabilities;

  describe.runIf(pull)(`${name} conformance: pull`, () => {
    it("pages through every customer exactly once, with exact balances in minor units", async () => {
      const p = await harness.create({ customers: n });
      const r = await pullAll(p.session.pull as PullSource, 1);
      expect(r.customers.size).toBe(n);
      expect(repeats(r.delivered)).toEqual([]); // each customer once, with its final figures
      expect(r.delivered).toHaveLength(n);
      const got = new Map([...r.customers].map(([k, c]) => [k, c.outstandingMinor]));
      expect(sorted(got)).toEqual(sorted(p.emulator.expectedBalances()));
      const overdue = new Map(
        [...r.customers].filter(([, c]) => c.overdueMinor).map(([k, c]) => [k, c.overdueMinor]),
      );
      if (p.emulator.expectedOverdue) expect(sorted(overdue)).toEqual(sorted(p.emulator.expectedOverdue()));
      for (const c of r.customers.values()) expect(Number.isInteger(c.outstandingMinor)).toBe(true);
      const totals = new Map([...r.invoices].map(([k, i]) => [k, i.totalMinor]));
      expect(sorted(totals)).toEqual(sorted(p.emulator.expectedInvoices()));
    });

    for (const kind of ["rate_limit", "server_error", "timeout"] as const) {
      it(`resumes after ${kind} without gaps or duplicates`, async () => {
        const p = await harness.create({ customers: n });
        p.emulator.fault(kind, "customers", 3);
        p.emulator.fault(kind, "invoices", 3);
        const r = await pullAll(p.session.pull as PullSource, 2);
        expect(r.errors.length).toBeGreaterThan(0);
        expect(r.errors.every((e) => e.kind === (kind === "rate_limit" ? "rate_limited" : "transient"))).toBe(
          true,
        );
        if (kind === "rate_limit") expect(r.errors[0]?.retryAfterMs).toBeGreaterThan(0);
        expect(repeats(r.delivered)).toEqual([]);
        expect(r.delivered).toHaveLength(n);
        const got = new Map([...r.customers].map(([k, c]) => [k, c.outstandingMinor]));
        expect(sorted(got)).toEqual(sorted(p.emulator.expectedBalances()));
        expect(r.invoices.size).toBe(p.emulator.expectedInvoices().size);
      });
    }

    it("re-reads customers and invoices by ref; an unknown ref is simply absent", async () => {
      const p = await harness.create({ customers: 5 });
      const pullSrc = p.session.pull as PullSource;
      const [first] = p.emulator.expectedBalances().keys();
      const [inv] = p.emulator.expectedInvoices().keys();
      expect((await pullSrc.customers([first ?? ""])).map((c) => c.contactId.toLowerCase())).toEqual([
        first?.toLowerCase(),
      ]);
      expect((await pullSrc.invoices([inv ?? ""])).map((i) => i.invoiceId.toLowerCase())).toEqual([
        inv?.toLowerCase(),
      ]);
      expect(await pullSrc.customers([crypto.randomUUID()])).toEqual([]);
    });
  });

  describe.runIf(payments)(`${name} conformance: payments`, () => {
    it("a retried post with the same key is one payment, and find() sees it", async () => {
      const p = await harness.create({ customers: 5 });
      const w = p.session.payments;
      if (!w) throw new Error("no payment writer");
      const { request } = p.emulator.payable();
      const req = { ...request, reference: ref() };
      expect(await w.find(req)).toBeNull();
      const a = await w.post(req, `conf-${req.reference}`);
      const b = await w.post(req, `conf-${req.reference}`);
      expect(b.providerPaymentId).toBe(a.providerPaymentId);
      expect(p.emulator.paymentsOn(req.invoiceId)).toBe(1);
      expect(await w.find(req)).toBe(a.providerPaymentId);
      expect(await w.find({ ...req, reference: ref() })).toBeNull();
      expect((await w.accounts()).map((x) => x.code)).toContain(req.accountCode);
    });

    it("a refusal is a validation ProviderError, mapped to words an admin can act on", async () => {
      const p = await harness.create({ customers: 5 });
      const w = p.session.payments;
      if (!w) throw new Error("no payment writer");
      const { request, dueMinor } = p.emulator.payable();
      const digits = request.amount.split(".")[1]?.length ?? 0;
      const over = ((dueMinor + 100) / 10 ** digits).toFixed(digits);
      const err = await w
        .post({ ...request, amount: over, reference: ref() }, `conf-${crypto.randomUUID()}`)
        .catch((e) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err.kind).toBe("validation");
      expect(w.refusal(err, "J-1")).toMatchObject({ status: 422, code: "unprocessable" });
      expect(p.emulator.paymentsOn(request.invoiceId)).toBe(0);
    });
  });

  describe.runIf(webhooks)(`${name} conformance: webhooks`, () => {
    it("a signed delivery is read and grouped by organisation; a wrong signature is a 401", async () => {
      const p = await harness.create({ customers: 5 });
      const rx = p.webhooks;
      if (!rx) throw new Error("no webhook receiver");
      const stream = (b: Uint8Array<ArrayBuffer>) => new Response(b).body;
      const good = await p.emulator.delivery(true);
      const r = await rx.receive(stream(good.body), (h) => good.headers[h.toLowerCase()]);
      expect(r.status).toBe(200);
      if (r.status === 200) {
        const items = r.byOrg.get(p.emulator.orgRef) ?? [];
        expect(items.length).toBeGreaterThan(0);
        expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
      }
      const bad = await p.emulator.delivery(false);
      expect((await rx.receive(stream(bad.body), (h) => bad.headers[h.toLowerCase()])).status).toBe(401);
      const huge = new Uint8Array(2 * 1024 * 1024);
      expect((await rx.receive(stream(huge), (h) => good.headers[h.toLowerCase()])).status).toBe(413);
    });
  });

  describe.runIf(push)(`${name} conformance: push`, () => {
    it("a full cycle parses to exact minor units: seq 1..n, the last final, every customer once", async () => {
      const p = await harness.create({ customers: n });
      const ingest = p.push;
      if (!ingest || !p.batches) throw new Error("no push ingest");
      const parsed = p.batches().map((b) => ingest.parse(b));
      const batches = parsed.filter((b): b is PushBatch => !(b instanceof ProviderError));
      expect(batches).toHaveLength(parsed.length);
      batches.forEach((b, i) => {
        expect([b.seq, b.final, b.kind]).toEqual([i + 1, i === batches.length - 1, "snapshot"]);
      });
      expect(new Set(batches.map((b) => b.id)).size).toBe(batches.length);
      const seen = new Map<string, number>();
      const delivered: string[] = [];
      for (const b of batches)
        for (const c of b.customers) {
          delivered.push(c.contactId);
          seen.set(c.contactId, c.outstandingMinor);
        }
      expect(delivered).toHaveLength(seen.size);
      expect(sorted(seen)).toEqual(sorted(p.emulator.expectedBalances()));
      expect(ingest.parse({ nonsense: true })).toBeInstanceOf(ProviderError);
    });

    it("a resent batch (same id) is a duplicate and applies nothing; balances are exact", async () => {
      const p = await harness.create({ customers: 20 });
      const { deliver, held, batches } = p;
      if (!deliver || !held || !batches) throw new Error("no push delivery");
      const sent = batches();
      for (const b of sent) expect(await deliver(b)).toMatchObject({ duplicate: false });
      const expected = p.emulator.expectedBalances();
      expect(sorted(await held([...expected.keys()]))).toEqual(sorted(expected));
      // Every batch again, as a connector resends after losing acks: all duplicates, nothing changes.
      for (const b of sent) expect(await deliver(b)).toMatchObject({ duplicate: true });
      expect(sorted(await held([...expected.keys()]))).toEqual(sorted(expected));
    });

    it("a cycle that fails mid-way resumes: every record applied exactly once, to the penny", async () => {
      const p = await harness.create({ customers: n });
      const { deliver, held, cycle } = p;
      if (!deliver || !held || !cycle) throw new Error("no push cycle");
      const applied: string[] = [];
      let duplicates = 0;
      let sends = 0;
      const send = (failAfter: number) => async (batch: unknown) => {
        const ack = await deliver(batch);
        if (ack.duplicate) duplicates++;
        else applied.push((p.push?.parse(batch) as PushBatch).id);
        // The ack is lost after the worker applied it: the connector must resend, not skip.
        if (++sends === failAfter) throw new ProviderError("transient", "connection reset");
        return ack;
      };
      await expect(cycle(send(3))).rejects.toThrow("connection reset");
      await cycle(send(-1));
      expect(duplicates).toBe(3);
      expect(new Set(applied).size).toBe(applied.length);
      const expected = p.emulator.expectedBalances();
      const got = await held([...expected.keys()]);
      expect(sorted(got)).toEqual(sorted(expected));
      for (const v of got.values()) expect(Number.isInteger(v)).toBe(true);
    });
  });
}
