// The connector as a program: exit codes and one-line messages for every setup mistake, --check,
// and a connector killed between "batch sent" and "ack received" losing and doubling nothing.
import { createServer } from "node:net";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, startCli } from "./cli.ts";
import { type Harness, harness } from "./harness.ts";
import { odbcReady } from "./odbc-available.ts";
import { odbcString } from "./sage-db.ts";
import { SEED_COMPANY } from "./seed.ts";

/** stderr has exactly one line, matching `pattern`. */
function oneErrorLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.skipIf(!odbcReady)("Sage 50 connector command line", () => {
  let h: Harness;
  let args: (over?: Record<string, string>) => string[];
  beforeEach(async () => {
    h = await harness();
    args = (over = {}) => {
      const o = { odbc: h.odbc, worker: h.rx.url, key: h.rx.key, state: h.statePath, ...over };
      return Object.entries(o).flatMap(([k, v]) => [`--${k}`, v]);
    };
  });
  afterEach(async () => {
    await h.dispose();
  });

  it("--once pushes a full snapshot, exits 0 and logs one line with counts and bytes", async () => {
    const run = await runCli([...args(), "--once"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`full "${SEED_COMPANY}": 11 customers, 8 invoices in 1 batch, \\d+ B sent`),
    );
    expect(h.rx.customers.size).toBe(11);
    const again = await runCli([...args(), "--once"]);
    expect(again.stdout).toMatch(/delta ".*": 0 customers, 0 invoices in 1 batch, \d+ B sent/);
  });

  it("--check tests ODBC, the schema and the key, and pushes nothing", async () => {
    const run = await runCli([...args(), "--check"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ODBC ok: "${SEED_COMPANY}", 11 customers, 8 sales invoices`);
    expect(run.stdout).toContain("accepted the connector key");
    expect(h.rx.applied).toEqual([]);
  });

  it("a wrong or rotated key: exit 4 with one clear line, for a cycle and for --check", async () => {
    for (const extra of [["--once"], ["--check"]]) {
      const run = await runCli([...args({ key: "old-key" }), ...extra]);
      expect(run.code).toBe(4);
      oneErrorLine(
        run.stderr,
        /refused the connector key \(401\): copy the current key from AGG SMART Admin → Accounts/,
      );
      expect(run.stderr).not.toContain("old-key");
    }
    expect(h.rx.applied).toEqual([]);
  });

  it("a worker that cannot be reached: exit 5", async () => {
    const run = await runCli([...args({ worker: `http://127.0.0.1:${await closedPort()}` }), "--once"]);
    expect(run.code).toBe(5);
    oneErrorLine(run.stderr, /Worker unreachable at http:\/\/127\.0\.0\.1:\d+ after 1 attempts/);
  });

  it("a bad connection string, a missing driver or a missing data folder: exit 2", async () => {
    const cases: [string, RegExp][] = [
      ["Driver=Sage Line 50 v99;DIR=C:\\ACCDATA", /Driver=… is not installed/],
      ["DSN=SageLine50v29", /no such DSN: use the name listed in ODBC Data Sources \(64-bit\)/],
      [odbcString(join(h.dir, "no-such-folder", "company.db")), /Cannot open the Sage data over ODBC/],
    ];
    for (const [odbc, message] of cases) {
      const run = await runCli([...args({ odbc }), "--once"]);
      expect(run.code).toBe(2);
      oneErrorLine(run.stderr, message);
    }
  });

  it("a database that is not a Sage 50 company: exit 3 naming what is missing", async () => {
    const other = join(h.dir, "other.db");
    const db = new DatabaseSync(other);
    db.exec("CREATE TABLE CUSTOMERS (ID INTEGER, NAME VARCHAR(60))");
    db.exec("CREATE TABLE SALES_LEDGER (ACCOUNT_REF VARCHAR(8), NAME VARCHAR(60), BALANCE DOUBLE)");
    db.close();
    const run = await runCli([...args({ odbc: odbcString(other) }), "--check"]);
    expect(run.code).toBe(3);
    oneErrorLine(
      run.stderr,
      /not a Sage 50 Accounts company: SALES_LEDGER lacks CREDIT_LIMIT, .*; no table AUDIT_HEADER/,
    );
  });

  it("usage errors exit 64; --help lists the exit codes", async () => {
    const run = await runCli(["--odbc", h.odbc, "--worker", h.rx.url]);
    expect(run.code).toBe(64);
    oneErrorLine(run.stderr, /--key is required/);
    const insecure = await runCli([...args({ worker: "http://worker.example.com" }), "--once"]);
    expect(insecure.code).toBe(64);
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("4 the worker refused the key (401)");
  });

  it("--every keeps cycling, and a worker outage in between is logged and retried, not fatal", async () => {
    const loop = startCli([...args(), "--every", "0.01"]);
    try {
      await expect.poll(() => h.rx.applied.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      h.rx.mode = "down";
      const before = h.rx.applied.length;
      await new Promise((r) => setTimeout(r, 1_500));
      expect(h.rx.applied.length).toBe(before);
      h.rx.mode = "ok";
      await expect.poll(() => h.rx.applied.length, { timeout: 20_000 }).toBeGreaterThan(before);
    } finally {
      loop.child.kill("SIGTERM");
    }
    const run = await loop.done;
    expect(run.stdout).toMatch(/full ".*": 11 customers/);
    expect(run.stdout).toMatch(/next cycle every 0\.01 min/);
    expect(run.stderr).toMatch(/error: Worker unreachable .* \(503 worker is restarting\)/);
  });

  it("killed after a batch was applied but before its ack: the rerun loses nothing and doubles nothing", async () => {
    h.rx.mode = "apply-then-hang";
    const first = startCli([...args(), "--once"], { AGG_SAGE50_BATCH_RECORDS: "4" });
    await expect.poll(() => h.rx.applied.length, { timeout: 20_000 }).toBe(1);
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");

    h.rx.mode = "ok";
    const rerun = await runCli([...args(), "--once"], { AGG_SAGE50_BATCH_RECORDS: "4" });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain("full: batch 5/5 acked (19/19 records)");
    expect(rerun.stdout).toContain("1 already applied");
    expect(h.rx.duplicates).toBe(1);
    expect(h.rx.customers.size).toBe(11);
    expect(h.rx.invoices.size).toBe(8);
    expect([...h.rx.applyCount.values()].every((n) => n === 1)).toBe(true);
    const idle = await runCli([...args(), "--once"]);
    expect(idle.stdout).toMatch(/delta .*: 0 customers, 0 invoices/);
  });
});
