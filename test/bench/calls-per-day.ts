// Benchmark (not a test): Xero calls in one day for a Starter-plan tenant (1,000 calls a day), with
// healthy Xero webhooks and without, at the default 5-minute interval and at 1 minute, on a busy day
// (a part-payment in Xero every 10 minutes). Measured, not computed: the worker's own sync
// (runSync) and day plan (planNextPoll, reservePause) make real calls to the in-process emulator on
// a simulated clock, and the emulator counts them. Nothing leaves the process.
// QuickBooks Online rows follow (test/bench/qbo-calls.ts).
// Run: npm run bench:calls
import { initialCursor, type SyncCursor } from "../../worker/sync/cursor.ts";
import { type RateBudget, RateLimited, type XeroRequest, xeroCall } from "../../worker/xero/api.ts";
import type { XeroConfig } from "../../worker/xero/config.ts";
import { DAY_RESERVE, type DayState, planNextPoll, reservePause } from "../../worker/xero/day-plan.ts";
import { runSync } from "../../worker/xero/sync.ts";
import { DEMO_CLIENT } from "../emulator/identity/model.ts";
import { createEmulator } from "../emulator/index.ts";
import { STARTER_PER_DAY } from "../emulator/limits.ts";
import { DEMO_TENANT_ID, payInvoice } from "../emulator/seed/index.ts";
import { manualClock } from "../emulator/state.ts";
import { printQuickBooksRows } from "./qbo-calls.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const CHANGE_EVERY_MS = 10 * MIN;
const START = Date.parse("2026-12-02T00:00:00Z");

interface DayResult {
  polls: number;
  pollCalls: number;
  webhookCalls: number;
  left: number;
}

async function simulateDay(intervalMin: number, webhooks: boolean): Promise<DayResult> {
  const clock = manualClock(START);
  const em = createEmulator({
    seed: "demo",
    clock,
    limits: { perDayByOrg: { [DEMO_TENANT_ID]: STARTER_PER_DAY } },
  });
  const org = em.state.orgs.get(DEMO_TENANT_ID);
  const invoice = [...(org?.invoices.values() ?? [])].find((i) => i.invoiceNumber === "INV-0005");
  if (!invoice) throw new Error("demo invoice INV-0005 missing");
  let { tokens } = await em.connect({ tenantIds: [DEMO_TENANT_ID] });
  let expiresAt = clock.now() + tokens.expires_in * 1000;
  const renew = async () => {
    const res = await em.fetch(`${em.origin}/connect/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token ?? "",
        client_id: DEMO_CLIENT.clientId,
        client_secret: DEMO_CLIENT.clientSecret,
      }),
    });
    tokens = (await res.json()) as typeof tokens;
    expiresAt = clock.now() + tokens.expires_in * 1000;
    return tokens.access_token;
  };
  const budget: RateBudget = {};
  const call = (req: XeroRequest) =>
    xeroCall(
      {
        cfg: { apiUrl: em.origin } as XeroConfig,
        fetchFn: em.fetch,
        creds: {
          token: async () => {
            if (clock.now() > expiresAt - MIN) await renew();
            return { token: tokens.access_token, orgRef: DEMO_TENANT_ID };
          },
          renew,
          revoked: async () => {},
          refused: async () => {},
        },
        sleep: async () => {},
        onBudget: (b) => Object.assign(budget, b, { at: clock.now() }),
      },
      req,
    );
  const day = (): DayState => ({
    now: clock.now(),
    dayRemaining: budget.day,
    dayReadAt: budget.at,
    dayResetAt: budget.dayResetAt,
  });
  const used = () => em.limiter.usage(DEMO_TENANT_ID).day;

  let cursor: SyncCursor = initialCursor(START);
  let lastWebhookAt: number | null = null;
  let nextChange = START + CHANGE_EVERY_MS;
  const r: DayResult = { polls: 0, pollCalls: 0, webhookCalls: 0, left: 0 };
  const end = START + DAY - MIN;
  for (;;) {
    const t = Math.min(cursor.nextRunAt, nextChange);
    if (t >= end) break;
    clock.set(Math.max(t, clock.now()));
    if (nextChange <= clock.now()) {
      payInvoice(em.state, DEMO_TENANT_ID, invoice.invoiceId, { amount: 1 });
      nextChange += CHANGE_EVERY_MS;
      if (!webhooks) continue;
      // What the worker does with an INVOICE webhook: refetch the invoice, then its contact.
      lastWebhookAt = clock.now();
      const before = used();
      await call({ path: "/Invoices", query: { IDs: invoice.invoiceId } });
      await call({ path: "/Contacts", query: { IDs: invoice.contactId, page: 1 } });
      r.webhookCalls += used() - before;
      continue;
    }
    const before = used();
    const webhookAt = lastWebhookAt;
    try {
      cursor = await runSync(
        {
          call,
          customers: () => {},
          now: () => clock.now(),
          currency: "GBP",
          limitField: "XeroNetworkKey",
          intervalMs: () =>
            planNextPoll({ ...day(), intervalMs: intervalMin * MIN, lastWebhookAt: webhookAt }).at -
            clock.now(),
          pauseMs: () => reservePause(day()),
          invoices: () => {},
          save: async (c: SyncCursor) => {
            cursor = c;
          },
        },
        cursor,
        40,
      );
      if (cursor.phase !== "idle")
        cursor = { ...cursor, nextRunAt: Math.max(cursor.nextRunAt, clock.now() + 1000) };
    } catch (err) {
      cursor = { ...cursor, nextRunAt: clock.now() + (err instanceof RateLimited ? err.retryAfterMs : MIN) };
    }
    r.polls++;
    r.pollCalls += used() - before;
  }
  r.left = STARTER_PER_DAY - used();
  return r;
}

console.log(
  `Xero calls in one UTC day, Starter plan (${STARTER_PER_DAY}/day, reserve ${DAY_RESERVE} for payments and refresh),`,
);
console.log(`busy day: a part-payment in Xero every ${CHANGE_EVERY_MS / MIN} minutes\n`);
console.log("interval  webhooks  polls  poll calls  webhook calls  total  left at 23:59");
for (const intervalMin of [5, 1]) {
  for (const webhooks of [true, false]) {
    const r = await simulateDay(intervalMin, webhooks);
    const row = [
      `${intervalMin} min`.padEnd(8),
      (webhooks ? "healthy" : "none").padEnd(8),
      String(r.polls).padStart(5),
      String(r.pollCalls).padStart(10),
      String(r.webhookCalls).padStart(13),
      String(r.pollCalls + r.webhookCalls).padStart(5),
      String(r.left).padStart(13),
    ];
    console.log(row.join("  "));
  }
}

await printQuickBooksRows();
