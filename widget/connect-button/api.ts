import type { ConnectionStatus, StartConnect } from "../../shared/connection.ts";
import type { ProviderId } from "../../shared/providers.ts";
import type { AggElement } from "../base/agg-element.ts";
import { reader } from "../base/api-client.ts";

const STATUSES = ["not_connected", "connected", "needs_reconnect"];

/** A status answer: a known `status`, and an organisation to name when connected. */
export function isStatus(o: Record<string, unknown>): boolean {
  return (
    STATUSES.includes(o.status as string) &&
    (o.status === "not_connected" || typeof o.organisation === "object")
  );
}

const readStatus = reader<ConnectionStatus>(isStatus);
/** The consent-popup answer (connector systems answer a key: {@link startConnector}). */
type PopupStart = Extract<StartConnect, { url: string }>;
const readStart = reader<PopupStart>((o) => typeof o.url === "string");

/** `GET /api/connection`: the tenant's connection status (and the providers the worker can connect). */
export function fetchStatus(el: AggElement): Promise<ConnectionStatus> {
  return el.call("/api/connection", readStatus);
}

/** `POST /api/connection/start` (admin): the single-use URL for `provider`'s consent popup. */
export function startConnect(el: AggElement, provider: ProviderId): Promise<PopupStart> {
  return el.call("/api/connection/start", readStart, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ provider }),
  });
}

/** The connector-key answer of a connector system (Sage 50): shown once, never stored by the widget. */
export type IssuedKey = Extract<StartConnect, { connectorKey: string }>;
const readKey = reader<IssuedKey>(
  (o) =>
    typeof o.connectorKey === "string" && typeof o.workerUrl === "string" && typeof o.issuedAt === "string",
);

/** `POST /api/connection/start` (admin) for a connector system: a new key (the previous one dies at once). */
export function startConnector(el: AggElement, provider: ProviderId): Promise<IssuedKey> {
  return el.call("/api/connection/start", readKey, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ provider }),
  });
}

/** `DELETE /api/connection` (admin): disconnects and answers the new status. */
export function disconnect(el: AggElement): Promise<ConnectionStatus> {
  return el.call("/api/connection", readStatus, { method: "DELETE" });
}
