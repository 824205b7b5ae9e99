import * as z from "zod";
import type { FetchFn, XeroConfig } from "./config.ts";
import { XeroAuthError } from "./oauth.ts";

/** One organisation the user connected. @see https://developer.xero.com/documentation/guides/oauth2/tenants */
export const XeroConnection = z.object({
  id: z.string(),
  authEventId: z.string().nullish(),
  tenantId: z.string(),
  tenantType: z.string(),
  tenantName: z.string().nullish(),
  createdDateUtc: z.string().nullish(),
  updatedDateUtc: z.string().nullish(),
});
export type XeroConnection = z.infer<typeof XeroConnection>;

async function call(fetchFn: FetchFn, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch {
    throw new XeroAuthError("transient", "Xero could not be reached.");
  }
}

/** Lists the organisations this access token may use, optionally only those from one consent. */
export async function listConnections(
  cfg: XeroConfig,
  fetchFn: FetchFn,
  accessToken: string,
  authEventId?: string,
): Promise<XeroConnection[]> {
  const url = new URL(`${cfg.apiUrl}/connections`);
  if (authEventId) url.searchParams.set("authEventId", authEventId);
  const res = await call(fetchFn, url.toString(), {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
  });
  if (res.status === 401 || res.status === 403)
    throw new XeroAuthError("invalid_grant", "Xero refused the access token.");
  if (!res.ok) throw new XeroAuthError("transient", `Xero answered ${res.status} when listing connections.`);
  const parsed = z.array(XeroConnection).safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new XeroAuthError("transient", "Xero's connection list could not be read.");
  return parsed.data;
}

/** Removes one connection at Xero; an already-removed one (404) counts as done. */
export async function deleteConnection(
  cfg: XeroConfig,
  fetchFn: FetchFn,
  accessToken: string,
  id: string,
): Promise<void> {
  const res = await call(fetchFn, `${cfg.apiUrl}/connections/${encodeURIComponent(id)}`, {
    method: "DELETE",
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  if (res.ok || res.status === 404) return;
  if (res.status === 401 || res.status === 403)
    throw new XeroAuthError("invalid_grant", "Xero refused the access token.");
  throw new XeroAuthError("transient", `Xero answered ${res.status} when removing the connection.`);
}
