import type { ConnectionStatus } from "../../shared/connection.ts";
import {
  isProviderId,
  PROVIDERS,
  type ProviderId,
  type ProviderInfo,
  providerInfo,
} from "../../shared/providers.ts";

// Which accounting system the widget's words are about. Null means "not known yet" (loading, or
// not connected with several systems on offer): callers then say "accounts", never a guessed name.

/** The systems a worker that does not list them offers: it predates providers, so only Xero. */
const LEGACY_OFFER: readonly ProviderId[] = ["xero"];

/** The systems the worker says it can connect (Xero when the answer predates the list). */
export function offeredBy(status: ConnectionStatus | null): readonly ProviderId[] {
  return status?.providers ?? LEGACY_OFFER;
}

/**
 * The tenant's accounting system: the connected one, else the only one on offer, else null.
 * A null status (still loading, or unreadable) is null too.
 */
export function tenantProvider(status: ConnectionStatus | null): ProviderInfo | null {
  if (!status) return null;
  if (status.status !== "not_connected") return providerInfo(status.provider);
  const offered = offeredBy(status);
  return offered.length === 1 && offered[0] ? PROVIDERS[offered[0]] : null;
}

/** The name to put in a sentence (the system's display name), or `unknown` ("accounts") when the provider isn't known. */
export function nameOr(p: ProviderInfo | null, unknown = "accounts"): string {
  return p ? p.name : unknown;
}

/**
 * The `providers` attribute ("xero quickbooks sage50") as ids, in the order written; unknown words
 * are ignored. Null when the attribute is absent or blank: no limit.
 */
export function parseProvidersAttr(attr: string | null | undefined): ProviderId[] | null {
  const words = (attr ?? "")
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!words.length) return null;
  return [...new Set(words.filter(isProviderId))];
}
