// Benchmark (not a test): median time from "the customer paid invoice X in Xero" (the emulator)
// to a signed job.paid arriving at AGG SMART's receiver — with Xero webhooks, and without them
// (the scheduled sync alone, at a 1-minute interval). Local stack, loopback only.
// Run: npm run bench:payments
import { INVOICES } from "../emulator/seed/demo-data.ts";
import { DEMO_TENANT_ID } from "../emulator/seed/index.ts";
import { startAggReceiver } from "../stack/agg-receiver.ts";
import { benchStack, connectTenant, percentile, token, waitSynced } from "./lib.ts";

const WITH_WEBHOOKS = Number(process.env.BENCH_PAY_N ?? 8);
const WITHOUT = Number(process.env.BENCH_PAY_SYNC_N ?? 3);

const receiver = await startAggReceiver();
const receiverUrl = receiver.url;
const arrivalOf = (job: string) =>
  receiver.events.find((e) => e.job === job && e.type === "job.paid" && e.signatureOk)?.at;

const stack = await benchStack({ SYNC_INTERVAL_MINUTES: "1" });
try {
  const tenant = "bench-payments";
  await connectTenant(stack, tenant, DEMO_TENANT_ID);
  await waitSynced(stack, tenant);
  const admin = {
    Authorization: `Bearer ${await token(tenant, "admin")}`,
    "Content-Type": "application/json",
  };
  receiver.secret = (
    (await (
      await fetch(`${stack.workerUrl}/api/settings/webhook-secret`, { method: "POST", headers: admin })
    ).json()) as { secret: string }
  ).secret;
  const put = await fetch(`${stack.workerUrl}/api/settings`, {
    method: "PUT",
    headers: admin,
    body: JSON.stringify({ webhookUrl: receiverUrl }),
  });
  if (!put.ok) throw new Error(`settings: ${await put.text()}`);

  // Open invoices, one per job (the top-up job J-10023 has two and is skipped).
  const open = INVOICES.map((row, i) => ({
    job: row[0],
    number: `INV-${String(i + 1).padStart(4, "0")}`,
    status: row[3],
  })).filter((r) => r.status === "AUTHORISED" && r.job !== "J-10023");
  const pay = async (inv: { job: string; number: string }) => {
    const t0 = performance.now();
    const res = await fetch(
      `${stack.emulatorUrl}/_control/orgs/${DEMO_TENANT_ID}/invoices/${inv.number}/pay`,
      { method: "POST", body: "{}" },
    );
    if (!res.ok) throw new Error(`pay ${inv.number}: ${await res.text()}`);
    for (let i = 0; i < 1800 && arrivalOf(inv.job) === undefined; i++)
      await new Promise((r) => setTimeout(r, 100));
    const at = arrivalOf(inv.job);
    if (at === undefined) throw new Error(`no job.paid for ${inv.job}`);
    return at - t0;
  };

  const viaWebhooks: number[] = [];
  for (const inv of open.slice(0, WITH_WEBHOOKS)) viaWebhooks.push(await pay(inv));
  await fetch(`${stack.emulatorUrl}/_control/webhooks`, {
    method: "POST",
    body: JSON.stringify({ enabled: false }),
  });
  const viaSync: number[] = [];
  for (const inv of open.slice(WITH_WEBHOOKS, WITH_WEBHOOKS + WITHOUT)) viaSync.push(await pay(inv));

  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
  console.log("\nPaid in Xero (emulator) → signed job.paid at AGG SMART's receiver (local stack):");
  console.log(
    `  with Xero webhooks:  median ${fmt(percentile(viaWebhooks, 50))}  (n=${viaWebhooks.length}, min ${fmt(Math.min(...viaWebhooks))}, max ${fmt(Math.max(...viaWebhooks))})`,
  );
  console.log(
    `  scheduled sync only: median ${fmt(percentile(viaSync, 50))}  (n=${viaSync.length}, sync every 1 min; bounded by the interval)`,
  );
  console.log(
    `  signatures that failed verification: ${receiver.events.filter((e) => !e.signatureOk).length}`,
  );
} finally {
  await stack.dispose();
  await receiver.close();
}
