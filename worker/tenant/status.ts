import type { ConnectionStatus } from "../../shared/connection.ts";
import type { ProviderId } from "../../shared/providers.ts";
import type { ConnectionRecord } from "./records.ts";

/** Maps the stored record to what the widget may see (names and dates; never ids or tokens). */
export function toStatus(conn: ConnectionRecord | null): ConnectionStatus {
  if (!conn) return { status: "not_connected" };
  const organisation = conn.currency
    ? { name: conn.orgName, currency: conn.currency }
    : { name: conn.orgName };
  const connectedAt = new Date(conn.connectedAt).toISOString();
  if (conn.state === "connected") return { status: "connected", provider: "xero", organisation, connectedAt };
  return {
    status: "needs_reconnect",
    provider: "xero",
    organisation,
    connectedAt,
    reason: conn.reason ?? "Xero no longer accepts this connection.",
    since: new Date(conn.since ?? conn.connectedAt).toISOString(),
  };
}

/** The variables that decide which accounting systems this worker can connect. */
export interface ProviderVars {
  XERO_CLIENT_ID?: string;
  QBO_CLIENT_ID?: string;
}

/**
 * The accounting systems this worker is configured for: a provider whose client id is unset is
 * simply not offered. Sage 50 is not offered yet: its connector route does not exist.
 */
export function configuredProviders(env: ProviderVars): ProviderId[] {
  const out: ProviderId[] = [];
  if (env.XERO_CLIENT_ID) out.push("xero");
  if (env.QBO_CLIENT_ID) out.push("quickbooks");
  return out;
}
