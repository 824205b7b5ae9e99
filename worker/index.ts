import { createApp } from "./app.ts";
import type { Env } from "./env.ts";

export { TenantObject } from "./tenant/tenant-object.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  /** Cron watchdog: wakes tenants whose scheduled work is due (each tenant runs in its own object). */
  async scheduled(_controller, _env, _ctx) {},
} satisfies ExportedHandler<Env>;
