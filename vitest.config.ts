import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_BINDINGS } from "./test/worker/bindings.ts";
import { blockNetwork, networkGuardControl } from "./test/worker/network-guard.ts";

// Four projects: pure logic + the Xero emulator in Node; the worker inside workerd; the Sage 50
// connector through unixODBC; browser tests driving Debian's Chromium against the real local stack.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "node",
          include: ["test/unit/**/*.test.ts", "test/emulator/**/*.test.ts", "test/qbo-emulator/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: TEST_BINDINGS,
              // The worker's network edge: a call that escapes in-workerd routing is blocked
              // here, in Node, and fails its test; no host is ever looked up.
              outboundService: blockNetwork,
              serviceBindings: { NETWORK_GUARD: networkGuardControl },
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          testTimeout: 20_000,
          globalSetup: ["test/worker/global-setup.ts"],
          setupFiles: ["test/worker/setup.ts"],
        },
      },
      {
        // The Sage 50 connector against Sage-shaped SQLite companies through unixODBC; skips
        // (visibly, with the install command) where unixODBC or the odbc module is missing.
        test: {
          name: "connector",
          include: ["test/connector/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/browser/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // After the other projects: on 2 cores the workerd and Node test workers starved the
          // browser stack (consent popups and polls timing out in a full run, never alone).
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
