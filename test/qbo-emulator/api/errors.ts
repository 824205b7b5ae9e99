// Intuit's error bodies. Business and validation errors: `{"Fault":{"Error":[{Message, Detail,
// code, element}],"type":"ValidationFault"},"time"}` (capitalised). Expired/invalid tokens: the
// lowercase shape `{"fault":{"error":[{message, detail, code}],"type":"AUTHENTICATION"}}` with 401.
// @see https://developer.intuit.com/app/developer/qbo/docs/develop/troubleshooting/error-codes

import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { intuitDateTime } from "../format.ts";

/** One entry of Fault.Error. */
export interface FaultError {
  Message: string;
  Detail?: string;
  code: string;
  element?: string;
}

/** Fault.type values the emulator uses. */
export type FaultType = "ValidationFault" | "SystemFault" | "AuthorizationFault" | "SERVICE";

/** The capitalised Fault body. */
export function faultBody(type: FaultType, errors: FaultError[], now: number) {
  return {
    Fault: { Error: errors.map((e) => ({ element: "", ...e })), type },
    time: intuitDateTime(now, true),
  };
}

/** Answers a capitalised Fault. */
export function fault(
  c: Context,
  status: ContentfulStatusCode,
  type: FaultType,
  errors: FaultError[],
  now: number,
): Response {
  return c.json(faultBody(type, errors, now), status, { intuit_tid: crypto.randomUUID() });
}

/** A 400 ValidationFault with one error. */
export function validation(
  c: Context,
  now: number,
  code: string,
  message: string,
  detail: string,
  element?: string,
) {
  return fault(c, 400, "ValidationFault", [{ Message: message, Detail: detail, code, element }], now);
}

/** 401 AuthenticationFailed (3200), in Intuit's lowercase shape: refresh the token once, then reconnect. */
export function authenticationFailed(c: Context, detail: string): Response {
  return c.json(
    {
      fault: {
        error: [
          {
            message: "message=AuthenticationFailed; errorCode=003200; statusCode=401",
            detail,
            code: "3200",
          },
        ],
        type: "AUTHENTICATION",
      },
    },
    401,
    { intuit_tid: crypto.randomUUID(), "WWW-Authenticate": 'Bearer realm="Intuit", error="invalid_token"' },
  );
}

/** 403 ApplicationAuthorizationFailed (3100): wrong company, scope or environment for this token. */
export function authorizationFailed(c: Context, now: number, detail: string): Response {
  return fault(
    c,
    403,
    "AuthorizationFault",
    [
      {
        Message: "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
        Detail: detail,
        code: "3100",
      },
    ],
    now,
  );
}

/** 429 ThrottleExceeded (3001). Intuit sends no Retry-After: clients wait 60 s. */
export function throttled(c: Context, now: number, detail = "The request limit was reached."): Response {
  return fault(
    c,
    429,
    "SERVICE",
    [{ Message: "message=ThrottleExceeded; errorCode=003001; statusCode=429", Detail: detail, code: "3001" }],
    now,
  );
}

/** 400 QueryParserError (4000): the query is outside the grammar. */
export function queryParserError(c: Context, now: number, detail: string): Response {
  return validation(c, now, "4000", "Error parsing query", `QueryParserError: ${detail}`);
}

/** 400 QueryValidationError (4001): well-formed, but not a query Intuit runs (unknown property …). */
export function queryValidationError(c: Context, now: number, detail: string): Response {
  return validation(c, now, "4001", "Invalid query", `QueryValidationError: ${detail}`);
}
