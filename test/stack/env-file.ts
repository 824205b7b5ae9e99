// Reads the worker's local configuration (.dev.vars, dotenv syntax) so the stack's other pieces
// (demo host, emulator) use the same secrets as the worker.
import { constants, copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root (two levels above test/stack). */
export const ROOT: string = join(import.meta.dirname, "..", "..");

/** Parses dotenv text: `KEY=value` lines; `#` comments and blank lines skipped; surrounding quotes removed. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) value = value.slice(1, -1);
    out[key] = value;
  }
  return out;
}

/** Reads and parses a dotenv file. */
export function readEnvFile(path: string): Record<string, string> {
  return parseEnvFile(readFileSync(path, "utf8"));
}

/** Copies .dev.vars.example to .dev.vars when .dev.vars is missing; never overwrites. Returns true if created. */
export function ensureDevVars(root: string = ROOT): boolean {
  try {
    copyFileSync(join(root, ".dev.vars.example"), join(root, ".dev.vars"), constants.COPYFILE_EXCL);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}
