// The command line (a contract, see ARCHITECTURE.md §3): parsed purely, so tests cover it.
import { EXIT } from "./errors.ts";

/** Parsed options. */
export interface Options {
  odbc: string;
  worker: string;
  key: string;
  once: boolean;
  everyMinutes: number;
  state: string | undefined;
  check: boolean;
}

/** --help text; the exit codes listed here are the ones in errors.ts. */
export const HELP = `AGG SMART Sage 50 connector: reads Sage 50 Accounts (UK) over ODBC and pushes customers and
sales invoices to AGG SMART Accounts Connect.

Usage:
  npm run connector:sage50 -- --odbc "<ODBC connection string>" --worker <worker URL> --key <connector key>
                              [--once] [--every <minutes>] [--state <file>] [--check]

  --odbc     e.g. "DSN=SageLine50v29;UID=agg-connector;PWD=…" or
             "Driver={Sage Line 50 v29};UID=…;PWD=…;DIR=C:\\ProgramData\\Sage\\Accounts\\2023\\Company.000\\ACCDATA"
  --worker   the worker URL, e.g. https://accounts-connect.example.com (http only for localhost)
  --key      the connector key from AGG SMART Admin → Accounts (or set AGG_SAGE50_KEY)
  --once     run one cycle (a full snapshot the first time, then deltas) and exit
  --every    minutes between cycles when running continuously (default 15)
  --state    state file (default %ProgramData%\\AGG SMART\\sage50-state.json on Windows,
             ~/.local/state/agg-smart/sage50-state.json elsewhere)
  --check    test the ODBC connection, the Sage tables and the key; push nothing

Exit codes:
  0 success · 2 cannot open the Sage data over ODBC (connection string, driver, folder, Sage user)
  3 not a Sage 50 company (tables/columns missing) · 4 the worker refused the key (401)
  5 worker unreachable or failing after retries · 6 the worker rejected a batch · 64 bad command line`;

/** Result of parsing: options, a request for help, or a usage error. */
export type Parsed =
  | { kind: "run"; options: Options }
  | { kind: "help" }
  | { kind: "error"; message: string };

const LOCAL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/;

/** Parses argv (without node and the script); `env` supplies AGG_SAGE50_KEY. */
export function parseArgs(argv: string[], env: Record<string, string | undefined> = {}): Parsed {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!m) return { kind: "error", message: `unexpected argument "${arg}"` };
    const name = m[1] as string;
    if (["once", "check"].includes(name)) {
      flags.add(name);
      continue;
    }
    if (!["odbc", "worker", "key", "every", "state"].includes(name))
      return { kind: "error", message: `unknown option --${name}` };
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === "") return { kind: "error", message: `--${name} needs a value` };
    values[name] = value;
  }
  const key = values.key ?? env.AGG_SAGE50_KEY ?? "";
  if (!values.odbc) return { kind: "error", message: "--odbc is required" };
  if (!values.worker) return { kind: "error", message: "--worker is required" };
  if (!key) return { kind: "error", message: "--key is required" };
  let url: URL;
  try {
    url = new URL(values.worker);
  } catch {
    return { kind: "error", message: `--worker "${values.worker}" is not a URL` };
  }
  if (url.protocol !== "https:" && !LOCAL.test(values.worker))
    return { kind: "error", message: "--worker must be https:// (http:// only for localhost)" };
  const every = values.every === undefined ? 15 : Number(values.every);
  if (!Number.isFinite(every) || every <= 0 || every > 24 * 60)
    return { kind: "error", message: "--every takes minutes (above 0, at most 1440)" };
  if (flags.has("once") && values.every !== undefined)
    return { kind: "error", message: "--once and --every exclude each other" };
  return {
    kind: "run",
    options: {
      odbc: values.odbc,
      worker: values.worker.replace(/\/+$/, ""),
      key,
      once: flags.has("once"),
      everyMinutes: every,
      state: values.state,
      check: flags.has("check"),
    },
  };
}

/** Exit code for a usage error. */
export const USAGE_EXIT = EXIT.usage;
