// Refuses to start on a busy port: otherwise the health check could find someone else's server
// (a forgotten `npm start`) and the stack would silently talk to it.
import { createServer } from "node:net";

/** Resolves if 127.0.0.1:`port` is free; rejects with a clear message if something listens there. */
export function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new Error(
          err.code === "EADDRINUSE"
            ? `Port ${port} (${what}) is already in use — is another \`npm start\` running?`
            : `Cannot use port ${port} (${what}): ${err.message}`,
        ),
      );
    });
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** True if 127.0.0.1:`port` can be listened on right now. */
export async function isPortFree(port: number): Promise<boolean> {
  return assertPortFree(port, "probe").then(
    () => true,
    () => false,
  );
}

/** A port the OS says is free now (bind to 0, read it, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const addr = probe.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The preferred ports when all are free, else OS-chosen free ones — so a second test run on the
 * same machine (another checkout, a parallel CI job) does not fail on a busy port.
 */
export async function pickPorts<K extends string>(preferred: Record<K, number>): Promise<Record<K, number>> {
  const keys = Object.keys(preferred) as K[];
  const free = await Promise.all(keys.map((k) => isPortFree(preferred[k])));
  if (free.every(Boolean)) return preferred;
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = await freePort();
  return out;
}
