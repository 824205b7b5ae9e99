// End to end: the real connector program (`connector/sage50/main.ts --once`) reads the seeded
// Sage company over unixODBC and pushes to the real worker under `wrangler dev`; the worker's
// credit and connection answers then show what Sage holds.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, readEnvFile } from "../stack/env-file.ts";
import { freePort } from "../stack/ports.ts";
import { startWrangler, type WranglerHandle } from "../stack/wrangler.ts";
import { runCli } from "./cli.ts";
import { odbcReady } from "./odbc-available.ts";
import { odbcString } from "./sage-db.ts";
import { createSeedCompany, SEED_COMPANY } from "./seed.ts";

const ENV_FILE = join(ROOT, ".dev.vars.example");
const vars = readEnvFile(ENV_FILE);
const TENANT = "sage-e2e";

async function adminToken(): Promise<string> {
  const [kid, secret] = (vars.EMBED_SIGNING_SECRET ?? "").split(":") as [string, string];
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tenant: TENANT, sub: "admin-1", role: "admin", aud: "agg-smart-widget" })
    .setProtectedHeader({ alg: "HS256", kid, typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(secret));
}

describe.skipIf(!odbcReady)("Sage 50 connector → worker (wrangler dev)", () => {
  let worker: WranglerHandle;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sage50-e2e-"));
    worker = await startWrangler({
      port: await freePort(),
      vars: {},
      envFile: ENV_FILE,
      persistTo: join(dir, "state"),
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("--once pushes the company; the worker shows it connected, with Sage's credit and holds", async () => {
    const auth = { Authorization: `Bearer ${await adminToken()}` };
    const start = await fetch(`${worker.url}/api/connection/start`, {
      method: "POST",
      headers: { ...auth, Origin: "http://localhost:8788", "Content-Type": "application/json" },
      body: JSON.stringify({ provider: "sage50" }),
    });
    expect(start.status).toBe(200);
    const { connectorKey } = (await start.json()) as { connectorKey: string };
    const db = join(dir, "company.db");
    createSeedCompany(db).close();
    const args = ["--odbc", odbcString(db), "--worker", worker.url, "--key", connectorKey];
    const state = ["--state", join(dir, "state.json")];
    const check = await runCli([...args, ...state, "--check"]);
    expect(check.code).toBe(0);
    const run = await runCli([...args, ...state, "--once"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const status = await (await fetch(`${worker.url}/api/connection`, { headers: auth })).json();
    expect(status).toMatchObject({
      status: "connected",
      provider: "sage50",
      organisation: { name: SEED_COMPANY, currency: "GBP" },
    });
    const credit = async (ref: string) =>
      (
        (await (await fetch(`${worker.url}/api/customers/${ref}/credit`, { headers: auth })).json()) as {
          position: Record<string, unknown>;
        }
      ).position;
    expect(await credit("ACME001")).toMatchObject({ limitMinor: 500_000, balanceMinor: 120_050 });
    expect(await credit("HOLD001")).toMatchObject({ status: "on_hold" });
    expect(await credit("ZERO001")).toMatchObject({ status: "no_limit" });

    // A second run is a delta (a heartbeat); a rotated key is refused (the connector exits 4).
    expect((await runCli([...args, ...state, "--once"])).code).toBe(0);
    await fetch(`${worker.url}/api/connection/start`, {
      method: "POST",
      headers: { ...auth, Origin: "http://localhost:8788", "Content-Type": "application/json" },
      body: JSON.stringify({ provider: "sage50" }),
    });
    expect((await runCli([...args, ...state, "--once"])).code).toBe(4);
  }, 120_000);
});
