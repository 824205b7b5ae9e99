import type { Runtime } from "../provider/capabilities.ts";
import { BEAT_EVERY_MS, heartbeat, unregister } from "./registry.ts";

/** What arming needs: the object's storage, the tenant, KV (the watchdog registry), the clock. */
export interface AlarmDeps {
  storage: DurableObjectStorage;
  kv: KVNamespace;
  tenant: string;
  rt: Runtime;
}

/** The tenant's alarm and its entry in the cron watchdog's registry. */
export class AlarmService {
  private readonly d: AlarmDeps;

  constructor(deps: AlarmDeps) {
    this.d = deps;
  }

  /** Sets the alarm and, at most hourly, tells the watchdog registry when it will fire. */
  async arm(at: number): Promise<void> {
    await this.d.storage.setAlarm(at);
    const last = (await this.d.storage.get<number>("beat")) ?? 0;
    if (this.d.rt.now() - last >= BEAT_EVERY_MS) {
      await heartbeat(this.d.kv, this.d.tenant, at, this.d.rt.now());
      await this.d.storage.put("beat", this.d.rt.now());
    }
  }

  /** Arms now and makes the next arm tell the registry (a fresh connection, or a lost alarm). */
  async armNow(): Promise<void> {
    await this.d.storage.put("beat", 0);
    await this.arm(this.d.rt.now());
  }

  /** Makes sure the alarm comes back by `at` (never later than it already would). */
  async by(at: number): Promise<void> {
    const current = await this.d.storage.getAlarm();
    if (current === null || current > at) await this.d.storage.setAlarm(at);
  }

  /** Watchdog poke: a tenant whose alarm was lost gets one now; a disconnected one leaves the registry. */
  async ensure(connected: boolean): Promise<void> {
    if (!connected) {
      await unregister(this.d.kv, this.d.tenant);
      return;
    }
    if ((await this.d.storage.getAlarm()) === null) await this.d.storage.put("beat", 0);
    await this.arm(this.d.rt.now());
  }
}
