// The provider conformance suite (test/providers/conformance.ts) for QuickBooks Online: the
// provider from the registry against the in-process QuickBooks emulator, inside workerd. Every
// emulator answer the provider read must match Intuit's schema.

import { afterEach, expect } from "vitest";
import { providerConformance } from "../providers/conformance.ts";
import { quickbooksHarness, takeQboViolations } from "../providers/quickbooks.harness.ts";

afterEach(() => expect(takeQboViolations()).toEqual([]));

providerConformance("QuickBooks Online", quickbooksHarness);
