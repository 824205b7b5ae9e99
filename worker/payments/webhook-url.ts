// Where the worker may POST AGG SMART's events. A settings field an admin types, or a deploy
// variable, must never turn the worker into a proxy onto loopback, the cloud's metadata address
// or a private network: in production only https to a public host name or address.

/** Outcome of {@link checkWebhookUrl}: the parsed URL, or why it is refused (a sentence for people). */
export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** Names that never leave the machine or the local network (RFC 6761, RFC 6762, RFC 8375). */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".localdomain"];

/** IPv4 ranges that are not public destinations (RFC 6890 special-purpose registry), as [first octets, prefix]. */
const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], // "this network"
  [0x0a000000, 8], // private
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local (cloud metadata lives here)
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // documentation
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xc6336400, 24], // documentation
  [0xcb007100, 24], // documentation
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, broadcast
];

function v4Number(host: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function privateV4(n: number): boolean {
  return PRIVATE_V4.some(([base, bits]) => n >>> (32 - bits) === base >>> (32 - bits));
}

/** The eight 16-bit groups of a bracket-less IPv6 literal as the URL parser prints it; null if not one. */
function v6Groups(host: string): number[] | null {
  let text = host;
  // The URL parser prints hex groups only, but be lenient about a dotted IPv4 tail.
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (tail?.[1]) {
    const n = v4Number(tail[1]);
    if (n === null) return null;
    text = `${text.slice(0, -tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return null;
  const all = [...head, ...Array<string>(fill).fill("0"), ...rest];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return all.map((g) => Number.parseInt(g, 16));
}

function privateV6(g: number[]): boolean {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(6)) return true; // ::, ::1 and IPv4-compatible ::a.b.c.d
  if (zeroTo(5) && f === 0xffff) return true; // IPv4-mapped ::ffff:a.b.c.d
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return true; // NAT64
  if ((a & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((a & 0xffc0) === 0xfe80 || (a & 0xffc0) === 0xfec0) return true; // link-local, old site-local
  if ((a & 0xff00) === 0xff00) return true; // multicast
  return a === 0x2001 && b === 0x0db8; // documentation
}

/** Why `hostname` (as `URL.hostname` prints it) is not a public destination; null when it is. */
export function nonPublicHost(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    if (!groups) return "it is not a valid IPv6 address";
    return privateV6(groups) ? "it is a loopback, link-local, private or IPv4-mapped IPv6 address" : null;
  }
  const v4 = v4Number(host);
  if (v4 !== null) return privateV4(v4) ? "it is a loopback, link-local or private IPv4 address" : null;
  if (host === "localhost" || LOCAL_SUFFIXES.some((s) => host.endsWith(s)))
    return "it names this machine or the local network";
  if (!host.includes(".")) return "a single-label name is not a public host";
  return null;
}

/**
 * Checks an AGG SMART webhook receiver URL. In production: `https:` to a public host only (no
 * loopback, link-local, private, IPv4-mapped, numeric tricks — the URL parser turns
 * `http://2130706433` into 127.0.0.1 before we look). `local` (the worker itself runs under the
 * local stack, LOCAL_DEV=1) also allows `http:` and loopback, for the demo receiver.
 */
export function checkWebhookUrl(raw: string, opts: { local: boolean }): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: "Enter a full https:// address." };
  }
  if (url.protocol !== "https:" && !(opts.local && url.protocol === "http:"))
    return { ok: false, reason: "The receiver must be an https:// address." };
  if (url.username || url.password)
    return { ok: false, reason: "The address must not contain a user name or password." };
  const why = nonPublicHost(url.hostname);
  if (why && !(opts.local && isLoopback(url.hostname)))
    return {
      ok: false,
      reason: `AGG SMART's receiver must be a public address: ${url.hostname} is refused (${why}).`,
    };
  return { ok: true, url };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "[::1]") return true;
  const v4 = v4Number(host);
  return v4 !== null && v4 >>> 24 === 127;
}

/** Whether the worker runs under the local stack (`LOCAL_DEV=1`, set by test/stack; never on Cloudflare). */
export const runsLocally = (env: { LOCAL_DEV?: string }): boolean => env.LOCAL_DEV === "1";
