// GET /connections (optionally ?authEventId=) and DELETE /connections/{id}: the tenants the
// token's user has connected to this app. Xero serves both paths case-insensitively.

import { Hono } from "hono";
import { checkBearer } from "../api-auth.ts";
import type { EmulatorState } from "../state.ts";
import { liveConnections, xeroConnectionDate } from "./model.ts";

/** One row of `GET /connections`, fields in Xero's order. @see xero-identity.yaml#/components/schemas/Connection */
export interface ConnectionRow {
  id: string;
  authEventId: string;
  tenantId: string;
  tenantType: "ORGANISATION";
  tenantName: string;
  createdDateUtc: string;
  updatedDateUtc: string;
}

/** The connections endpoints. @see https://developer.xero.com/documentation/guides/oauth2/tenants */
export function connectionRoutes(state: EmulatorState): Hono {
  const app = new Hono();

  for (const base of ["/connections", "/Connections"]) {
    app.get(base, (c) => {
      const rec = checkBearer(state, c);
      if (rec instanceof Response) return rec;
      const authEventId = c.req.query("authEventId")?.toLowerCase();
      const rows: ConnectionRow[] = [];
      for (const conn of liveConnections(state.identity, rec.clientId, rec.userId)) {
        if (authEventId && conn.authEventId.toLowerCase() !== authEventId) continue;
        const org = state.orgs.get(conn.tenantId);
        if (!org) continue;
        rows.push({
          id: conn.id,
          authEventId: conn.authEventId,
          tenantId: conn.tenantId,
          tenantType: "ORGANISATION",
          tenantName: org.name,
          createdDateUtc: xeroConnectionDate(conn.createdAt),
          updatedDateUtc: xeroConnectionDate(conn.updatedAt),
        });
      }
      rows.sort((a, b) => a.createdDateUtc.localeCompare(b.createdDateUtc));
      return c.json(rows);
    });

    app.delete(`${base}/:id`, (c) => {
      const rec = checkBearer(state, c);
      if (rec instanceof Response) return rec;
      const id = c.req.param("id").toLowerCase();
      const conn = liveConnections(state.identity, rec.clientId, rec.userId).find(
        (x) => x.id.toLowerCase() === id,
      );
      if (!conn) return c.body(null, 404);
      conn.deletedAt = state.clock.now();
      conn.deletedBy = "api";
      return c.body(null, 204);
    });
  }

  return app;
}
