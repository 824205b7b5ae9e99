import { ErrorBody } from "../../shared/errors.ts";

/** An API failure the UI can show: HTTP status, stable code, human message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
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
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiError(res.status, "http_error", `Request failed (HTTP ${res.status}).`);
  }
  return parse(json);
}
