// Over 12 KB on purpose: Xero's identity service (OAuth, tokens, connections) as one emulated contract.
import { describe, expect, it } from "vitest";
import { decodeJwt } from "./identity/jwt.ts";
import { createEmulator, type Emulator } from "./index.ts";

const CLIENT = { id: "demo-client-id", secret: "demo-client-secret" };
const REDIRECT = "https://worker.test/oauth/xero/callback";
const BASIC = `Basic ${btoa(`${CLIENT.id}:${CLIENT.secret}`)}`;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function authorizeUrl(params: Record<string, string>): string {
  const u = new URL("http://localhost:8789/identity/connect/authorize");
  const base = {
    response_type: "code",
    client_id: CLIENT.id,
    redirect_uri: REDIRECT,
    scope: "openid profile email offline_access accounting.contacts.read accounting.settings.read",
    state: "st-123",
  };
  for (const [k, v] of Object.entries({ ...base, ...params })) u.searchParams.set(k, v);
  return u.toString();
}

async function s256(v: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(v)));
  return btoa(String.fromCharCode(...d))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function token(em: Emulator, form: Record<string, string>, auth: string | null = BASIC): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (auth) headers.Authorization = auth;
  return em.fetch("http://localhost:8789/connect/token", {
    method: "POST",
    headers,
    body: new URLSearchParams(form),
  });
}

const refresh = (em: Emulator, rt: string) => token(em, { grant_type: "refresh_token", refresh_token: rt });

async function refreshOk(em: Emulator, rt: string): Promise<string> {
  const res = await refresh(em, rt);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { refresh_token: string };
  expect(body.refresh_token).not.toBe(rt);
  return body.refresh_token;
}

async function expectInvalidGrant(res: Response): Promise<void> {
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: "invalid_grant" });
}

function api(em: Emulator, path: string, accessToken: string, tenantId?: string): Promise<Response> {
  const headers: Record<string, string> = {
    Authorization: `Bearer ${accessToken}`,
    Accept: "application/json",
  };
  if (tenantId !== undefined) headers["xero-tenant-id"] = tenantId;
  return em.fetch(`http://localhost:8789${path}`, { headers });
}

async function codeFor(em: Emulator, verifier: string, tenantIds?: string[]): Promise<string> {
  const loc = new URL(
    await em.consent(authorizeUrl({ code_challenge: await s256(verifier), code_challenge_method: "S256" }), {
      tenantIds,
    }),
  );
  return loc.searchParams.get("code") ?? "";
}

const VERIFIER = `${"a".repeat(20)}${"b".repeat(23)}-._~0123456789`;

describe("authorize + consent page", () => {
  it("shows an HTML error page, never a redirect, for an unknown client or redirect_uri", async () => {
    const em = createEmulator({ seed: "demo" });
    const bads: Record<string, string>[] = [
      { client_id: "nope" },
      { redirect_uri: "https://evil.test/cb" },
      { redirect_uri: `${REDIRECT}/` },
    ];
    for (const bad of bads) {
      const res = await em.fetch(authorizeUrl(bad), { redirect: "manual" });
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
    }
  });

  it("rejects code_challenge_method=plain and a bad scope by redirecting back with the error and state", async () => {
    const em = createEmulator({ seed: "demo" });
    const plain = await em.fetch(
      authorizeUrl({ code_challenge: "x".repeat(43), code_challenge_method: "plain" }),
      { redirect: "manual" },
    );
    expect(plain.status).toBe(302);
    const loc = new URL(plain.headers.get("location") ?? "");
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get("error")).toBe("invalid_request");
    expect(loc.searchParams.get("state")).toBe("st-123");
    const scope = await em.fetch(authorizeUrl({ scope: "openid paymentservices" }), { redirect: "manual" });
    expect(new URL(scope.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_scope");
  });

  it("lists every organisation as a checkbox (first pre-checked) with Allow and Cancel buttons", async () => {
    const em = createEmulator({ seed: "demo" });
    const orgs = [...em.state.orgs.values()];
    expect(orgs.length).toBeGreaterThan(0);
    const html = await (
      await em.fetch(authorizeUrl({ code_challenge: await s256(VERIFIER), code_challenge_method: "S256" }))
    ).text();
    orgs.forEach((o, i) => {
      const re = new RegExp(
        `<input type="checkbox" id="([^"]+)" name="tenant" value="${o.tenantId}"${i === 0 ? " checked" : ">"}`,
      );
      const id = re.exec(html)?.[1];
      expect(id, o.name).toBeTruthy();
      expect(html).toContain(`<label for="${id}">${o.name}</label>`);
    });
    expect(html).toContain('<button type="submit" name="action" value="allow">Allow access</button>');
    expect(html).toContain('value="deny"');
    expect(html).toContain("accounting.contacts.read");
  });

  it("Cancel redirects with error=access_denied and the state; Allow with code, scope, state, session_state", async () => {
    const em = createEmulator({ seed: "demo" });
    const denied = new URL(await em.consent(authorizeUrl({}), { action: "deny" }));
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe("st-123");
    const ok = new URL(await em.consent(authorizeUrl({})));
    expect(ok.searchParams.get("code")).toBeTruthy();
    expect(ok.searchParams.get("scope")).toContain("offline_access");
    expect(ok.searchParams.get("state")).toBe("st-123");
    expect(ok.searchParams.get("session_state")).toBeTruthy();
  });
});

describe("token endpoint", () => {
  it("rejects a wrong code_verifier (PKCE S256) with invalid_grant", async () => {
    const em = createEmulator({ seed: "demo" });
    const code = await codeFor(em, VERIFIER);
    const res = await token(em, {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: `${VERIFIER}x`,
    });
    await expectInvalidGrant(res);
  });

  it("issues Xero's token response once per code; reuse, expiry and a wrong client are refused", async () => {
    const em = createEmulator({ seed: "demo" });
    const wrong = await token(
      em,
      { grant_type: "authorization_code", code: "x" },
      `Basic ${btoa(`${CLIENT.id}:nope`)}`,
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "invalid_client" });

    const code = await codeFor(em, VERIFIER);
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const res = await token(em, form);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "id_token",
      "access_token",
      "expires_in",
      "token_type",
      "refresh_token",
      "scope",
    ]);
    expect(body).toMatchObject({ expires_in: 1800, token_type: "Bearer" });
    await expectInvalidGrant(await token(em, form));

    const late = await codeFor(em, VERIFIER);
    em.clock.advance(5 * MIN + 1000);
    await expectInvalidGrant(await token(em, { ...form, code: late }));
  });

  it("accepts client_secret_post as Xero does", async () => {
    const em = createEmulator({ seed: "demo" });
    const code = await codeFor(em, VERIFIER);
    const form = { grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const res = await token(em, { ...form, client_id: CLIENT.id, client_secret: CLIENT.secret }, null);
    expect(res.status).toBe(200);
  });

  it("signs an RS256 access token carrying Xero's claims, verifiable with the published JWKS", async () => {
    const em = createEmulator({ seed: "demo" });
    const { tokens, connections } = await em.connect();
    const claims = decodeJwt(tokens.access_token) ?? {};
    expect(claims).toMatchObject({
      client_id: CLIENT.id,
      authentication_event_id: connections[0]?.authEventId,
    });
    expect(claims.xero_userid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp).toBe(Math.floor(em.clock.now() / 1000) + 1800);
    expect(claims.scope).toContain("offline_access");
    const jwks = (await (await em.fetch("http://x/.well-known/openid-configuration/jwks")).json()) as {
      keys: JsonWebKey[];
    };
    const key = await crypto.subtle.importKey(
      "jwk",
      jwks.keys[0] as JsonWebKey,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["verify"],
    );
    const [h, p, s] = tokens.access_token.split(".") as [string, string, string];
    const sig = Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0));
    expect(
      await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, sig, new TextEncoder().encode(`${h}.${p}`)),
    ).toBe(true);
    const id = decodeJwt(tokens.id_token ?? "") ?? {};
    expect(id).toMatchObject({ aud: CLIENT.id, iss: "http://localhost:8789" });
  });
});

describe("refresh tokens", () => {
  it("rotate on every use; the previous one works for 30 minutes (superseding what it produced), then invalid_grant", async () => {
    const em = createEmulator({ seed: "demo" });
    const a = (await em.connect()).tokens.refresh_token ?? "";
    const b = await refreshOk(em, a);
    em.clock.advance(10 * MIN);
    const c = await refreshOk(em, a); // B's response was "lost": A still works, within grace
    await expectInvalidGrant(await refresh(em, b)); // B is superseded
    const d = await refreshOk(em, c);
    em.clock.advance(21 * MIN); // 31 minutes since A was first used
    await expectInvalidGrant(await refresh(em, a));
    const e = await refreshOk(em, c); // C was first used 21 minutes ago: still in its grace; D is superseded
    await expectInvalidGrant(await refresh(em, d));
    em.clock.advance(10 * MIN);
    await expectInvalidGrant(await refresh(em, c));
    await refreshOk(em, e);
  });

  it("expire after 60 days unused", async () => {
    const em = createEmulator({ seed: "demo" });
    const a = (await em.connect()).tokens.refresh_token ?? "";
    const b = await refreshOk(em, a);
    em.clock.advance(59 * DAY);
    const c = await refreshOk(em, b);
    em.clock.advance(60 * DAY + MIN);
    await expectInvalidGrant(await refresh(em, c));
  });

  it("issue access tokens that expire after 30 minutes with Xero's TokenExpired 401", async () => {
    const em = createEmulator({ seed: "demo" });
    const { tokens, connections } = await em.connect();
    const tenant = connections[0]?.tenantId ?? "";
    expect((await api(em, "/api.xro/2.0/Organisation", tokens.access_token, tenant)).status).toBe(200);
    em.clock.advance(30 * MIN);
    const res = await api(em, "/api.xro/2.0/Organisation", tokens.access_token, tenant);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ Type: null, Title: "Unauthorized", Status: 401, Extensions: {} });
    expect(body.Detail).toMatch(/^TokenExpired: token expired at \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
  });
});

describe("revocation and connections", () => {
  it("revocation removes every connection and kills the grant's tokens", async () => {
    const em = createEmulator({ seed: "demo" });
    const tenants = [...em.state.orgs.keys()];
    const { tokens, connections } = await em.connect({ tenantIds: tenants });
    expect(connections.map((c) => c.tenantId).sort()).toEqual([...tenants].sort());
    const res = await em.fetch("http://x/connect/revocation", {
      method: "POST",
      headers: { Authorization: BASIC, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: tokens.refresh_token ?? "" }),
    });
    expect(res.status).toBe(200);
    expect((await api(em, "/connections", tokens.access_token)).status).toBe(401);
    expect((await api(em, "/api.xro/2.0/Organisation", tokens.access_token, tenants[0])).status).toBe(401);
    await expectInvalidGrant(await refresh(em, tokens.refresh_token ?? ""));
    const all = (await (await em.fetch("http://x/_control/connections")).json()) as {
      deleted: boolean;
      grantRevoked: boolean;
    }[];
    expect(all.length).toBe(tenants.length);
    expect(all.every((c) => c.deleted && c.grantRevoked)).toBe(true);
  });

  it("revoking one consent's token removes every connection that user granted to the app, across consents", async () => {
    const em = createEmulator({ seed: "demo" });
    const [a, b] = [...em.state.orgs.keys()];
    // One bookkeeper consents twice (two grants); a colleague connects the first organisation too.
    const first = await em.connect({ tenantIds: [a ?? ""] });
    const second = await em.connect({ tenantIds: [b ?? ""] });
    const colleague = await em.connect({ tenantIds: [a ?? ""], user: "colleague@agg-smart.test" });
    const listed = async (access: string) =>
      ((await (await api(em, "/connections", access)).json()) as { tenantId: string }[]).map(
        (r) => r.tenantId,
      );
    expect(await listed(second.tokens.access_token)).toEqual([a, b]); // the list is per user, not per consent
    const res = await em.fetch("http://x/connect/revocation", {
      method: "POST",
      headers: { Authorization: BASIC, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: first.tokens.refresh_token ?? "" }),
    });
    expect(res.status).toBe(200);
    expect(await listed(second.tokens.access_token)).toEqual([]);
    expect((await api(em, "/api.xro/2.0/Organisation", second.tokens.access_token, b)).status).toBe(403);
    expect(await listed(colleague.tokens.access_token)).toEqual([a]);
    expect((await api(em, "/api.xro/2.0/Organisation", colleague.tokens.access_token, a)).status).toBe(200);
  });

  it("GET /connections returns Xero's fields and filters by authEventId; DELETE removes one (204, then 404)", async () => {
    const em = createEmulator({ seed: "demo" });
    const tenants = [...em.state.orgs.keys()];
    const { tokens, connections } = await em.connect({ tenantIds: tenants.slice(0, 2) });
    const row = connections[0];
    expect(Object.keys(row ?? {})).toEqual([
      "id",
      "authEventId",
      "tenantId",
      "tenantType",
      "tenantName",
      "createdDateUtc",
      "updatedDateUtc",
    ]);
    expect(row?.tenantType).toBe("ORGANISATION");
    expect(row?.createdDateUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
    const filtered = await (
      await api(em, `/connections?authEventId=${row?.authEventId}`, tokens.access_token)
    ).json();
    expect(filtered).toHaveLength(connections.length);
    const none = await (
      await api(em, `/connections?authEventId=${crypto.randomUUID()}`, tokens.access_token)
    ).json();
    expect(none).toEqual([]);

    const del = () =>
      em.fetch(`http://x/connections/${row?.id}`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${tokens.access_token}` },
      });
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(404);
    const left = (await (await api(em, "/connections", tokens.access_token)).json()) as { id: string }[];
    expect(left.map((c) => c.id)).not.toContain(row?.id);
    expect((await api(em, "/api.xro/2.0/Organisation", tokens.access_token, row?.tenantId)).status).toBe(403);
  });

  it("reconnecting the same organisation keeps the connection id and moves authEventId and updatedDateUtc", async () => {
    const em = createEmulator({ seed: "demo" });
    const first = (await em.connect()).connections[0];
    em.clock.advance(MIN);
    const second = (await em.connect()).connections[0];
    expect(second?.id).toBe(first?.id);
    expect(second?.authEventId).not.toBe(first?.authEventId);
    expect(second?.createdDateUtc).toBe(first?.createdDateUtc);
    expect(second?.updatedDateUtc).not.toBe(first?.updatedDateUtc);
  });
});

describe("Accounting API auth", () => {
  it("answers a wrong, missing or disconnected tenant with 403 AuthenticationUnsuccessful", async () => {
    const em = createEmulator({ seed: "demo" });
    const { tokens, connections } = await em.connect();
    const forbidden = async (tenant?: string) => {
      const res = await api(em, "/api.xro/2.0/Contacts", tokens.access_token, tenant);
      expect(res.status).toBe(403);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        Type: null,
        Title: "Forbidden",
        Status: 403,
        Detail: "AuthenticationUnsuccessful",
        Extensions: {},
      });
      expect(body.Instance).toMatch(/^[0-9a-f-]{36}$/);
    };
    await forbidden(crypto.randomUUID());
    await forbidden(undefined);
    const other = [...em.state.orgs.keys()].find((t) => t !== connections[0]?.tenantId);
    if (other) await forbidden(other); // exists, but not connected
    const conn = connections[0];
    expect((await api(em, "/api.xro/2.0/Contacts", tokens.access_token, conn?.tenantId)).status).toBe(200);
    await em.fetch(`http://x/_control/connections/${conn?.id}/disconnect`, { method: "POST" });
    await forbidden(conn?.tenantId);
  });

  it("refuses a bad token with 401 AuthenticationUnsuccessful and a missing scope with 401 AuthorizationUnsuccessful", async () => {
    const em = createEmulator({ seed: "demo" });
    const { tokens, connections } = await em.connect({
      scope: "openid offline_access accounting.settings.read",
    });
    const tenant = connections[0]?.tenantId;
    const bad = await api(em, "/api.xro/2.0/Organisation", "not-a-token", tenant);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ Title: "Unauthorized", Detail: "AuthenticationUnsuccessful" });
    expect((await api(em, "/api.xro/2.0/Organisation", tokens.access_token, tenant)).status).toBe(200);
    const res = await api(em, "/api.xro/2.0/Contacts", tokens.access_token, tenant);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      Title: "Unauthorized",
      Status: 401,
      Detail: "AuthorizationUnsuccessful",
    });
  });

  it("a role change withholds scopes for one connection: 401 AuthorizationUnsuccessful even with a fresh token", async () => {
    const em = createEmulator({ seed: "demo" });
    const { tokens, connections } = await em.connect({ tenantIds: [...em.state.orgs.keys()].slice(0, 2) });
    const [one, two] = connections;
    const withhold = (id: string | undefined, body: unknown) =>
      em.fetch(`http://x/_control/connections/${id}/withhold`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await withhold(one?.id, {})).status).toBe(200);
    expect((await withhold(crypto.randomUUID(), {})).status).toBe(404);
    expect((await withhold(one?.id, { scopes: [] })).status).toBe(400);
    const fresh = (await (await refresh(em, tokens.refresh_token ?? "")).json()) as { access_token: string };
    const res = await api(em, "/api.xro/2.0/Contacts", fresh.access_token, one?.tenantId);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      Type: null,
      Title: "Unauthorized",
      Status: 401,
      Detail: "AuthorizationUnsuccessful",
      Extensions: {},
    });
    expect(body.Instance).toMatch(/^[0-9a-f-]{36}$/);
    // Distinct from an expired token, and limited to that organisation.
    expect((await api(em, "/api.xro/2.0/Contacts", fresh.access_token, two?.tenantId)).status).toBe(200);
    // Only some scopes withheld: calls needing another scope still work.
    await withhold(one?.id, { scopes: ["accounting.contacts.read"] });
    expect((await api(em, "/api.xro/2.0/Contacts", fresh.access_token, one?.tenantId)).status).toBe(401);
    expect((await api(em, "/api.xro/2.0/Organisation", fresh.access_token, one?.tenantId)).status).toBe(200);
    const rows = (await (await em.fetch("http://x/_control/connections")).json()) as {
      id: string;
      withheldScopes: string[];
    }[];
    expect(rows.find((r) => r.id === one?.id)?.withheldScopes).toEqual(["accounting.contacts.read"]);
    await em.fetch(`http://x/_control/connections/${one?.id}/withhold`, { method: "DELETE" });
    expect((await api(em, "/api.xro/2.0/Contacts", fresh.access_token, one?.tenantId)).status).toBe(200);
  });
});
