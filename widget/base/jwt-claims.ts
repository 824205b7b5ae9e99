/** Who the embed token says the user is, for the UI only. */
export type Role = "staff" | "admin";

/**
 * Reads the `role` claim of an embed token WITHOUT verifying it — only to decide what the UI
 * offers (staff never see admin controls). Null for a missing or unreadable token.
 */
export function tokenRole(token: string | null | undefined): Role | null {
  const payload = token?.split(".")[1];
  if (!payload) return null;
  try {
    const b64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, "=")), (c) =>
      c.charCodeAt(0),
    );
    const role: unknown = JSON.parse(new TextDecoder().decode(bytes))?.role;
    return role === "staff" || role === "admin" ? role : null;
  } catch {
    return null;
  }
}
