import * as z from "zod/mini";
import { Provider } from "./connection.ts";
import { CreditPosition } from "./credit.ts";

/** A candidate shown when a reference matches several accounting contacts (never a guess). */
export const CreditCandidate = z.object({
  contactId: z.string(),
  name: z.string(),
  contactNumber: z.optional(z.string()),
  accountNumber: z.optional(z.string()),
});
export type CreditCandidate = z.infer<typeof CreditCandidate>;

const provider = z.optional(Provider);

/**
 * `GET /api/customers/{ref}/credit?jobValue=` (widget, embed token) and
 * `GET /v1/tenants/{tenant}/customers/{ref}/credit?jobValue=` (server). Read from the read
 * model only — never from Xero. `limitProblem` is present only for admins and the server API.
 * `provider` names the accounting system the figures came from (absent: meta cached before it
 * existed, which was always Xero; or no connection at all).
 */
export const CreditLookup = z.discriminatedUnion("state", [
  z.object({
    state: z.literal("found"),
    provider,
    position: CreditPosition,
    /** Older than twice the sync interval: show it, but say so and offer Refresh. */
    stale: z.boolean(),
    syncIntervalMinutes: z.number(),
  }),
  z.object({ state: z.literal("not_found"), provider, ref: z.string() }),
  z.object({
    state: z.literal("ambiguous"),
    provider,
    ref: z.string(),
    candidates: z.array(CreditCandidate),
  }),
  /** Connected, but the first sync has not finished: nothing to show yet. */
  z.object({ state: z.literal("not_synced"), provider }),
  /** No accounting connection, or it needs reconnecting (reason for admins). */
  z.object({ state: z.literal("not_connected"), provider, reason: z.optional(z.string()) }),
]);
export type CreditLookup = z.infer<typeof CreditLookup>;
