// What AGG SMART's server does for every page that embeds the widget: sign a short-lived embed token.
import { SignJWT } from "jose";
import { parseKeyring } from "../../worker/keyring.ts";

/** Roles an embed token can carry. */
export type EmbedRole = "staff" | "admin";

/** Who the token is for. */
export interface EmbedSubject {
  tenant: string;
  sub: string;
  role: EmbedRole;
}

/** Lifetime of a demo embed token: the contract's maximum (one hour). */
export const EMBED_TOKEN_TTL_S = 3600;

/** Signs an HS256 embed token with the first (current) `kid:secret` of EMBED_SIGNING_SECRET. */
export async function mintEmbedToken(
  secrets: string,
  who: EmbedSubject,
  nowMs: number = Date.now(),
): Promise<string> {
  const current = parseKeyring(secrets)[0];
  if (!current) throw new Error("EMBED_SIGNING_SECRET is empty: cannot sign embed tokens.");
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ tenant: who.tenant, role: who.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: current.kid })
    .setSubject(who.sub)
    .setAudience("agg-smart-widget")
    .setIssuedAt(iat)
    .setExpirationTime(iat + EMBED_TOKEN_TTL_S)
    .sign(new TextEncoder().encode(current.secret));
}
