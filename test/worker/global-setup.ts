// Vitest globalSetup for the worker project (runs in Node): builds the emulator-conformance index
// (xero-node model metadata + Xero's OpenAPI response schemas) and hands it to the tests inside
// workerd, where xero-node, node:fs and yaml are not available. test/worker/setup.ts checks with it.

import type { TestProject } from "vitest/node";
import { buildConformanceIndex } from "../emulator/conformance/build-index.ts";
import type { ConformanceIndex } from "../emulator/conformance/checks.ts";
import { takeNetworkStrays } from "./network-guard.ts";

declare module "vitest" {
  interface ProvidedContext {
    /** What the emulator-conformance checks need, as plain JSON. */
    conformanceIndex: ConformanceIndex;
  }
}

/** Meta each worker test file leaves on its File task: responses checked, violations found. */
export interface ConformanceMeta {
  conformanceChecked?: number;
  conformanceViolations?: number;
}

export default function setup(project: TestProject): () => void {
  project.provide("conformanceIndex", buildConformanceIndex());
  return () => {
    let checked = 0;
    let violations = 0;
    let files = 0;
    for (const file of project.vitest.state.getFiles()) {
      if (file.projectName !== project.name) continue;
      const meta = file.meta as ConformanceMeta;
      if (meta.conformanceChecked === undefined) continue;
      files++;
      checked += meta.conformanceChecked;
      violations += meta.conformanceViolations ?? 0;
    }
    const against = project.getProvidedContext().conformanceIndex.openapi
      ? "xero-node models + Xero OpenAPI"
      : "xero-node models only (OpenAPI SKIPPED)";
    console.log(
      `[conformance] worker tests: ${checked} emulator responses checked against ${against} in ${files} files, ${violations} violations`,
    );
    // Calls blocked after every test file's own check ran (setup.ts fails tests for the rest).
    const late = takeNetworkStrays();
    if (late.length > 0)
      throw new Error(
        `worker tests: ${late.length} outbound call(s) after the last test:\n  ${late.join("\n  ")}`,
      );
  };
}
