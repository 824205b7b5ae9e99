import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import type { ErrorBody, ErrorCode } from "../shared/errors.ts";

/** The one error type routes throw: an HTTP status, a stable code, and a message a person can act on. */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 422) return "unprocessable";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "internal_error";
  return "bad_request";
}

/** Turns any thrown value into the stable error body; unexpected errors are logged (never secrets) and masked. */
export function toErrorResponse(err: unknown, c: Context): Response {
  const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
  let status: ContentfulStatusCode = 500;
  let body: ErrorBody;
  if (err instanceof AppError) {
    status = err.status;
    body = { error: { code: err.code, message: err.message, requestId, details: err.details } };
  } else if (err instanceof ZodError) {
    status = 400;
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    body = { error: { code: "validation_failed", message: "The request is not valid.", requestId, details } };
  } else if (err instanceof HTTPException) {
    status = err.status as ContentfulStatusCode;
    body = { error: { code: codeForStatus(status), message: err.message || "Request failed.", requestId } };
  } else {
    console.error(JSON.stringify({ level: "error", requestId, error: String((err as Error)?.stack ?? err) }));
    body = { error: { code: "internal_error", message: "Something went wrong on our side.", requestId } };
  }
  return c.json(body, status);
}
