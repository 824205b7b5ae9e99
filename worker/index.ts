import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { watchdog } from "./tenant/registry.ts";

export { TenantObject } from "./tenant/tenant-object.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  /** Cron watchdog: wakes tenants whose alarm was lost; each tenant syncs in its own object. */
  async scheduled(controller, env, ctx) {
    const graceMs = 2 * Math.max(1, Number(env.SYNC_INTERVAL_MINUTES) || 5) * 60_000;
    ctx.waitUntil(
      watchdog(env, controller.scheduledTime, graceMs).then((r) =>
        console.log(JSON.stringify({ event: "watchdog", ...r })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
