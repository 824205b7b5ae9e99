// The provider conformance suite (test/providers/conformance.ts) for every provider the worker
// has, each against its emulator, inside workerd. QuickBooks Online runs in its own file
// (provider-conformance-quickbooks.test.ts); Sage 50 adds a line here or a file of its own.

import { providerConformance } from "../providers/conformance.ts";
import { xeroHarness } from "../providers/xero.harness.ts";

providerConformance("Xero", xeroHarness);
