// The connector's process: parse the command line, then --check, one cycle (--once) or a cycle
// every N minutes. One line per cycle on stdout; one line per failure on stderr; exit codes from
// errors.ts. A fresh ODBC connection per cycle, so a Sage restart or backup does not wedge it.
import { HELP, type Options, parseArgs } from "./args.ts";
import { DEFAULTS } from "./cursor.ts";
import { describe, runCycle } from "./cycle.ts";
import { ConnectorError, EXIT, oneLine } from "./errors.ts";
import { openOdbcSource } from "./odbc-source.ts";
import { createPusher } from "./push.ts";
import { defaultStatePath, fingerprint, loadState, saveState } from "./state-file.ts";

const stamp = () => new Date().toISOString().slice(0, 19).replace("T", " ");
const out = (line: string) => console.log(`${stamp()} sage50 ${line}`);
const err = (line: string) => console.error(`${stamp()} sage50 error: ${line}`);

// Tuning knobs for tests and unusual sites (not part of the command-line contract).
const envNumber = (name: string) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
};

async function check(o: Options): Promise<void> {
  const source = await openOdbcSource(o.odbc);
  try {
    const company = await source.company();
    const counts = await source.counts();
    out(`ODBC ok: "${company.name}", ${counts.customers} customers, ${counts.invoices} sales invoices`);
  } finally {
    await source.close();
  }
  await createPusher({ worker: o.worker, key: o.key, attempts: envNumber("AGG_SAGE50_ATTEMPTS") }).check();
  out(`worker ok: ${o.worker} accepted the connector key`);
}

async function cycle(o: Options, statePath: string): Promise<void> {
  const fp = fingerprint(o.odbc, o.worker);
  const source = await openOdbcSource(o.odbc);
  try {
    const summary = await runCycle({
      source,
      pusher: createPusher({ worker: o.worker, key: o.key, attempts: envNumber("AGG_SAGE50_ATTEMPTS") }),
      store: {
        load: () => {
          const { state, note } = loadState(statePath, fp);
          if (note) out(note);
          return state;
        },
        save: (s) => saveState(statePath, s),
      },
      log: out,
      cursor: { ...DEFAULTS, fullEveryMs: (envNumber("AGG_SAGE50_FULL_EVERY_HOURS") ?? 24) * 3_600_000 },
      limits: { maxRecords: envNumber("AGG_SAGE50_BATCH_RECORDS") ?? 1_000, maxBytes: 256 * 1024 },
    });
    out(describe(summary));
  } finally {
    await source.close().catch(() => {});
  }
}

/** Runs the connector; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, process.env);
  if (parsed.kind === "help") {
    console.log(HELP);
    return EXIT.ok;
  }
  if (parsed.kind === "error") {
    err(`${parsed.message} (see --help)`);
    return EXIT.usage;
  }
  const o = parsed.options;
  const statePath = o.state ?? defaultStatePath();
  try {
    if (o.check) {
      await check(o);
      return EXIT.ok;
    }
    await cycle(o, statePath);
    if (o.once) return EXIT.ok;
  } catch (e) {
    // A first cycle that fails is a setup problem: say so and stop.
    err(oneLine(e));
    return e instanceof ConnectorError ? e.exitCode : 1;
  }
  out(`state in ${statePath}; next cycle every ${o.everyMinutes} min`);
  for (;;) {
    await new Promise((r) => setTimeout(r, o.everyMinutes * 60_000));
    try {
      await cycle(o, statePath);
    } catch (e) {
      err(oneLine(e));
      // Sage busy, network down, worker failing: the next cycle retries. A refused key or a
      // different schema will not heal by waiting.
      if (e instanceof ConnectorError && (e.exitCode === EXIT.key || e.exitCode === EXIT.schema))
        return e.exitCode;
      if (!(e instanceof ConnectorError)) return 1;
    }
  }
}
