import type { ConnectionStatus } from "../../shared/connection.ts";
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
