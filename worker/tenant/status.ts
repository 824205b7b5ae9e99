import type { ConnectionStatus } from "../../shared/connection.ts";
import { providerInfo } from "../../shared/providers.ts";
import type { ConnectionRecord } from "./records.ts";

/** Maps the stored record to what the widget may see (names and dates; never ids or tokens). */
export function toStatus(conn: ConnectionRecord | null): ConnectionStatus {
  if (!conn) return { status: "not_connected" };
  const organisation = conn.currency
    ? { name: conn.orgName, currency: conn.currency }
    : { name: conn.orgName };
  const connectedAt = new Date(conn.connectedAt).toISOString();
  const provider = conn.provider;
  if (conn.state === "connected") return { status: "connected", provider, organisation, connectedAt };
  return {
    status: "needs_reconnect",
    provider,
    organisation,
    connectedAt,
    reason: conn.reason ?? `${providerInfo(provider).name} no longer accepts this connection.`,
    since: new Date(conn.since ?? conn.connectedAt).toISOString(),
  };
}
