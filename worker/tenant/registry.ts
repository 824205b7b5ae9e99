import * as z from "zod";
import type { Env } from "../env.ts";
import { tenantStub } from "./stub.ts";

// Connected tenants are listed in KV under "r:{tenant}" with their next alarm time in the key's
// metadata, so the cron watchdog finds tenants whose alarm was lost with list() calls alone
// (1,000 keys per call, no reads) and pokes only those: cron never syncs anyone itself.

const Beat = z.object({ next: z.number(), beat: z.number() });

/** KV key of a tenant's registry entry. */
export const registryKey = (tenant: string) => `r:${encodeURIComponent(tenant)}`;

/** How often a tenant's object refreshes its registry entry (KV writes stay rare). */
export const BEAT_EVERY_MS = 3600_000;

/** Records that `tenant` is connected and when its object next wakes. */
export async function heartbeat(kv: KVNamespace, tenant: string, next: number, now: number): Promise<void> {
  await kv.put(registryKey(tenant), "", { metadata: { next, beat: now } satisfies z.infer<typeof Beat> });
}

/** Removes a tenant from the registry (disconnected). */
export async function unregister(kv: KVNamespace, tenant: string): Promise<void> {
  await kv.delete(registryKey(tenant));
}

/** What one watchdog run did; `subrequests` = KV list calls + Durable Object pokes. */
export interface WatchdogReport {
  tenants: number;
  stale: number;
  poked: number;
  listCalls: number;
  subrequests: number;
}

/**
 * Cron watchdog: pages through the registry and wakes at most `maxPokes` tenants that have not
 * beaten for an hour plus `graceMs` (alarms are reliable; this only catches the rare lost one).
 * Cost per run: ⌈tenants / 1000⌉ list calls + the pokes, whatever the number of tenants.
 */
export async function watchdog(
  env: Env,
  now: number,
  graceMs: number,
  maxPokes = 100,
): Promise<WatchdogReport> {
  const report: WatchdogReport = { tenants: 0, stale: 0, poked: 0, listCalls: 0, subrequests: 0 };
  const pokes: Promise<unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ prefix: "r:", cursor });
    report.listCalls++;
    for (const key of page.keys) {
      report.tenants++;
      const beat = Beat.safeParse(key.metadata);
      // An object re-beats at least hourly while its alarms run; silence beyond that is a lost alarm.
      if (beat.success && now - beat.data.beat <= BEAT_EVERY_MS + graceMs) continue;
      report.stale++;
      if (pokes.length >= maxPokes) continue;
      const tenant = decodeURIComponent(key.name.slice(2));
      pokes.push(
        tenantStub(env, tenant)
          .ensureAlarm(tenant)
          .catch(() => {}),
      );
    }
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  await Promise.all(pokes);
  report.poked = pokes.length;
  report.subrequests = report.listCalls + report.poked;
  return report;
}
