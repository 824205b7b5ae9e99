// The transport every cloud provider's API client shares: one request read whole as JSON, and the
// retry schedule after a failure that may not recur (5xx, network, timeout, unreadable body).
// What a status means stays with each provider's client; this file only answers "what came back".

import type { FetchFn } from "./capabilities.ts";

/** Delays before the second and third try of a call that is safe to repeat; then it is `transient`. */
export const RETRY_DELAYS_MS: readonly number[] = [250, 1000];

/** How long to wait before try `attempt + 1` (attempt 0 is the first), or undefined: give up. */
export const retryDelay = (attempt: number, retryable: boolean): number | undefined =>
  retryable ? RETRY_DELAYS_MS[attempt] : undefined;

/** An answer read whole: its JSON body (null when empty), or `readable: false` when it is not JSON. */
export interface JsonAnswer {
  res: Response;
  body: unknown;
  readable: boolean;
}

/** Runs `fn`, abandoning it (and aborting its fetch) after `ms`: a fetch that ignores its signal still ends. */
async function withTimeout<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ctrl = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort();
      reject(new Error("timeout"));
    }, ms);
  });
  try {
    return await Promise.race([fn(ctrl.signal), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends one request and reads its body as JSON; null when nothing usable came back (network
 * failure, or no answer within `timeoutMs` when given). Never throws.
 */
export async function fetchJson(
  fetchFn: FetchFn,
  url: string,
  init: RequestInit,
  timeoutMs?: number,
): Promise<JsonAnswer | null> {
  const send = async (signal?: AbortSignal) => {
    const res = await fetchFn(url, signal ? { ...init, signal } : init);
    return { res, text: await res.text() };
  };
  try {
    const { res, text } = timeoutMs === undefined ? await send() : await withTimeout(timeoutMs, send);
    try {
      return { res, body: text ? JSON.parse(text) : null, readable: true };
    } catch {
      return { res, body: null, readable: false };
    }
  } catch {
    return null;
  }
}
