// Benchmark rows (not a test) for QuickBooks Online: metered reads per sync run and per day,
// measured by running the worker's own QuickBooks session (worker/quickbooks/session.ts: the
// sync, the webhook re-reads) against the in-process QuickBooks emulator on a simulated clock.
// QuickBooks meters reads per app per month (the free Builder tier stops at 500,000), so reads,
// not calls, are what counts. Nothing leaves the process. Printed by `npm run bench:calls`.
import type { WebhookItem } from "../../worker/provider/capabilities.ts";
import { qboProvider } from "../../worker/quickbooks/provider.ts";
import { QboSession } from "../../worker/quickbooks/session.ts";
import { initialCursor, type SyncCursor } from "../../worker/sync/cursor.ts";
import { createQboEmulator, DEMO_QBO_CLIENT, LARGE_REALM_ID } from "../qbo-emulator/index.ts";
import { payInvoice } from "../qbo-emulator/ops.ts";
import { manualClock } from "../qbo-emulator/state.ts";
import { connect, tokenRequest } from "../qbo-emulator/testing.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const START = Date.parse("2026-12-02T00:00:00Z");
/** Each request takes this long on the simulated clock (keeps the run under Intuit's 10/s per company). */
const LATENCY_MS = 150;

/** A worker session on the large company (10,000 customers × 2 invoices), reads counted by the emulator. */
async function largeCompany(startAt = START - MIN) {
  const clock = manualClock(startAt);
  const em = createQboEmulator({ seed: "large", clock });
  const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
    clock.advance(LATENCY_MS);
    return em.fetch(input, init);
  };
  let tokens = await connect(em.fetch, LARGE_REALM_ID);
  let expiresAt = clock.now() + tokens.expires_in * 1000;
  const renew = async () => {
    const res = await tokenRequest(em.fetch, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
    });
    tokens = { ...tokens, ...((await res.json()) as typeof tokens) };
    expiresAt = clock.now() + tokens.expires_in * 1000;
    return tokens.access_token;
  };
  const session = new QboSession({
    apiUrl: "https://quickbooks.api.intuit.com",
    rt: { now: () => clock.now(), fetch: fetchFn, sleep: async (ms) => clock.advance(ms) },
    creds: {
      token: async () => {
        if (clock.now() > expiresAt - MIN) await renew();
        return { token: tokens.access_token, realmId: LARGE_REALM_ID };
      },
      renew,
      revoked: async () => {},
      refused: async () => {},
    },
    budget: {},
    currency: "GBP",
  });
  const reads = () => em.limiter.metered(DEMO_QBO_CLIENT.clientId);
  const co = em.state.companies.get(LARGE_REALM_ID);
  const open = [...(co?.invoices.values() ?? [])].filter((i) => i.balancePence > 0);
  return { clock, em, session, reads, open };
}

type Company = Awaited<ReturnType<typeof largeCompany>>;

/** Runs one sync to the end (as many invocations as it takes); returns the reads it made. */
async function syncRun(q: Company, cursor: SyncCursor, intervalMs: number): Promise<[SyncCursor, number]> {
  const before = q.reads();
  let c = cursor;
  do {
    c = await q.session.pull.pull(
      c,
      { customers: () => {}, invoices: () => {}, save: async () => {}, intervalMs: () => intervalMs },
      200,
    );
  } while (c.phase !== "idle");
  return [c, q.reads() - before];
}

/** What the worker does with a webhook delivery of these emulator changes (after dedupe). */
async function webhookReads(q: Company, from: number): Promise<number> {
  const before = q.reads();
  const items: WebhookItem[] = q.em.state.changes.slice(from).map((ch, i) => ({
    key: `${from + i}`,
    entity: ch.entity,
    operation: ch.operation,
    resourceId: ch.id,
    deletedId: ch.deletedId,
  }));
  await q.session.events.apply(items, {
    invoices: async (ids) => ({
      customerRefs: (await q.session.pull.invoices(ids)).flatMap((i) => (i.contactId ? [i.contactId] : [])),
    }),
    customers: async (ids) => void (await q.session.pull.customers(ids)),
  });
  return q.reads() - before;
}

/**
 * One busy day (a part-payment every 10 minutes) at a 5-minute interval. The initial load ran just
 * before the day began, so the day's runs include the daily full reload (24 h after it) and the
 * reads counted are those of an ordinary day.
 */
async function day(
  webhooks: boolean,
): Promise<{ runs: number; pollReads: number; webhookReads: number; fullReloads: number }> {
  const q = await largeCompany(START - 10 * MIN);
  const interval = 5 * MIN;
  let [cursor] = await syncRun(q, initialCursor(q.clock.now()), interval);
  const out = { runs: 0, pollReads: 0, webhookReads: 0, fullReloads: 0 };
  let nextChange = START + 10 * MIN;
  let lastWebhookAt: number | null = null;
  let n = 0;
  for (;;) {
    const t = Math.min(cursor.nextRunAt, nextChange);
    if (t >= START + DAY) break;
    q.clock.set(Math.max(t, q.clock.now()));
    if (nextChange <= q.clock.now()) {
      const inv = q.open[n++ % q.open.length];
      const mark = q.em.state.changes.length;
      if (inv) payInvoice(q.em.state, LARGE_REALM_ID, inv.id, { amountPence: 100 });
      nextChange += 10 * MIN;
      if (webhooks) {
        out.webhookReads += await webhookReads(q, mark);
        lastWebhookAt = q.clock.now();
      }
      continue;
    }
    const lastFull = cursor.lastFullAt;
    // The wait after this run, as the worker's scheduler asks the provider (hourly with webhooks).
    const now = q.clock.now();
    const wait =
      (qboProvider.pacing?.nextPoll({ now, budget: {}, intervalMs: interval, lastWebhookAt }) ??
        now + interval) - now;
    const [next, reads] = await syncRun(q, cursor, wait);
    if (next.lastFullAt !== lastFull) out.fullReloads++;
    cursor = next;
    out.runs++;
    out.pollReads += reads;
  }
  return out;
}

/** Prints the QuickBooks Online rows. */
export async function printQuickBooksRows(): Promise<void> {
  const q = await largeCompany();
  const [loaded, initial] = await syncRun(q, initialCursor(q.clock.now()), 5 * MIN);
  q.clock.set(loaded.nextRunAt);
  const [idle, unchanged] = await syncRun(q, loaded, 5 * MIN);
  q.clock.set(idle.nextRunAt);
  const paid = q.open[0];
  if (paid) payInvoice(q.em.state, LARGE_REALM_ID, paid.id);
  const [, onePaid] = await syncRun(q, idle, 5 * MIN);
  // The same payment announced by webhook instead (Payment + Invoice events in one delivery).
  const mark = q.em.state.changes.length;
  const next = q.open[1];
  if (next) payInvoice(q.em.state, LARGE_REALM_ID, next.id);
  const oneWebhook = await webhookReads(q, mark);

  console.log(
    "\nQuickBooks Online metered reads (Large Aggregates Group Ltd: 10,000 customers, 20,000 invoices)\n",
  );
  console.log("sync run                        reads");
  console.log(`initial load                    ${String(initial).padStart(5)}`);
  console.log(`nothing changed (one CDC run)   ${String(unchanged).padStart(5)}`);
  console.log(`one invoice paid                ${String(onePaid).padStart(5)}`);
  console.log(`one payment event (webhook)     ${String(oneWebhook).padStart(5)}`);
  console.log(
    "\nper day, 5 min interval, a part-payment every 10 minutes (with healthy webhooks the CDC poll is hourly)",
  );
  console.log("webhooks  runs  full reloads  poll reads  webhook reads  total  month (×30)");
  for (const webhooks of [true, false]) {
    const r = await day(webhooks);
    const total = r.pollReads + r.webhookReads;
    console.log(
      [
        (webhooks ? "healthy" : "none").padEnd(8),
        String(r.runs).padStart(4),
        String(r.fullReloads).padStart(12),
        String(r.pollReads).padStart(10),
        String(r.webhookReads).padStart(13),
        String(total).padStart(5),
        String(total * 30).padStart(11),
      ].join("  "),
    );
  }
}
