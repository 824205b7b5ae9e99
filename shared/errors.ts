import * as z from "zod/mini";

// shared/ schemas use zod/mini. The widget imports only their types (widget/base/api-client.ts
// says why), so no schema library is in widget.js; the worker validates with these.

/** Stable error codes every API response may carry; clients switch on `code`, people read `message`. */
export const ErrorCode = z.enum([
  "bad_request",
  "validation_failed",
  "unauthorized",
  "token_expired",
  "forbidden",
  "not_found",
  "conflict",
  "unprocessable",
  "rate_limited",
  "not_connected",
  "upstream_error",
  "internal_error",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one error body shape of every non-2xx JSON response from the worker. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    requestId: z.optional(z.string()),
    details: z.optional(z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
