// `npm start` and `npm test` on a bare clone. Plain JavaScript with no dependencies, so that it
// runs under whatever Node is on PATH (≥ 20) before node_modules exists: installs the
// dependencies when they are missing or stale (`npm ci`), for `test` makes sure Chromium is
// there, then hands over to the real script under the project's own Node 24
// (node_modules/.bin/node). npm puts node_modules/.bin on PATH only if it existed when the
// script started, so the hand-over uses absolute paths and prepends that folder itself.
//
//   node test/stack/bootstrap.mjs start [args…]   → test/stack/start.ts
//   node test/stack/bootstrap.mjs test [vitest args…] → build the widget, then `vitest run`
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");
const NODE = join(BIN, "node");
/** Same default as test/browser/chromium.ts: Debian's package. */
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ENV = { ...process.env, PATH: `${BIN}${delimiter}${process.env.PATH ?? ""}` };

/** Prints a bootstrap line (stderr, so it never mixes with a script's own output). */
function say(msg) {
  console.error(`[bootstrap] ${msg}`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Why node_modules does not match package-lock.json, or null when it does. npm keeps a copy of
 * what it installed in node_modules/.package-lock.json; every locked package must be there at
 * the locked version, except optional ones (other platforms' binaries are never installed).
 */
export function staleReason(root = ROOT) {
  const lock = readJson(join(root, "package-lock.json"));
  const installed = readJson(join(root, "node_modules", ".package-lock.json"));
  if (!installed) return "node_modules is missing";
  if (!lock?.packages) return "package-lock.json is missing or unreadable";
  for (const [path, want] of Object.entries(lock.packages)) {
    if (path === "" || want.link) continue;
    const have = installed.packages?.[path];
    if (!have) {
      if (want.optional || want.devOptional) continue;
      return `${path} is not installed`;
    }
    if (have.version !== want.version) return `${path} is ${have.version}, the lockfile says ${want.version}`;
  }
  for (const path of Object.keys(installed.packages ?? {}))
    if (!(path in lock.packages)) return `${path} is installed but no longer in the lockfile`;
  if (!existsSync(join(root, "node_modules", ".bin", "node")))
    return "node_modules/.bin/node (Node 24) is missing";
  return null;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: "inherit", env: ENV, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function ensureDependencies() {
  const why = staleReason();
  if (!why) return;
  say(`${why}: installing the dependencies (npm ci)…`);
  // Warnings are hidden: npm runs under the machine's Node, so every Node-24-only package would warn.
  if (run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]) !== 0) {
    say("npm ci failed; see above.");
    process.exit(1);
  }
  const still = staleReason();
  if (still) {
    say(`after npm ci, ${still}.`);
    process.exit(1);
  }
}

/** Whether the vitest arguments select the browser project (no --project and no filter = all). */
function selectsBrowser(args) {
  return selectsProject(args, "browser");
}

/** Whether the vitest arguments select project `name` (no --project and no filter = all). */
function selectsProject(args, name) {
  const projects = [];
  const filters = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--project") projects.push(args[++i] ?? "");
    else if (a.startsWith("--project=")) projects.push(a.slice("--project=".length));
    else if (!a.startsWith("-")) filters.push(a);
  }
  if (projects.length > 0) return projects.some((p) => p.includes(name));
  return filters.length === 0 || filters.some((f) => f.includes(name));
}

/**
 * Makes sure the browser tests can launch Chromium: installs Debian's package when this is
 * root on a machine with apt-get, otherwise stops with the exact command to run. Returns the
 * extra vitest arguments (none, or the non-browser projects when the user chose to skip).
 */
function ensureChromium(args) {
  if (!selectsBrowser(args) || existsSync(CHROMIUM)) return [];
  if (process.env.SKIP_BROWSER_TESTS === "1" && !process.env.CI) {
    say(`SKIPPED the browser tests: ${CHROMIUM} is missing and SKIP_BROWSER_TESTS=1.`);
    return ["--project", "node", "--project", "worker"];
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (root && existsSync("/usr/bin/apt-get") && CHROMIUM === "/usr/bin/chromium") {
    say("Chromium is missing: installing Debian's package (apt-get install -y chromium)…");
    const env = { ...ENV, DEBIAN_FRONTEND: "noninteractive" };
    if (run("apt-get", ["update", "-qq"], { env }) === 0)
      run("apt-get", ["install", "-y", "-qq", "chromium"], { env });
    if (existsSync(CHROMIUM)) return [];
    say("apt-get did not install Chromium; see above.");
    process.exit(1);
  }
  say(`the browser tests need Chromium at ${CHROMIUM}, and it is not there. Install it:`);
  console.error("\n    sudo apt-get install -y chromium\n");
  say("(another Chromium: CHROMIUM_PATH=/path/to/chromium npm test; everything but the browser");
  say(" tests: SKIP_BROWSER_TESTS=1 npm test)");
  process.exit(1);
}

/** The Sage 50 connector tests' machine prerequisites: unixODBC, the SQLite ODBC driver, headers. */
function odbcReady() {
  const q = spawnSync("odbcinst", ["-q", "-d"], { encoding: "utf8" });
  return q.status === 0 && /^\[SQLite3\]$/m.test(q.stdout) && existsSync("/usr/include/sql.h");
}

const ODBC_APT = ["unixodbc", "unixodbc-dev", "libsqliteodbc", "python3", "make", "g++"];

/**
 * Makes the Sage 50 connector tests runnable: as root with apt-get, installs unixODBC + the SQLite
 * ODBC driver and builds the connector's own dependencies (the native odbc module, kept out of the
 * root install). Otherwise says what to run; those tests then skip, saying so (never a failure).
 */
function ensureConnectorTools(args) {
  if (!selectsProject(args, "connector")) return;
  const installed = () => existsSync(join(ROOT, "connector/sage50/node_modules/odbc/package.json"));
  if (odbcReady() && installed()) return;
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!odbcReady()) {
    if (!(root && existsSync("/usr/bin/apt-get"))) {
      say(
        "the Sage 50 connector tests need unixODBC and the SQLite ODBC driver; they will be SKIPPED. Install:",
      );
      console.error(`\n    sudo apt-get install -y ${ODBC_APT.join(" ")} && npm run connector:install\n`);
      return;
    }
    say(`unixODBC is missing: installing Debian's packages (${ODBC_APT.join(" ")})…`);
    const env = { ...ENV, DEBIAN_FRONTEND: "noninteractive" };
    if (run("apt-get", ["update", "-qq"], { env }) === 0)
      run("apt-get", ["install", "-y", "-qq", ...ODBC_APT], { env });
    if (!odbcReady()) return say("apt-get did not install unixODBC; the connector tests will be SKIPPED.");
  }
  if (installed()) return;
  say("building the Sage 50 connector's odbc module (npm ci --prefix connector/sage50)…");
  const prefix = [
    "ci",
    "--prefix",
    join(ROOT, "connector/sage50"),
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ];
  if (run("npm", prefix) !== 0)
    say("the odbc module did not build (see above); the connector tests will be SKIPPED.");
}

/** Runs the real script as a child, passing on Ctrl-C / SIGTERM, and exits with its status. */
function handOver(cmd, args) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: "inherit", env: ENV });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (e) => {
    say(`could not start ${cmd}: ${e.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode !== "start" && mode !== "test") {
    say("usage: node test/stack/bootstrap.mjs start|test [args…]");
    process.exit(2);
  }
  ensureDependencies();
  if (mode === "start") return handOver(NODE, [join(ROOT, "test/stack/start.ts"), ...args]);
  const extra = ensureChromium(args);
  ensureConnectorTools(args);
  if (run("npm", ["run", "--silent", "build:widget"]) !== 0) process.exit(1);
  handOver(NODE, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", ...extra, ...args]);
}

if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) main();
