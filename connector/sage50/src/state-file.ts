// The state file: read with zod (a damaged or foreign file means "start over with a full
// snapshot", never a crash), written atomically (temp file + rename) so a kill mid-write leaves
// the previous state intact.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import * as z from "zod/mini";
import { type ConnectorState, emptyState } from "./cursor.ts";

const CursorSchema = z.object({ at: z.nullable(z.string()), edge: z.array(z.string()) });
const StateSchema = z.object({
  v: z.literal(1),
  fingerprint: z.string(),
  customers: CursorSchema,
  invoices: CursorSchema,
  lastFullAt: z.nullable(z.string()),
  pending: z.nullable(z.object({ cycleId: z.string(), kind: z.enum(["full", "delta"]) })),
});

/** Where the state lives unless --state says otherwise: machine-wide on Windows, so a service sees it. */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === "win32")
    return join(env.ProgramData ?? "C:\\ProgramData", "AGG SMART", "sage50-state.json");
  const base = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(base, "agg-smart", "sage50-state.json");
}

/** Identifies the (Sage company, worker) pair without storing the password or the key. */
export function fingerprint(odbc: string, worker: string): string {
  const withoutSecrets = odbc.replace(/(PWD|PASSWORD)\s*=\s*(\{[^}]*\}|[^;]*)/gi, "$1=");
  return createHash("sha256")
    .update(`${withoutSecrets}\n${worker.replace(/\/+$/, "")}`)
    .digest("hex")
    .slice(0, 16);
}

/** Loads the state; missing, damaged or for another company/worker → a fresh one (and why). */
export function loadState(path: string, fp: string): { state: ConnectorState; note?: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { state: emptyState(fp) };
  }
  let parsed: ReturnType<typeof StateSchema.safeParse>;
  try {
    parsed = StateSchema.safeParse(JSON.parse(text));
  } catch {
    return { state: emptyState(fp), note: `state file ${path} is damaged; starting with a full snapshot` };
  }
  if (!parsed.success)
    return { state: emptyState(fp), note: `state file ${path} is damaged; starting with a full snapshot` };
  if (parsed.data.fingerprint !== fp)
    return {
      state: emptyState(fp),
      note: "another company or worker than last time; starting with a full snapshot",
    };
  return { state: parsed.data };
}

/** Writes the state atomically. */
export function saveState(path: string, state: ConnectorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  renameSync(tmp, path);
}
