import { ConnectionStatus, StartConnect } from "../../shared/connection.ts";
import type { AggElement } from "../base/agg-element.ts";
import { ApiError } from "../base/api-client.ts";

/** Wraps a zod/mini schema as a response parser whose failure is a readable ApiError, not a ZodError. */
function parser<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) {
  return (json: unknown): T => {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    throw new ApiError(
      502,
      "bad_response",
      "AGG SMART Accounts Connect sent an answer this page can't read.",
    );
  };
}

const readStatus = parser<ConnectionStatus>(ConnectionStatus);
const readStart = parser<StartConnect>(StartConnect);

/** `GET /api/connection`: the tenant's connection status. */
export function fetchStatus(el: AggElement): Promise<ConnectionStatus> {
  return el.call("/api/connection", readStatus);
}

/** `POST /api/connection/start` (admin): the single-use URL for the consent popup. */
export function startConnect(el: AggElement): Promise<StartConnect> {
  return el.call("/api/connection/start", readStart, { method: "POST" });
}

/** `DELETE /api/connection` (admin): disconnects and answers the new status. */
export function disconnect(el: AggElement): Promise<ConnectionStatus> {
  return el.call("/api/connection", readStatus, { method: "DELETE" });
}

/** Any thrown value as an ApiError the UI can show. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, "internal_error", "Something went wrong. Please try again.");
}
