// The emulator-only control API under /_control (JSON in, JSON out), mirroring the Xero one:
// clock, seed, reset, "customer paid in QuickBooks", create/update customers and invoices,
// void/delete invoices, merge customers, faults, revoking a connection (the user disconnected the
// app inside QuickBooks), limits (incl. the metered monthly cap), webhooks, counters, changes.
// Bad input → 400 {"error": message}; never a 500 for something the caller sent.

import { type Context, Hono } from "hono";
import { z } from "zod";
import { customerJson, invoiceJson, paymentJson } from "./api/serialize.ts";
import type { QboCounters } from "./counters.ts";
import { addFault } from "./faults.ts";
import type { QboLimiter } from "./limits.ts";
import { revokeGrant } from "./oauth/grants.ts";
import {
  companyOf,
  deleteInvoice,
  mergeCustomers,
  payInvoice,
  upsertCustomer,
  upsertInvoice,
  voidInvoice,
} from "./ops.ts";
import { seedQbo } from "./seed/index.ts";
import type { QboState } from "./state.ts";
import { INTUIT_RETRY_SCHEDULE_MS, type QboWebhookSender } from "./webhooks.ts";

/** What the control API drives. */
export interface QboControlDeps {
  state: QboState;
  limiter: QboLimiter;
  counters: QboCounters;
  webhooks: QboWebhookSender;
  reset(): void;
}

class BadInput extends Error {}

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new BadInput("Body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new BadInput(
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  return parsed.data;
}

const pounds = z.number().positive().multipleOf(0.01);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ClockBody = z.strictObject({
  advanceMs: z.number().int().optional(),
  set: z.union([z.number().int(), z.string()]).optional(),
});
const SeedBody = z.strictObject({
  preset: z.enum(["demo", "large"]),
  customers: z.number().int().positive().max(50_000).optional(),
  invoicesPerCustomer: z.number().int().min(0).max(20).optional(),
});
const PayBody = z.strictObject({
  amount: pounds.optional(),
  date: day.optional(),
  accountId: z.string().optional(),
  paymentRefNum: z.string().max(21).optional(),
});
const CustomerBody = z.strictObject({
  displayName: z.string().min(1).max(500).optional(),
  companyName: z.string().optional(),
  phone: z.string().optional(),
  mobile: z.string().optional(),
  fax: z.string().optional(),
  email: z.string().optional(),
  active: z.boolean().optional(),
  parentId: z.string().optional(),
  notes: z.string().optional(),
});
const InvoiceBody = z.strictObject({
  docNumber: z.string().min(1).max(21).optional(),
  customerId: z.string().optional(),
  txnDate: day.optional(),
  dueDate: day.optional(),
  total: pounds.optional(),
  privateNote: z.string().max(4000).optional(),
  jobNumber: z.string().optional(),
});
const MergeBody = z.strictObject({ from: z.string().min(1), into: z.string().min(1) });
const FaultBody = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]+$/)
    .optional(),
  pathPrefix: z.string().startsWith("/"),
  queryIncludes: z.string().min(1).max(200).optional(),
  kind: z.enum(["status", "rate_limit", "slow", "malformed", "drop_response"]),
  status: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  count: z.number().int().positive().optional(),
});
const LimitsBody = z.strictObject({
  perMinutePerRealm: z.number().int().positive().optional(),
  perSecondPerRealmApp: z.number().int().positive().optional(),
  concurrentPerRealmApp: z.number().int().positive().optional(),
  meteredMonthlyCap: z.number().int().min(0).nullable().optional(),
  resetUsage: z.boolean().optional(),
});
const WebhooksBody = z.strictObject({
  url: z.url().nullable().optional(),
  verifier: z.string().min(1).optional(),
  format: z.enum(["legacy", "cloudevents"]).optional(),
  enabled: z.boolean().optional(),
  /** Real-time waits between attempts; "intuit" = Intuit's documented 10 s … 6 h schedule. */
  retryDelaysMs: z.union([z.array(z.number().int().min(0)).max(20), z.literal("intuit")]).optional(),
});

const pence = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 100));

/** The /_control routes (mounted at the root). */
export function qboControlRoutes(d: QboControlDeps): Hono {
  const { state } = d;
  const app = new Hono().basePath("/_control");
  app.onError((err, c) => {
    if (
      err instanceof BadInput ||
      (err instanceof Error && !(err instanceof TypeError) && !(err instanceof RangeError))
    )
      return c.json({ error: err.message }, 400);
    console.error("qbo emulator control error", err);
    return c.json({ error: String(err) }, 500);
  });
  const now = () => new Date(state.clock.now()).toISOString();
  const co = (c: Context) => companyOf(state, c.req.param("realmId") ?? "");

  app.post("/reset", (c) => {
    d.reset();
    return c.json({ ok: true, now: now() });
  });
  app.get("/clock", (c) => c.json({ now: now() }));
  app.post("/clock", async (c) => {
    const b = await body(c, ClockBody);
    if (b.set !== undefined) {
      const ms = typeof b.set === "number" ? b.set : Date.parse(b.set);
      if (!Number.isFinite(ms)) throw new BadInput(`set: not a date: ${b.set}`);
      state.clock.set(ms);
    }
    if (b.advanceMs !== undefined) state.clock.advance(b.advanceMs);
    return c.json({ now: now() });
  });
  app.post("/seed", async (c) => {
    const b = await body(c, SeedBody);
    seedQbo(state, b.preset, b);
    return c.json({
      companies: [...state.companies.values()].map((x) => ({ realmId: x.realmId, name: x.name })),
    });
  });
  app.get("/companies", (c) =>
    c.json(
      [...state.companies.values()].map((x) => ({ realmId: x.realmId, name: x.name, currency: x.currency })),
    ),
  );

  app.post("/companies/:realmId/invoices/:ref/pay", async (c) => {
    const b = await body(c, PayBody);
    const p = payInvoice(state, c.req.param("realmId"), c.req.param("ref"), {
      ...b,
      amountPence: pence(b.amount),
    });
    return c.json(paymentJson(co(c), p));
  });
  app.post("/companies/:realmId/invoices/:ref/void", (c) =>
    c.json(invoiceJson(co(c), voidInvoice(state, c.req.param("realmId"), c.req.param("ref")))),
  );
  app.delete("/companies/:realmId/invoices/:ref", (c) => {
    deleteInvoice(state, c.req.param("realmId"), c.req.param("ref"));
    return c.json({ ok: true });
  });
  app.post("/companies/:realmId/invoices", async (c) => {
    const b = await body(c, InvoiceBody);
    const inv = upsertInvoice(state, c.req.param("realmId"), undefined, { ...b, totalPence: pence(b.total) });
    return c.json(invoiceJson(co(c), inv));
  });
  app.patch("/companies/:realmId/invoices/:ref", async (c) => {
    const b = await body(c, InvoiceBody);
    const inv = upsertInvoice(state, c.req.param("realmId"), c.req.param("ref"), {
      ...b,
      totalPence: pence(b.total),
    });
    return c.json(invoiceJson(co(c), inv));
  });
  app.post("/companies/:realmId/customers", async (c) => {
    const b = await body(c, CustomerBody);
    return c.json(customerJson(co(c), upsertCustomer(state, c.req.param("realmId"), undefined, b)));
  });
  app.patch("/companies/:realmId/customers/:id", async (c) => {
    const b = await body(c, CustomerBody);
    return c.json(customerJson(co(c), upsertCustomer(state, c.req.param("realmId"), c.req.param("id"), b)));
  });
  app.post("/companies/:realmId/customers/merge", async (c) => {
    const b = await body(c, MergeBody);
    return c.json(customerJson(co(c), mergeCustomers(state, c.req.param("realmId"), b.from, b.into)));
  });

  app.get("/faults", (c) => c.json(state.faults));
  app.post("/faults", async (c) => c.json({ id: addFault(state, await body(c, FaultBody)).id }));
  app.delete("/faults", (c) => {
    state.faults.length = 0;
    return c.json({ ok: true });
  });

  app.get("/counters", (c) =>
    c.json({
      ...d.counters.snapshot(),
      metered: Object.fromEntries(
        [...state.identity.clients.keys()].map((id) => [id, d.limiter.metered(id)]),
      ),
    }),
  );
  app.delete("/counters", (c) => {
    d.counters.reset();
    return c.json({ ok: true });
  });

  app.get("/connections", (c) =>
    c.json(
      [...state.identity.grants.values()].map((g) => ({
        id: g.id,
        realmId: g.realmId,
        clientId: g.clientId,
        scopes: g.scopes,
        createdAt: new Date(g.createdAt).toISOString(),
        revoked: g.revoked,
        revokedBy: g.revokedBy ?? null,
      })),
    ),
  );
  /** The user disconnected the app inside QuickBooks: every token of the grant stops working. */
  app.post("/connections/:id/revoke", (c) => {
    const g = state.identity.grants.get(c.req.param("id"));
    if (!g || g.revoked) return c.json({ error: "No such live connection." }, 404);
    revokeGrant(state, g, "user");
    return c.json({ ok: true });
  });

  app.get("/limits", (c) => c.json(d.limiter.config));
  app.post("/limits", async (c) => {
    const { resetUsage, ...b } = await body(c, LimitsBody);
    Object.assign(d.limiter.config, Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
    if (resetUsage) d.limiter.reset();
    return c.json(d.limiter.config);
  });

  const hooks = () => ({ ...d.webhooks.config, deliveries: d.webhooks.deliveries });
  app.get("/webhooks", (c) => c.json(hooks()));
  app.post("/webhooks", async (c) => {
    const b = await body(c, WebhooksBody);
    if (b.url !== undefined) d.webhooks.config.url = b.url ?? undefined;
    if (b.verifier !== undefined) d.webhooks.config.verifier = b.verifier;
    if (b.format !== undefined) d.webhooks.config.format = b.format;
    if (b.enabled !== undefined) d.webhooks.config.enabled = b.enabled;
    if (b.retryDelaysMs !== undefined)
      d.webhooks.config.retryDelaysMs =
        b.retryDelaysMs === "intuit" ? [...INTUIT_RETRY_SCHEDULE_MS] : b.retryDelaysMs;
    return c.json(hooks());
  });
  app.post("/webhooks/flush", async (c) => {
    await d.webhooks.flush();
    return c.json(hooks());
  });
  app.get("/changes", (c) => c.json(state.changes));
  return app;
}
