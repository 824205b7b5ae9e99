// Xero's response envelope and error bodies.
// @see https://developer.xero.com/documentation/api/accounting/responsecodes

import { msDateNoOffset } from "./format.ts";

/** ProviderName Xero echoes in every envelope (the calling app's name). */
export const PROVIDER_NAME = "AGG SMART Accounts Connect";

/** Xero's plain-text 404 body (not JSON, even with Accept: application/json). */
export const NOT_FOUND_TEXT = "The resource you're looking for cannot be found";

/** Xero's paging block. */
export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

/** The success envelope: {Id, Status, ProviderName, DateTimeUTC, [pagination], <Collection>: […]}. */
export function envelope(
  collection: string,
  items: unknown[],
  now: number,
  pagination?: Pagination,
): Record<string, unknown> {
  return {
    Id: crypto.randomUUID(),
    Status: "OK",
    ProviderName: PROVIDER_NAME,
    DateTimeUTC: msDateNoOffset(now),
    ...(pagination ? { pagination } : {}),
    [collection]: items,
  };
}

/** An error the routes turn into Xero's status and body. `body` null means Xero's plain-text 404. */
export class XeroHttpError extends Error {
  status: number;
  body: Record<string, unknown> | null;
  constructor(status: number, body: Record<string, unknown> | null) {
    super(body ? String(body.Message ?? body.Type) : NOT_FOUND_TEXT);
    this.status = status;
    this.body = body;
  }
}

/** 404 with Xero's text body. */
export function notFound(): XeroHttpError {
  return new XeroHttpError(404, null);
}

/** 400 ValidationException whose Elements are the offending objects, each carrying ValidationErrors. */
export function validationException(elements: Record<string, unknown>[]): XeroHttpError {
  return new XeroHttpError(400, {
    ErrorNumber: 10,
    Type: "ValidationException",
    Message: "A validation exception occurred",
    Elements: elements,
  });
}

/** 400 ValidationException about a request parameter rather than a posted object. */
export function parameterError(message: string): XeroHttpError {
  return validationException([{ ValidationErrors: [{ Message: message }] }]);
}

/** 400 QueryParseException, Xero's answer to a `where`/`order` it cannot read (e.g. "Syntax error"). */
export function queryParseError(message: string): XeroHttpError {
  return new XeroHttpError(400, { ErrorNumber: 16, Type: "QueryParseException", Message: message });
}

/** 400 PostDataInvalidException, Xero's answer to a body it cannot deserialise. */
export function postDataInvalid(detail: string): XeroHttpError {
  return new XeroHttpError(400, {
    ErrorNumber: 14,
    Type: "PostDataInvalidException",
    Message: `JSON for post data was invalid,${detail}`,
  });
}
