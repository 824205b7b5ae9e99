import * as z from "zod/mini";
import { PROVIDER_IDS } from "./providers.ts";

/** Which accounting system a tenant is connected to (descriptors in ./providers.ts). */
export const Provider = z.enum(PROVIDER_IDS);

/** The organisation a tenant is connected to (no secrets, safe for the browser). */
export const Organisation = z.object({
  name: z.string(),
  currency: z.optional(z.string()),
});

/** The accounting systems this worker is configured for (what Connect Accounts may offer). */
const providers = z.optional(z.array(Provider));

/**
 * `GET /api/connection` — the tenant's connection as the widget shows it, plus `providers`,
 * the systems the worker can connect (absent in the popup's message: the widget keeps the last list).
 * `connecting` is never stored: the button shows it locally while the popup is open.
 */
export const ConnectionStatus = z.discriminatedUnion("status", [
  z.object({ status: z.literal("not_connected"), providers }),
  z.object({
    status: z.literal("connected"),
    provider: Provider,
    organisation: Organisation,
    connectedAt: z.string(),
    /** Connector systems: when the connector last reported (a push landed). */
    lastReportAt: z.optional(z.string()),
    providers,
  }),
  z.object({
    status: z.literal("needs_reconnect"),
    provider: Provider,
    organisation: Organisation,
    connectedAt: z.string(),
    reason: z.string(),
    since: z.string(),
    providers,
  }),
]);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

/** `POST /api/connection/start` body (optional): which system to connect; absent = `xero`. */
export const StartConnectBody = z.object({ provider: z.optional(Provider) });
export type StartConnectBody = z.infer<typeof StartConnectBody>;

/**
 * `POST /api/connection/start` (admin). OAuth systems: a single-use URL for the consent popup (no
 * token in it). Sage 50: a new connector key, shown this once (the worker keeps only its hash;
 * asking again rotates it and the old key stops working); `workerUrl` is what the connector's
 * `--worker` takes.
 */
export const StartConnect = z.union([
  z.object({ url: z.string() }),
  z.object({
    provider: z.literal("sage50"),
    connectorKey: z.string(),
    issuedAt: z.string(),
    workerUrl: z.string(),
  }),
]);
export type StartConnect = z.infer<typeof StartConnect>;

/** What the OAuth popup posts to its opener (only to the exact origin that started it). */
export const ConnectResultMessage = z.object({
  source: z.literal("agg-smart-accounts-connect"),
  type: z.literal("connect-result"),
  ok: z.boolean(),
  connection: z.optional(ConnectionStatus),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
});
export type ConnectResultMessage = z.infer<typeof ConnectResultMessage>;
