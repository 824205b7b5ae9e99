// Shared setup for the connector tests: a temp folder with a seeded Sage company, a receiver,
// and a cycle runner wired exactly as the CLI wires it (real ODBC, real HTTP over loopback).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { runCycle } from "../../connector/sage50/src/cycle.ts";
import { openOdbcSource } from "../../connector/sage50/src/odbc-source.ts";
import { createPusher } from "../../connector/sage50/src/push.ts";
import { fingerprint, loadState, saveState } from "../../connector/sage50/src/state-file.ts";
import { type Receiver, startReceiver } from "./receiver.ts";
import { odbcString } from "./sage-db.ts";
import { createSeedCompany } from "./seed.ts";

/** A temp company + receiver + state file. */
export interface Harness {
  dir: string;
  dbFile: string;
  odbc: string;
  statePath: string;
  db: DatabaseSync;
  rx: Receiver;
  /** One cycle in-process; `attempts` 1 keeps failure tests fast. */
  cycle(opts?: { attempts?: number; maxRecords?: number; fullEveryMs?: number }): ReturnType<typeof runCycle>;
  dispose(): Promise<void>;
}

/** Sets up a harness; `build` creates the company (the seed by default). */
export async function harness(build: (file: string) => DatabaseSync = createSeedCompany): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "sage50-"));
  const dbFile = join(dir, "company.db");
  const db = build(dbFile);
  const rx = await startReceiver();
  const odbc = odbcString(dbFile);
  const statePath = join(dir, "state.json");
  return {
    dir,
    dbFile,
    odbc,
    statePath,
    db,
    rx,
    async cycle(opts = {}) {
      const fp = fingerprint(odbc, rx.url);
      const source = await openOdbcSource(odbc);
      try {
        return await runCycle({
          source,
          pusher: createPusher({
            worker: rx.url,
            key: rx.key,
            attempts: opts.attempts ?? 2,
            sleep: async () => {},
          }),
          store: { load: () => loadState(statePath, fp).state, save: (s) => saveState(statePath, s) },
          cursor: { overlapMs: 10 * 60_000, fullEveryMs: opts.fullEveryMs ?? 24 * 3_600_000 },
          limits: { maxRecords: opts.maxRecords ?? 1_000, maxBytes: 256 * 1024 },
        });
      } finally {
        await source.close();
      }
    },
    async dispose() {
      db.close();
      await rx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
