// The connector's one error type. Every failure the user can act on becomes a ConnectorError with
// a one-line message and the exit code documented in --help and the README.

/** Exit codes (documented in --help, README and PROTOCOL.md). */
export const EXIT = {
  ok: 0,
  /** Bad ODBC connection string, driver not found, company data folder missing or locked. */
  odbc: 2,
  /** Connected, but the tables/columns are not Sage 50's. */
  schema: 3,
  /** The worker refused the connector key (401): wrong or rotated. */
  key: 4,
  /** Worker unreachable, or 5xx/429 after retries. */
  unreachable: 5,
  /** The worker rejected a batch as malformed or too big (400/413/422): a bug, report it. */
  rejected: 6,
  /** Bad command line. */
  usage: 64,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure with a one-line message for people and a distinct exit code for scripts. */
export class ConnectorError extends Error {
  override readonly name = "ConnectorError";
  readonly exitCode: ExitCode;
  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** The first line of an error's message (ODBC messages can carry several). */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split(/\r?\n/)[0]?.trim() || "unknown error";
}
