import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

/**
 * One per AGG SMART tenant (SQLite-backed): the single writer for that tenant's tokens,
 * sync cursors and event log. Requests for one tenant serialise here.
 */
export class TenantObject extends DurableObject<Env> {
  /** Liveness probe used by tests and the watchdog. */
  async ping(): Promise<string> {
    return this.ctx.id.toString();
  }
}
