// The widget and the worker are always deployed together (the worker serves widget.js), so the
// widget does not re-validate its own API with a schema library: answers are typed as the shared
// TS types (`as T`), after a minimal shape check where a wrong answer would render garbage. The
// worker validates with the zod schemas in shared/; keeping zod out of widget.js halves its size.

/** An API failure the UI can show: HTTP status, stable code, human message, field details, Retry-After. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Per-field messages of a 400 `validation_failed` ([{path, message}]). */
  readonly details: unknown;
  /** Seconds from a 429's Retry-After header. */
  readonly retryAfter: number | null;
  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    retryAfter: number | null = null,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

/** Any thrown value as an ApiError the UI can show. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, "internal_error", "Something went wrong. Please try again.");
}

/** A JSON object's fields, or null when `v` is not an object. */
export function fields(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** A response reader: the answer as `T` when `looksRight` accepts it, else a readable 502 ApiError. */
export function reader<T>(looksRight: (json: Record<string, unknown>) => boolean): (json: unknown) => T {
  return (json) => {
    const o = fields(json);
    if (o && looksRight(o)) return o as T;
    throw new ApiError(
      502,
      "bad_response",
      "AGG SMART Accounts Connect sent an answer this page can't read.",
    );
  };
}

export interface ApiRequest {
  base: string;
  path: string;
  token: string;
  init?: RequestInit;
}

/** Calls the worker with the embed token; non-2xx answers become ApiError with the server's code and message. */
export async function apiFetch<T>(req: ApiRequest, parse: (json: unknown) => T): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(req.path, req.base), {
      ...req.init,
      headers: {
        ...(req.init?.headers ?? {}),
        Authorization: `Bearer ${req.token}`,
        Accept: "application/json",
      },
    });
  } catch {
    throw new ApiError(
      0,
      "network_error",
      "Could not reach AGG SMART Accounts Connect. Check your connection.",
    );
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const retry = Number(res.headers.get("Retry-After"));
    const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
    // The worker's one error shape: { error: { code, message, details? } }.
    const e = fields(fields(json)?.error);
    if (e && typeof e.code === "string" && typeof e.message === "string")
      throw new ApiError(res.status, e.code, e.message, e.details, retryAfter);
    throw new ApiError(res.status, "http_error", `Request failed (HTTP ${res.status}).`);
  }
  return parse(json);
}
