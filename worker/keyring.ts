/** One entry of a rotating secret list: its id and value. */
export interface KeyEntry {
  kid: string;
  secret: string;
}

/**
 * Parses "kid:secret,kid:secret" (first = current, the rest still accepted while rotating).
 * An entry without "kid:" gets the id "default". Empty config → empty list.
 */
export function parseKeyring(raw: string | undefined): KeyEntry[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(":");
      return i > 0
        ? { kid: entry.slice(0, i), secret: entry.slice(i + 1) }
        : { kid: "default", secret: entry };
    });
}
