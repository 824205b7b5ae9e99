// Whether this machine can run the connector tests: unixODBC with the SQLite3 driver registered
// and connector/sage50's odbc module built. If not, the tests skip and say how to install (in CI
// they fail instead).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** The command that makes the connector tests runnable (Debian/Ubuntu). */
export const INSTALL_HINT =
  "sudo apt-get install -y unixodbc unixodbc-dev libsqliteodbc python3 make g++ && npm run connector:install";

/** Why the connector tests cannot run here, or null when they can. */
export function odbcMissing(): string | null {
  const q = spawnSync("odbcinst", ["-q", "-d"], { encoding: "utf8" });
  if (q.error || q.status !== 0) return "unixODBC (odbcinst) is not installed";
  if (!/^\[SQLite3\]$/m.test(q.stdout)) return "the SQLite3 ODBC driver (libsqliteodbc) is not registered";
  if (!existsSync(new URL("../../connector/sage50/node_modules/odbc/package.json", import.meta.url)))
    return "connector/sage50's odbc module is not installed";
  return null;
}

const missing = odbcMissing();
// CI installs the prerequisites (test/stack/bootstrap.mjs as root): a skip there would hide a
// broken install, so it is a failure. On a user's machine it is a visible skip.
if (missing && process.env.CI) throw new Error(`Sage 50 connector tests cannot run in CI: ${missing}.`);
if (missing)
  console.warn(`\n⚠ SKIPPING the Sage 50 connector tests: ${missing}.\n  To run them: ${INSTALL_HINT}\n`);

/** True when the tests can run. */
export const odbcReady = missing === null;
