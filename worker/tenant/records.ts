import * as z from "zod";
import { ProviderId } from "../provider/model.ts";

/**
 * The tenant's connection, as stored in its Durable Object (no secrets; tokens live sealed beside
 * it). Records of the shape before the provider seam are upgraded by worker/store/migrations.ts.
 */
export const ConnectionRecord = z.object({
  provider: ProviderId,
  state: z.enum(["connected", "needs_reconnect"]),
  /** The provider's id of the connection (used to remove it there). */
  connectionRef: z.string(),
  /** The provider's id of the organisation (its tenant or realm id; webhooks name it). */
  orgRef: z.string(),
  orgName: z.string(),
  currency: z.string().optional(),
  /** IANA zone of the organisation (its calendar decides what is overdue). */
  timezone: z.string().optional(),
  connectedAt: z.number(),
  connectedBy: z.string(),
  reason: z.string().optional(),
  since: z.number().optional(),
});
export type ConnectionRecord = z.infer<typeof ConnectionRecord>;

/** A pending consent: created when the popup opens, consumed once by the callback. */
export const PendingAuth = z.object({
  sub: z.string(),
  origin: z.string(),
  verifier: z.string(),
  expiresAt: z.number(),
});
export type PendingAuth = z.infer<typeof PendingAuth>;

/** A single-use ticket that lets the popup start OAuth without carrying the embed token in its URL. */
export const StartTicket = z.object({ sub: z.string(), origin: z.string(), expiresAt: z.number() });
export type StartTicket = z.infer<typeof StartTicket>;

/** Several organisations came back from one consent: the admin picks one within 10 minutes. */
export const PendingPick = z.object({
  sub: z.string(),
  origin: z.string(),
  orgs: z.array(z.object({ connectionId: z.string(), tenantId: z.string(), name: z.string() })),
  expiresAt: z.number(),
});
export type PendingPick = z.infer<typeof PendingPick>;

/** Storage keys inside a TenantObject (documented in worker/store/SCHEMA.md). */
export const KEYS = {
  connection: "connection",
  tokens: "tokens",
  ticket: (nonce: string) => `ticket:${nonce}`,
  auth: (nonce: string) => `auth:${nonce}`,
  pick: (id: string) => `pick:${id}`,
  pickTokens: (id: string) => `pick-tokens:${id}`,
} as const;

/** 10 minutes: how long a consent (state) or an organisation pick stays usable. */
export const AUTH_TTL_MS = 10 * 60_000;
/** 60 seconds: how long a start ticket stays usable. */
export const TICKET_TTL_MS = 60_000;
/** Keep-alive: refresh any connection whose refresh token is older than this (well inside a provider's idle limit). */
export const KEEPALIVE_AFTER_MS = 7 * 24 * 3600_000;
/** Refresh this long before the access token expires. */
export const REFRESH_AHEAD_MS = 2 * 60_000;
