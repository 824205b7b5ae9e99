import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../../shared/errors.ts";
import { AppError } from "../errors.ts";

/** What a Durable Object RPC returns: RPC keeps plain data, not error classes, so failures travel as values. */
export type Result<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      status: ContentfulStatusCode;
      code: ErrorCode;
      message: string;
      details?: { path: string; message: string }[];
    };

/** A success. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** A failure with an HTTP status, stable code and human message. */
export const fail = <T = never>(
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  details?: { path: string; message: string }[],
): Result<T> => ({ ok: false, status, code, message, ...(details ? { details } : {}) });

/** Unwraps a Result in a route: the value, or the AppError the error handler renders. */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new AppError(r.status, r.code, r.message, r.details);
}
