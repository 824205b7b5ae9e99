// test/stack/bootstrap.mjs decides whether `npm start` / `npm test` must run `npm ci` first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { staleReason } from "../stack/bootstrap.mjs";

type Packages = Record<string, { version?: string; optional?: boolean; link?: boolean }>;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A clone with this lockfile and, unless null, this installed tree (npm's hidden lockfile). */
function clone(locked: Packages, installed: Packages | null, node24 = true): string {
  const root = mkdtempSync(join(tmpdir(), "agg-bootstrap-"));
  dirs.push(root);
  const lock = { lockfileVersion: 3, packages: { "": { name: "x" }, ...locked } };
  writeFileSync(join(root, "package-lock.json"), JSON.stringify(lock));
  if (installed === null) return root;
  mkdirSync(join(root, "node_modules", ".bin"), { recursive: true });
  writeFileSync(join(root, "node_modules", ".package-lock.json"), JSON.stringify({ packages: installed }));
  if (node24) writeFileSync(join(root, "node_modules", ".bin", "node"), "");
  return root;
}

const LOCK: Packages = {
  "node_modules/hono": { version: "4.13.19" },
  "node_modules/@biomejs/cli-darwin-arm64": { version: "2.6.8", optional: true },
};
const INSTALLED: Packages = { "node_modules/hono": { version: "4.13.19" } };

describe("bootstrap: is node_modules stale?", () => {
  it("matches when every locked package is installed at its version (other platforms' optional ones aside)", () => {
    expect(staleReason(clone(LOCK, INSTALLED))).toBeNull();
  });

  it("a fresh clone has no node_modules", () => {
    expect(staleReason(clone(LOCK, null))).toBe("node_modules is missing");
  });

  it("a lockfile bump, a new package, a removed one or a missing Node 24 each need npm ci", () => {
    expect(staleReason(clone(LOCK, { "node_modules/hono": { version: "4.12.0" } }))).toMatch(
      /hono is 4\.12\.0, the lockfile says 4\.13\.19/,
    );
    expect(staleReason(clone({ ...LOCK, "node_modules/zod": { version: "4.6.7" } }, INSTALLED))).toMatch(
      /zod is not installed/,
    );
    expect(staleReason(clone(LOCK, { ...INSTALLED, "node_modules/left-pad": { version: "1.0.0" } }))).toMatch(
      /left-pad is installed but no longer in the lockfile/,
    );
    expect(staleReason(clone(LOCK, INSTALLED, false))).toMatch(/Node 24/);
  });
});
