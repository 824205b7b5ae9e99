// A customer merge in QuickBooks Online, end to end through the worker in workerd: QuickBooks names
// the survivor only in its webhook (Merge, `deletedID`/`deletedid` = the record merged away), and
// later reads show the merged-away record as a plain inactive customer renamed "(deleted)". The
// merge is stored when the event is applied, so the badge for the merged-away customer's name or
// QuickBooks Id reaches the survivor after the webhook, after a CDC run and after a full reload.

import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import type { SyncCursor } from "../../worker/sync/cursor.ts";
import { tenantStub } from "../../worker/tenant/stub.ts";
import { DEMO_QBO_IDS, DEMO_REALM_ID } from "../qbo-emulator/index.ts";
import { connect, control, emu, staff, sync, T, useQboStack } from "./qbo-stack.ts";

useQboStack();

const id = (k: string) => DEMO_QBO_IDS.customers[k] ?? "";

const cursor = () =>
  runInDurableObject(
    tenantStub(env, T),
    async (_o, state) => (await state.storage.get("sync")) as SyncCursor,
  );

const credit = async (ref: string) =>
  (await staff(`/api/customers/${encodeURIComponent(ref)}/credit`)).body as {
    state: string;
    position?: {
      customer: { contactId: string; archived?: boolean };
      balanceMinor: number;
      overdueMinor: number;
    };
  };

describe("QuickBooks Online: merged customers followed", () => {
  it.each(["cloudevents", "legacy"] as const)(
    "%s: merge → webhook → the merged-away customer's name and Id reach the survivor; a CDC run and a full reload keep it",
    async (format) => {
      expect((await connect()).status).toBe(200);
      await sync();
      const [pennine, oakwood] = [id("pennine"), id("oakwood")];
      expect((await credit("Pennine Paving")).position?.customer.contactId).toBe(pennine);

      // Merged in the QuickBooks UI: Pennine's invoices (J-20017, £2,950 overdue) move to Oakwood.
      emu.webhooks.config.format = format;
      await control(`/companies/${DEMO_REALM_ID}/customers/merge`, { from: pennine, into: oakwood });
      await emu.flushWebhooks();
      const sent = emu.webhooks.deliveries.at(-1);
      expect(sent?.status).toBe(200);
      expect(sent?.body).toContain(format === "legacy" ? '"deletedID"' : '"deletedid"');

      const expectSurvivor = async () => {
        for (const ref of ["Pennine Paving", pennine]) {
          const c = await credit(ref);
          expect(c.state, ref).toBe("found");
          expect(c.position?.customer.contactId, ref).toBe(oakwood);
          expect(c.position?.customer.archived, ref).toBeFalsy();
          expect(c.position?.overdueMinor, ref).toBe(295_000);
        }
      };
      await expectSurvivor();

      // A CDC run: the merged-away record comes back inactive and renamed; the pointer stays.
      const fullAt = (await cursor()).lastFullAt;
      vi.setSystemTime(Date.now() + 10 * 60_000);
      await sync();
      expect((await cursor()).lastFullAt).toBe(fullAt);
      await expectSurvivor();

      // The daily full reload reads every customer again.
      vi.setSystemTime(Date.now() + 25 * 3600_000);
      await sync();
      expect((await cursor()).lastFullAt).toBeGreaterThan(fullAt ?? 0);
      await expectSurvivor();
    },
  );
});
