// Entry point of `npm run connector:sage50`. Installs the connector's own dependencies (the
// native odbc module, kept out of the root install so the worker never needs a C++ toolchain)
// on first use, then runs the CLI.
import { existsSync } from "node:fs";
import { ensureConnectorDeps } from "./ensure-deps.ts";

if (!existsSync(new URL("./node_modules/odbc/package.json", import.meta.url))) {
  const code = ensureConnectorDeps();
  if (code !== 0) process.exit(code);
}
const { main } = await import("./src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
// Open handles (an idle ODBC environment) must not keep a --once run alive.
if (process.argv.includes("--once") || process.argv.includes("--check") || process.exitCode !== 0)
  process.exit(process.exitCode);
