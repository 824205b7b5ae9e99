// What the registry holds per accounting system: its descriptor (names, fields, rules) and
// factories for the capabilities it has. Factories take the worker's bindings and the injected
// runtime; nothing here reads globals.

import type { ConnectionStatus } from "../../shared/connection.ts";
import type { Env } from "../env.ts";
import type { OrgMapScope } from "../store/org-map.ts";
import type { Result } from "../tenant/result.ts";
import type { Vault, VaultStorage } from "../tenant/vault.ts";
import type {
  OAuthConnector,
  PaymentWriter,
  PullSource,
  PushIngest,
  Runtime,
  WebhookApplier,
  WebhookReceiver,
} from "./capabilities.ts";
import type { ProviderId, TokenSet } from "./model.ts";

/** An option the settings form offers (a provider field). */
export interface FieldOption {
  value: string;
  label: string;
}

/** The tenant's current credentials, as a provider session asks for them. */
export interface SessionCredentials {
  /** A usable access token and the organisation it is for (throws ProviderError when there is none). */
  token(): Promise<{ token: string; orgRef: string }>;
  /** Called with the token the provider rejected as expired; returns a fresh one. */
  renew(staleToken: string): Promise<string>;
  /** The organisation was disconnected at the provider (permanent). */
  revoked(): Promise<void>;
  /** A permission or scope is missing (permanent until an admin reconnects). */
  refused(): Promise<void>;
}

/** What a session is built from: the runtime, credentials, the tenant's settings and the organisation. */
export interface SessionDeps {
  rt: Runtime;
  creds: SessionCredentials;
  /** Call budget state kept by the tenant object across calls (the provider's own shape). */
  budget: CallBudget;
  currency: string;
  limitField: string;
  /** The tenant's customer merge map (providers that name a merge only in an event). */
  merges?: CustomerMerges;
}

/** A customer merged away: the survivor, and the matching keys the store knew it by before the merge. */
export interface MergedAway {
  to: string;
  keys?: { name?: string; contactNumber?: string; accountNumber?: string };
}

/** The tenant's merge map: written when a provider's merge event is applied, read on every later mapping. */
export interface CustomerMerges {
  record(fromId: string, toId: string, at: number): void;
  get(fromId: string): MergedAway | undefined;
}

/** Remaining call budgets the provider reported (day and minute windows), and when. */
export interface CallBudget {
  day?: number;
  minute?: number;
  appMinute?: number;
  at?: number;
  /** When the day window resets, when the provider said so. */
  dayResetAt?: number;
}

/** How a pull provider's calls are spread over its windows (pure functions of the clock and the budget). */
export interface Pacing {
  /** When the next scheduled poll should run. */
  nextPoll(i: { now: number; budget: CallBudget; intervalMs: number; lastWebhookAt: number | null }): number;
  /** Mid-run: stop for this long because only the reserve is left (null: go on). */
  reservePause(now: number, budget: CallBudget): number | null;
  /** On-demand refresh must wait this long (null: go on); payments may still spend what is left. */
  onDemandWait(now: number, budget: CallBudget): number | null;
}

/** One tenant's live link to its organisation. */
export interface ProviderSession {
  pull?: PullSource;
  payments?: PaymentWriter;
  events?: WebhookApplier;
}

/** The connection a consent produced (provider-neutral; stored as the tenant's `connection`). */
export interface NewConnection {
  provider: ProviderId;
  state: "connected";
  orgRef: string;
  connectionRef: string;
  orgName: string;
  currency?: string;
  timezone?: string;
  connectedAt: number;
  connectedBy: string;
}

/** Where a consent callback ends up: connected, a picker to show, or a failure to report to the opener. */
export type CallbackOutcome =
  | { kind: "connected"; origin: string; status: ConnectionStatus }
  | { kind: "pick"; origin: string; pickId: string; orgs: { tenantId: string; name: string }[] }
  | { kind: "failed"; origin: string | null; code: string; message: string };

/** The consent popup's steps for one tenant. */
export interface ConsentFlow {
  createTicket(sub: string, origin: string): Promise<Result<string>>;
  beginAuthorize(ticket: string): Promise<Result<{ url: string; origin: string }>>;
  completeAuthorize(nonce: string, callbackUrl: string): Promise<CallbackOutcome>;
  completePick(pickId: string, orgRef: string): Promise<CallbackOutcome>;
  /** Deletes expired consent records; returns when the next one expires (null: none). */
  purgeExpired(): Promise<number | null>;
}

/** What a consent flow may touch. */
export interface ConsentDeps {
  storage: VaultStorage & { list(options: { prefix: string }): Promise<Map<string, unknown>> };
  vault: Vault;
  tenant: string;
  allowedOrigins: string;
  /** True when an AGG SMART tenant stores this connection (it must stay at the provider). */
  inUse(connectionRef: string, orgRef: string): Promise<boolean>;
  onConnected(record: NewConnection, tokens: TokenSet): Promise<void>;
}

/** A connection at the provider, as releasing needs it. */
export interface ConnectionRefs {
  connectionRef: string;
  orgRef: string;
}

/** The OAuth side, per tenant: tokens, the organisation, consent, letting go. Failures are ProviderErrors. */
export interface OAuthSide extends OAuthConnector {
  consent(deps: ConsentDeps): ConsentFlow;
  /** Disconnect: removes the connection at the provider (unless in use) and revokes when nothing is left. */
  release(tokens: TokenSet, conn: ConnectionRefs, inUse: ConsentDeps["inUse"]): Promise<void>;
  /** After a reconnect to another organisation: removes the old connection (best effort). */
  releaseReplaced(
    old: ConnectionRefs,
    oldTokens: TokenSet,
    newTokens: TokenSet,
    inUse: ConsentDeps["inUse"],
  ): Promise<void>;
}

/** Why a connection stopped, in words an admin can act on. */
export interface ProviderReasons {
  revoked: string;
  refused: string;
  grantRefused(message: string): string;
  idleExpired: string;
}

/** One accounting system behind the seam. */
export interface Provider {
  id: ProviderId;
  /** Display name: every message names the tenant's actual provider. */
  name: string;
  /** Contact fields a credit limit may be kept in; the first is AGG SMART's convention. */
  limitFields: readonly FieldOption[];
  /** Invoice fields a job number may be matched by; the first is the default. */
  jobMatchFields: readonly FieldOption[];
  /** KV scope of the organisation → tenants lists (webhooks name organisations). */
  orgs: OrgMapScope;
  reasons: ProviderReasons;
  /** How calls are spread over the provider's day (pull providers). */
  pacing?: Pacing;
  /** The sync interval a new tenant starts with when the provider has its own (a connector's default cycle). */
  defaultSyncIntervalMinutes?: number;
  /** A refresh token unused this long is dead at the provider (no call needed to know). */
  refreshIdleLimitMs?: number;
  oauth?(env: Env, rt: Runtime): OAuthSide;
  session?(env: Env, deps: SessionDeps): ProviderSession;
  webhooks?(env: Env): WebhookReceiver;
  push?: PushIngest;
}
