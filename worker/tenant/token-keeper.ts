import { ProviderError } from "../provider/errors.ts";
import type { TokenSet } from "../provider/model.ts";
import { REFRESH_AHEAD_MS } from "./records.ts";

/** What the keeper needs from the outside world: storage, the provider's refresh call (throws ProviderError), a clock, a sleep. */
export interface KeeperDeps {
  load(): Promise<TokenSet | null>;
  save(tokens: TokenSet): Promise<void>;
  refresh(refreshToken: string): Promise<TokenSet>;
  onInvalidGrant(message: string): Promise<void>;
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Delays between refresh attempts on transient failures (a lost response, a 5xx, a timeout). */
export const RETRY_DELAYS_MS = [200, 1000, 3000];

/**
 * Hands out access tokens and refreshes them with exactly one refresh in flight per tenant.
 * A Durable Object's input gate opens while `fetch` is awaited, so concurrent callers would
 * otherwise each start a refresh and the rotated refresh tokens would kill each other;
 * callers share one in-memory promise instead. The stored token set is replaced only after a
 * successful refresh, so a lost response is retried with the previous refresh token, which
 * rotating providers still accept for a grace period (30 minutes).
 */
export class TokenKeeper {
  private inflight: Promise<TokenSet> | null = null;
  private cached: TokenSet | null = null;
  private readonly deps: KeeperDeps;

  constructor(deps: KeeperDeps) {
    this.deps = deps;
  }

  /** Forgets the in-memory copy (after disconnect / reconnect). */
  reset(tokens: TokenSet | null = null): void {
    this.cached = tokens;
  }

  /** A usable access token: the current one, or a fresh one if it expires within 2 minutes. */
  async accessToken(): Promise<string> {
    if (!this.cached) this.cached = await this.deps.load();
    const tokens = this.cached;
    if (!tokens) throw new ProviderError("not_connected", "Not connected.");
    if (tokens.expiresAt - this.deps.now() > REFRESH_AHEAD_MS) return tokens.accessToken;
    return (await this.refresh()).accessToken;
  }

  /**
   * Refreshes now (single-flight). `staleAccessToken`: the token a caller saw rejected; if the
   * set already moved on, the newer set is returned without another refresh.
   */
  async refresh(staleAccessToken?: string): Promise<TokenSet> {
    if (this.inflight) return this.inflight;
    const current = this.cached ?? (await this.deps.load());
    if (current && staleAccessToken && current.accessToken !== staleAccessToken) return current;
    if (this.inflight) return this.inflight;
    this.inflight = this.run(current).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async run(current: TokenSet | null): Promise<TokenSet> {
    if (!current) throw new ProviderError("not_connected", "Not connected.");
    for (let attempt = 0; ; attempt++) {
      try {
        const next = await this.deps.refresh(current.refreshToken);
        await this.deps.save(next);
        this.cached = next;
        return next;
      } catch (err) {
        const e = err instanceof ProviderError ? err : new ProviderError("transient", String(err));
        if (e.kind === "auth_revoked") {
          this.cached = null;
          await this.deps.onInvalidGrant(e.message);
          throw e;
        }
        const delay = RETRY_DELAYS_MS[attempt];
        if (e.kind !== "transient" || delay === undefined) throw e;
        await this.deps.sleep(delay);
      }
    }
  }
}
