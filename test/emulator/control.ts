// The emulator-only control API under /_control (JSON in, JSON out). Bad input → 400
// {"error": message}; never a 500 for something the caller sent.

import { type Context, Hono } from "hono";
import { z } from "zod";
import type { Counters } from "./counters.ts";
import { addFault } from "./faults.ts";
import { xeroConnectionDate } from "./identity/model.ts";
import type { Limiter } from "./limits.ts";
import { contactBalance, createCredit, payInvoice, seed } from "./seed/index.ts";
import type { EmulatorState } from "./state.ts";
import type { WebhookSender } from "./webhooks.ts";

/** What the control API drives. */
export interface ControlDeps {
  state: EmulatorState;
  limiter: Limiter;
  counters: Counters;
  webhooks: WebhookSender;
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
  if (!parsed.success) {
    throw new BadInput(
      parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    );
  }
  return parsed.data;
}

const ClockBody = z.strictObject({
  advanceMs: z.number().int().optional(),
  set: z.union([z.number().int(), z.string()]).optional(),
});
const SeedBody = z.strictObject({
  preset: z.enum(["demo", "large"]),
  contacts: z.number().int().positive().optional(),
  invoices: z.number().int().positive().optional(),
});
const PayBody = z.strictObject({
  amount: z.number().positive().optional(),
  date: z.string().optional(),
  accountCode: z.string().optional(),
  reference: z.string().optional(),
});
const CreditBody = z.strictObject({
  kind: z.enum(["CREDITNOTE", "PREPAYMENT", "OVERPAYMENT"]),
  contactId: z.string().optional(),
  invoice: z.string().optional(),
  amount: z.number().positive().optional(),
  allocate: z.number().positive().optional(),
  date: z.string().optional(),
  reference: z.string().optional(),
});
const FaultBody = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]+$/)
    .optional(),
  pathPrefix: z.string().startsWith("/"),
  kind: z.enum(["status", "rate_limit", "slow", "malformed", "drop_response"]),
  status: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  count: z.number().int().positive().optional(),
  retryAfter: z.number().int().min(0).optional(),
  problem: z.string().optional(),
});
const LimitsBody = z.strictObject({
  concurrent: z.number().int().positive().optional(),
  perMinute: z.number().int().positive().optional(),
  perDay: z.number().int().positive().optional(),
  /** Daily budgets by organisation (Xero tenantId), e.g. `{"<id>": 1000}` for a Starter-plan one. */
  perDayByOrg: z.record(z.string().min(1), z.number().int().positive()).optional(),
  dayResetUtcMinute: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 - 1)
    .optional(),
  appPerMinute: z.number().int().positive().optional(),
  resetUsage: z.boolean().optional(),
});
const WithholdBody = z.strictObject({
  /** Scopes to take away in this organisation; absent = all of them (the user's role lost API access). */
  scopes: z.array(z.string().min(1)).min(1).optional(),
});
const WebhooksBody = z.strictObject({
  url: z.url().nullable().optional(),
  key: z.string().min(1).optional(),
  enabled: z.boolean().optional(),
});

/** The /_control routes (mounted at the root). */
export function controlRoutes(d: ControlDeps): Hono {
  const { state } = d;
  const app = new Hono().basePath("/_control");
  app.onError((err, c) => {
    if (err instanceof BadInput) return c.json({ error: err.message }, 400);
    console.error("emulator control error", err);
    return c.json({ error: err instanceof Error ? err.message : String(err) }, 500);
  });
  const now = () => new Date(state.clock.now()).toISOString();

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

  app.get("/orgs", (c) =>
    c.json(
      [...state.orgs.values()].map((o) => ({ tenantId: o.tenantId, name: o.name, shortCode: o.shortCode })),
    ),
  );
  /** A contact's receivable balance as Xero computes it (tests compare the badge with it). */
  app.get("/orgs/:tenantId/contacts/:contact/balance", (c) => {
    const org = state.orgs.get(c.req.param("tenantId"));
    if (!org) throw new BadInput(`No organisation ${c.req.param("tenantId")}`);
    const ref = c.req.param("contact").toLowerCase();
    const contact = [...org.contacts.values()].find(
      (x) => x.contactId.toLowerCase() === ref || x.contactNumber?.toLowerCase() === ref,
    );
    if (!contact) throw new BadInput(`No contact ${c.req.param("contact")}`);
    return c.json({
      contactId: contact.contactId,
      ...contactBalance(state, org.tenantId, contact.contactId),
    });
  });
  app.post("/seed", async (c) => {
    const b = await body(c, SeedBody);
    try {
      seed(state, b.preset, { contacts: b.contacts, invoices: b.invoices });
    } catch (err) {
      throw new BadInput(err instanceof Error ? err.message : String(err));
    }
    return c.json({ orgs: [...state.orgs.values()].map((o) => ({ tenantId: o.tenantId, name: o.name })) });
  });
  app.post("/orgs/:tenantId/invoices/:invoiceId/pay", async (c) => {
    const b = await body(c, PayBody);
    try {
      return c.json(payInvoice(state, c.req.param("tenantId"), c.req.param("invoiceId"), b) ?? { ok: true });
    } catch (err) {
      throw new BadInput(err instanceof Error ? err.message : String(err));
    }
  });

  /** A credit note / prepayment / overpayment for a customer, optionally allocated to an invoice. */
  app.post("/orgs/:tenantId/credits", async (c) => {
    const b = await body(c, CreditBody);
    try {
      const credit = createCredit(state, c.req.param("tenantId"), b);
      return c.json({
        id: credit.id,
        kind: credit.kind,
        number: credit.number ?? null,
        status: credit.status,
      });
    } catch (err) {
      throw new BadInput(err instanceof Error ? err.message : String(err));
    }
  });

  app.get("/faults", (c) => c.json(state.faults));
  app.post("/faults", async (c) => c.json({ id: addFault(state, await body(c, FaultBody)).id }));
  app.delete("/faults", (c) => {
    state.faults.length = 0;
    return c.json({ ok: true });
  });
  app.delete("/faults/:id", (c) => {
    const i = state.faults.findIndex((f) => f.id === c.req.param("id"));
    if (i < 0) return c.json({ error: "No such fault." }, 404);
    state.faults.splice(i, 1);
    return c.json({ ok: true });
  });

  app.get("/counters", (c) => c.json(d.counters.snapshot()));
  app.delete("/counters", (c) => {
    d.counters.reset();
    return c.json({ ok: true });
  });

  app.get("/connections", (c) => {
    const id = state.identity;
    const rows = [...id.connections.values()].map((x) => ({
      id: x.id,
      tenantId: x.tenantId,
      tenantName: state.orgs.get(x.tenantId)?.name ?? null,
      clientId: x.clientId,
      userId: x.userId,
      userEmail: id.users.get(x.userId)?.email ?? null,
      authEventId: x.authEventId,
      createdDateUtc: xeroConnectionDate(x.createdAt),
      updatedDateUtc: xeroConnectionDate(x.updatedAt),
      deleted: x.deletedAt !== undefined,
      deletedBy: x.deletedBy ?? null,
      grantRevoked: id.grants.get(x.grantId)?.revoked ?? false,
      withheldScopes: x.withheldScopes ?? [],
    }));
    return c.json(rows);
  });
  app.post("/connections/:id/disconnect", (c) => {
    const conn = state.identity.connections.get(c.req.param("id"));
    if (!conn || conn.deletedAt !== undefined) return c.json({ error: "No such live connection." }, 404);
    conn.deletedAt = state.clock.now();
    conn.deletedBy = "user";
    return c.json({ ok: true });
  });

  // Xero answers 401 AuthorizationUnsuccessful when the user's role or the app's scopes no longer
  // allow a call; refreshing the token does not help. This switch models that per connection.
  app.post("/connections/:id/withhold", async (c) => {
    const b = await body(c, WithholdBody);
    const conn = state.identity.connections.get(c.req.param("id"));
    if (!conn || conn.deletedAt !== undefined) return c.json({ error: "No such live connection." }, 404);
    conn.withheldScopes = b.scopes ?? ["*"];
    return c.json({ ok: true, withheldScopes: conn.withheldScopes });
  });
  app.delete("/connections/:id/withhold", (c) => {
    const conn = state.identity.connections.get(c.req.param("id"));
    if (!conn) return c.json({ error: "No such connection." }, 404);
    delete conn.withheldScopes;
    return c.json({ ok: true, withheldScopes: [] });
  });

  app.get("/limits", (c) => c.json(d.limiter.config));
  app.post("/limits", async (c) => {
    const { resetUsage, perDayByOrg, ...limits } = await body(c, LimitsBody);
    Object.assign(
      d.limiter.config,
      Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
    );
    // A new object, never a mutation: the defaults' map must stay empty.
    if (perDayByOrg) d.limiter.config.perDayByOrg = { ...d.limiter.config.perDayByOrg, ...perDayByOrg };
    if (resetUsage) d.limiter.reset();
    return c.json(d.limiter.config);
  });

  const webhookView = () => ({ ...d.webhooks.config, deliveries: d.webhooks.deliveries });
  app.get("/webhooks", (c) => c.json(webhookView()));
  app.post("/webhooks", async (c) => {
    const b = await body(c, WebhooksBody);
    if (b.url !== undefined) d.webhooks.config.url = b.url ?? undefined;
    if (b.key !== undefined) d.webhooks.config.key = b.key;
    if (b.enabled !== undefined) d.webhooks.config.enabled = b.enabled;
    return c.json(webhookView());
  });
  app.post("/webhooks/flush", async (c) => {
    await d.webhooks.flush();
    return c.json(webhookView());
  });
  app.post("/webhooks/intent-to-receive", async (c) => {
    if (!d.webhooks.config.url)
      throw new BadInput("No webhook url is configured (POST /_control/webhooks {url}).");
    return c.json(await d.webhooks.intentToReceive());
  });

  app.get("/changes", (c) => c.json(state.changes));
  return app;
}
