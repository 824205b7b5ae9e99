// The benchmark stack's worker entry (test/bench/lib.ts starts `wrangler dev worker/bench-entry.ts`):
// the production worker plus the /bench/* comparison routes. `wrangler deploy` bundles
// worker/index.ts (wrangler.toml `main`), which never imports bench/routes.ts and never calls
// the registry's providerBenchRoutes(), so no variable or flag can mount them in production.
import { createApp } from "./app.ts";
import { bench } from "./bench/routes.ts";
import type { Env } from "./env.ts";
import production from "./index.ts";
import { providerBenchRoutes } from "./provider/registry.ts";

export { TenantObject } from "./tenant/tenant-object.ts";

const app = createApp([bench, ...providerBenchRoutes()]);

export default { ...production, fetch: app.fetch } satisfies ExportedHandler<Env>;
