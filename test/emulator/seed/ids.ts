// Deterministic identifiers and randomness for seed data (no Math.random: every run is identical).

/** A GUID derived from a name, stable across runs, so tests can import known IDs. */
export function stableId(namespace: string, name: string): string {
  const text = `${namespace}:${name}`;
  let hex = "";
  for (let part = 0; part < 4; part++) {
    // FNV-1a, 32-bit, with a different offset basis per part.
    let h = (0x811c9dc5 ^ (part * 0x9e3779b9)) >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    hex += h.toString(16).padStart(8, "0");
  }
  return formatGuid(hex);
}

function formatGuid(hex32: string): string {
  const v = `4${hex32.slice(13, 16)}`;
  const variant = ((Number.parseInt(hex32.charAt(16), 16) & 0x3) | 0x8).toString(16) + hex32.slice(17, 20);
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${v}-${variant}-${hex32.slice(20, 32)}`;
}

/** A seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
export interface Rng {
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A random GUID (version-4 form) from this generator. */
  guid(): string;
}

/** Creates a seeded generator. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    guid: () => {
      let hex = "";
      for (let i = 0; i < 4; i++)
        hex += (Math.floor(next() * 4294967296) >>> 0).toString(16).padStart(8, "0");
      return formatGuid(hex);
    },
  };
}
