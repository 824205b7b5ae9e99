// The provider conformance suite's push part for Sage 50, inside workerd: batches built by the
// connector's own code from the Sage-shaped rows, applied through /connector/sage50/batches.

import { afterEach } from "vitest";
import { providerConformance } from "../providers/conformance.ts";
import { sage50Harness, sage50Tenants } from "../providers/sage50.harness.ts";
import { quiet } from "./connect-helpers.ts";

afterEach(async () => {
  for (const t of sage50Tenants.splice(0)) await quiet(t);
});

providerConformance("Sage 50", sage50Harness);
