import { LitElement } from "lit";
import { ApiError, apiFetch } from "./api-client.ts";
import { SCRIPT_ORIGIN } from "./script-origin.ts";

declare global {
  interface Window {
    /** Optional host hook: returns a fresh embed token when the current one expires. */
    AggSmartWidget?: { getToken?: () => string | Promise<string> };
  }
  interface GlobalEventHandlersEventMap {
    "agg-token-expired": CustomEvent<{ element: string }>;
  }
}

/** Lit declarations for internal reactive state: `{ phase: { state: true }, … }`. */
export function states<K extends string>(...names: K[]): Record<K, { state: true }> {
  return Object.fromEntries(names.map((n) => [n, { state: true }])) as Record<K, { state: true }>;
}

/**
 * Base of every AGG SMART element: the `token` and `api` attributes, and API calls that
 * recover from an expired token (event + host hook, one retry).
 */
export class AggElement extends LitElement {
  static override properties = {
    token: { type: String },
    api: { type: String },
  };

  declare token: string | null;
  declare api: string | null;

  /** API base: the `api` attribute, else the origin widget.js came from. */
  get apiBase(): string {
    return this.api || SCRIPT_ORIGIN;
  }

  /** Fires a bubbling, composed event so hosts can listen on any ancestor. */
  emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** GET/POST to the worker; on an expired token, asks the host for a new one and retries once. */
  async call<T>(path: string, parse: (json: unknown) => T, init?: RequestInit): Promise<T> {
    if (!this.token) throw new ApiError(401, "unauthorized", "This widget has no sign-in token.");
    try {
      return await apiFetch({ base: this.apiBase, path, token: this.token, init }, parse);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== "token_expired") throw err;
      const stale = this.token;
      // The host may answer the event by setting a new `token` attribute right away, or offer getToken().
      this.emit("agg-token-expired", { element: this.localName });
      const fresh = this.token !== stale ? this.token : await window.AggSmartWidget?.getToken?.();
      if (!fresh || fresh === stale) throw err;
      this.token = fresh;
      return apiFetch({ base: this.apiBase, path, token: fresh, init }, parse);
    }
  }
}
