import { ErrorBody } from "../../shared/errors.ts";

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
    const parsed = ErrorBody.safeParse(json);
    const retry = Number(res.headers.get("Retry-After"));
    const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
    if (parsed.success) {
      const { code, message, details } = parsed.data.error;
      throw new ApiError(res.status, code, message, details, retryAfter);
    }
    throw new ApiError(res.status, "http_error", `Request failed (HTTP ${res.status}).`);
  }
  return parse(json);
}
