// The accounting providers this worker knows, by id. This module and worker/<provider>/ are the
// only places that name a provider; the tenant layer, stores and routes ask here.

import { qboProvider } from "../quickbooks/provider.ts";
import { sage50Provider } from "../sage50/provider.ts";
import { xeroNaiveBench } from "../xero/bench-naive.ts";
import { upgradeXeroConnection } from "../xero/legacy-records.ts";
import { xeroProvider } from "../xero/provider.ts";
import { ProviderId } from "./model.ts";
import type { Provider } from "./provider.ts";

const PROVIDERS: Partial<Record<ProviderId, Provider>> = {
  xero: xeroProvider,
  quickbooks: qboProvider,
  sage50: sage50Provider,
};

/** The provider implementation for `id`; throws for one this worker does not have (a stored record names it). */
export function providerFor(id: ProviderId): Provider {
  const p = PROVIDERS[id];
  if (!p) throw new Error(`no provider implementation for ${id}`);
  return p;
}

/** The implementation for a provider id from a request (null: unknown here, e.g. not built yet). */
export function findProvider(id: string | undefined): Provider | null {
  const known = ProviderId.safeParse(id);
  return known.success ? (PROVIDERS[known.data] ?? null) : null;
}

/** The provider a request without one means (`POST /api/connection/start` absent = xero, for compatibility). */
export const DEFAULT_PROVIDER: ProviderId = "xero";

/** Provider ids with an implementation. */
export const implementedProviders = (): ProviderId[] => Object.keys(PROVIDERS) as ProviderId[];

/**
 * Records written before the seam were all Xero's: a stored `connection` of the old shape →
 * the neutral one (`provider`, `orgRef`, `connectionRef`); any other value passes unchanged.
 */
export const upgradeConnection = (raw: unknown): unknown => upgradeXeroConnection(raw);

/** Stored payment outcomes named the provider's payment id `xeroPaymentId` before `providerPaymentId`. */
export const LEGACY_PAYMENT_ID_FIELD = "xeroPaymentId";

/** DO storage keys renamed at the seam: old → new (migration 6). */
export const LEGACY_KEYS: Readonly<Record<string, string>> = {
  "xero-webhook-at": "webhook-at",
  "xero-day": "day-budget",
};

/** The webhook dedupe table's name before the seam (renamed to `webhook_seen` by a migration). */
export const LEGACY_WEBHOOK_SEEN_TABLE = "xero_seen";

export { LegacyPushed } from "../xero/legacy-records.ts";

/** The variables that decide which accounting systems this worker can connect. */
export interface ProviderVars {
  XERO_CLIENT_ID?: string;
  QBO_CLIENT_ID?: string;
}

/**
 * The accounting systems this worker is configured for: a provider whose client id is unset is
 * simply not offered. Sage 50 needs no configuration (the connector pushes to this worker with a
 * per-tenant key), so it is always offered.
 */
export function configuredProviders(env: ProviderVars): ProviderId[] {
  const out: ProviderId[] = [];
  if (env.XERO_CLIENT_ID) out.push("xero");
  if (env.QBO_CLIENT_ID) out.push("quickbooks");
  out.push("sage50");
  return out;
}

/**
 * Benchmark-only route areas the providers contribute (Xero's `naive` live lookup). Only
 * worker/bench-entry.ts calls this; production never does, so the areas are never built there.
 */
export const providerBenchRoutes = () => [xeroNaiveBench()];
