// The steps every OAuth consent flow shares, per tenant: a single-use start ticket bound to the
// user and the host page's origin → state + PKCE verifier (single use, 10 minutes) and the
// consent URL → at the callback, the state taken back and the code traded → expired records
// purged. What follows the code exchange (which organisation, a picker) is the provider's.

import { randomToken } from "../encoding.ts";
import { allowedOrigins } from "../middleware/cors.ts";
import { AUTH_TTL_MS, KEYS, PendingAuth, StartTicket, TICKET_TTL_MS } from "../tenant/records.ts";
import { fail, ok, type Result } from "../tenant/result.ts";
import { tenantRef } from "../tenant/tenant-ref.ts";
import type { VaultStorage } from "../tenant/vault.ts";
import type { FetchFn } from "./capabilities.ts";
import { newCodeVerifier, OAuthError } from "./oauth2.ts";
import type { CallbackOutcome, ConsentDeps, ConsentFlow } from "./provider.ts";

/** Storage the steps need: the vault's calls plus listing by prefix (for the purge). */
export type FlowStorage = ConsentDeps["storage"];

/** Reads and deletes a record in one step (no await on the network in between: the DO's input gate holds). */
export async function take<T>(
  storage: VaultStorage,
  key: string,
  parse: (v: unknown) => T,
): Promise<T | null> {
  const raw = await storage.get(key);
  if (raw === undefined) return null;
  await storage.delete(key);
  return parse(raw);
}

/** A kind of pending record the purge deletes once expired (`expired` then cleans up after it). */
export interface PurgeKind {
  prefix: string;
  parse(v: unknown): { expiresAt: number } | undefined;
  expired?(id: string, rec: unknown): Promise<void>;
}

/** What the shared steps touch: the tenant's consent storage, the provider's config and fetch. */
export interface ConsentStepsDeps<C> extends Pick<ConsentDeps, "storage" | "tenant" | "allowedOrigins"> {
  cfg: C;
  fetchFn: FetchFn;
}

/** A provider's side of the shared steps: its consent URL, its code exchange, its failure code. */
export interface ConsentOAuth<C, T> {
  /** The consent URL for this state and PKCE verifier. */
  authorizeUrl(cfg: C, state: string, codeVerifier: string): Promise<string>;
  /** Checks the callback against `state` and trades its code for what the flow goes on with. */
  exchangeCode(
    cfg: C,
    fetchFn: FetchFn,
    callback: URL,
    state: string,
    codeVerifier: string,
    now: number,
  ): Promise<T>;
  /** The outcome code of a failed exchange that was not a denial, e.g. `<provider>_error`. */
  errorCode: string;
  /** The message when the exchange failed without an OAuthError. */
  unreachable: string;
}

/**
 * The ticket, state and callback steps of one tenant's consent flow; a provider's flow extends
 * it with what follows the code exchange (`completeAuthorize` after `redeem`, `completePick`).
 */
export abstract class OAuthConsentFlow<C, T> implements ConsentFlow {
  private readonly steps: ConsentStepsDeps<C>;
  private readonly now: () => number;
  private readonly oauth: ConsentOAuth<C, T>;
  constructor(steps: ConsentStepsDeps<C>, now: () => number, oauth: ConsentOAuth<C, T>) {
    this.steps = steps;
    this.now = now;
    this.oauth = oauth;
  }

  abstract completeAuthorize(nonce: string, callbackUrl: string): Promise<CallbackOutcome>;
  abstract completePick(pickId: string, orgRef: string): Promise<CallbackOutcome>;

  /** A single-use, 60-second ticket bound to this tenant, user and the host page's origin. */
  async createTicket(sub: string, origin: string): Promise<Result<string>> {
    if (!allowedOrigins(this.steps.allowedOrigins).has(origin))
      return fail(403, "forbidden", "This page's origin is not allowed to connect accounts.");
    const id = randomToken();
    await this.steps.storage.put(KEYS.ticket(id), {
      sub,
      origin,
      expiresAt: this.now() + TICKET_TTL_MS,
    } satisfies StartTicket);
    return ok(id);
  }

  /** Consumes a ticket; stores state + PKCE verifier (10 minutes, single use); returns the consent URL. */
  async beginAuthorize(ticketId: string): Promise<Result<{ url: string; origin: string }>> {
    const ticket = await take(this.steps.storage, KEYS.ticket(ticketId), (v) => StartTicket.parse(v));
    if (!ticket || ticket.expiresAt < this.now())
      return fail(
        400,
        "bad_request",
        "This connect link has expired or was already used. Click Connect again.",
      );
    const id = randomToken();
    const verifier = newCodeVerifier();
    await this.steps.storage.put(KEYS.auth(id), {
      sub: ticket.sub,
      origin: ticket.origin,
      verifier,
      expiresAt: this.now() + AUTH_TTL_MS,
    } satisfies PendingAuth);
    const state = tenantRef(id, this.steps.tenant);
    return ok({ url: await this.oauth.authorizeUrl(this.steps.cfg, state, verifier), origin: ticket.origin });
  }

  /**
   * The callback: takes the consent state (single use, unexpired) and trades the code with
   * `exchange`. Returns what it gave with the pending record,
   * or the failed outcome to answer (an expired state; a denial; any other failure).
   */
  protected async redeem(
    id: string,
    callbackUrl: string,
  ): Promise<{ pending: PendingAuth; got: T } | { failed: CallbackOutcome }> {
    const pending = await take(this.steps.storage, KEYS.auth(id), (v) => PendingAuth.parse(v));
    if (!pending || pending.expiresAt < this.now())
      return {
        failed: {
          kind: "failed",
          origin: null,
          code: "state_invalid",
          message: "This sign-in has expired or was already used. Start again from AGG SMART.",
        },
      };
    const url = new URL(callbackUrl);
    try {
      const got = await this.oauth.exchangeCode(
        this.steps.cfg,
        this.steps.fetchFn,
        url,
        url.searchParams.get("state") ?? "",
        pending.verifier,
        this.now(),
      );
      return { pending, got };
    } catch (err) {
      const e = err instanceof OAuthError ? err : new OAuthError("transient", this.oauth.unreachable);
      const code = e.kind === "denied" ? "access_denied" : this.oauth.errorCode;
      return { failed: { kind: "failed", origin: pending.origin, code, message: e.message } };
    }
  }

  /**
   * Deletes expired tickets and consent states (with their PKCE verifiers), and records of the
   * `more` kinds; returns when the next pending record expires (null: none left).
   */
  async purgeExpired(now = this.now(), more: readonly PurgeKind[] = []): Promise<number | null> {
    let next: number | null = null;
    const kinds: PurgeKind[] = [
      { prefix: "ticket:", parse: (v) => StartTicket.safeParse(v).data },
      { prefix: "auth:", parse: (v) => PendingAuth.safeParse(v).data },
      ...more,
    ];
    for (const { prefix, parse, expired } of kinds)
      for (const [key, raw] of await this.steps.storage.list({ prefix })) {
        const rec = parse(raw);
        if (rec && rec.expiresAt >= now) {
          next = next === null ? rec.expiresAt : Math.min(next, rec.expiresAt);
          continue;
        }
        await this.steps.storage.delete(key);
        await expired?.(key.slice(prefix.length), rec);
      }
    return next;
  }
}
