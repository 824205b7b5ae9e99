import { errors, jwtVerify } from "jose";
import * as z from "zod";
import { AppError } from "../errors.ts";
import { parseKeyring } from "../keyring.ts";
import { TenantId } from "../tenant/tenant-id.ts";

/** Audience every embed token must carry. */
export const EMBED_AUDIENCE = "agg-smart-widget";
const MAX_LIFETIME_S = 3600;
const CLOCK_TOLERANCE_S = 60;

/** The verified identity behind a widget request. */
export const EmbedClaims = z.object({
  tenant: TenantId,
  sub: z.string().min(1).max(256),
  role: z.enum(["staff", "admin"]),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type EmbedClaims = z.infer<typeof EmbedClaims>;

/** Imported HMAC keys by secret: importing once per isolate, not once per request. */
const keyCache = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["verify"],
    );
    keyCache.set(secret, key);
  }
  return key;
}

function reject(
  reason: string,
  message: string,
  code: "unauthorized" | "token_expired" = "unauthorized",
): never {
  throw new AppError(401, code, message, { reason });
}

/**
 * Verifies an AGG SMART embed token (HS256 only; `kid` picks the current or a previous secret)
 * and returns its claims. Every failure is a 401 whose `details.reason` says which check failed.
 */
export async function verifyEmbedToken(token: string, secrets: string, nowMs: number): Promise<EmbedClaims> {
  const ring = parseKeyring(secrets);
  if (ring.length === 0) throw new AppError(500, "internal_error", "EMBED_SIGNING_SECRET is not configured.");
  let payload: unknown;
  try {
    const res = await jwtVerify(
      token,
      (header) => {
        // A JSON header may carry any type; a non-string kid is a broken signer, not "no kid".
        const kid: unknown = header.kid;
        if (kid !== undefined && typeof kid !== "string")
          reject("malformed_kid", "The token header's kid must be a string.");
        const entry = kid ? ring.find((k) => k.kid === kid) : ring[0];
        if (!entry) reject("unknown_key", "The token was signed with a key this service does not know.");
        return hmacKey(entry.secret);
      },
      {
        algorithms: ["HS256"],
        audience: EMBED_AUDIENCE,
        requiredClaims: ["tenant", "sub", "role", "iat", "exp"],
        currentDate: new Date(nowMs),
        clockTolerance: CLOCK_TOLERANCE_S,
      },
    );
    payload = res.payload;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw mapJoseError(err);
  }
  const parsed = EmbedClaims.safeParse(payload);
  if (!parsed.success) {
    const bad = parsed.error.issues[0];
    const field = bad?.path.join(".") || "claims";
    reject(
      "invalid_claims",
      `The token's "${field}" claim is missing or malformed: ${bad?.message ?? "invalid"}.`,
    );
  }
  const claims = parsed.data;
  if (claims.iat * 1000 > nowMs + CLOCK_TOLERANCE_S * 1000)
    reject("not_yet_valid", "The token is not valid yet.");
  if (claims.exp - claims.iat > MAX_LIFETIME_S)
    reject("lifetime_too_long", "Embed tokens may live at most one hour.");
  return claims;
}

function mapJoseError(err: unknown): AppError {
  const fail = (reason: string, message: string, code: "unauthorized" | "token_expired" = "unauthorized") =>
    new AppError(401, code, message, { reason });
  if (err instanceof errors.JWTExpired)
    return fail("expired", "The sign-in token has expired.", "token_expired");
  if (err instanceof errors.JOSEAlgNotAllowed)
    return fail("algorithm_not_allowed", "Only HS256 tokens are accepted.");
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return fail("bad_signature", "The token signature is wrong.");
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.reason === "missing") return fail("invalid_claims", `The token has no "${err.claim}" claim.`);
    if (err.claim === "aud") return fail("wrong_audience", "The token is not meant for this widget.");
    if (err.claim === "nbf" || err.claim === "iat")
      return fail("not_yet_valid", "The token is not valid yet.");
    return fail("invalid_claims", `The token's "${err.claim}" claim is missing or wrong.`);
  }
  return fail("malformed", "The sign-in token is not a valid JWT.");
}
