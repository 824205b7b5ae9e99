// Installs connector/sage50's dependencies (npm ci --prefix) when they are missing, with advice
// when the native build fails.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The connector's folder. */
export const CONNECTOR_DIR = fileURLToPath(new URL(".", import.meta.url));

/** True when the odbc module is installed in connector/sage50/node_modules. */
export const connectorDepsInstalled = () =>
  existsSync(new URL("./node_modules/odbc/package.json", import.meta.url));

/** Runs `npm ci --prefix connector/sage50`; returns 0, or 2 (the ODBC exit code) after printing advice. */
export function ensureConnectorDeps(): number {
  if (connectorDepsInstalled()) return 0;
  console.error(
    "sage50: installing the connector's ODBC module (first run; npm ci --prefix connector/sage50)…",
  );
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--prefix", CONNECTOR_DIR, "--no-audit", "--no-fund"], {
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (r.status === 0 && connectorDepsInstalled()) return 0;
  const advice =
    process.platform === "win32"
      ? "on Windows use Node 24 LTS x64; when no prebuilt odbc binary can be downloaded it builds from source, which needs the C++ build tools (Node installer: 'Tools for Native Modules')"
      : "install unixODBC and a compiler: sudo apt-get install -y unixodbc unixodbc-dev python3 make g++";
  console.error(
    `sage50 error: could not install the odbc module: ${advice}, then run npm ci --prefix connector/sage50.`,
  );
  return 2;
}
