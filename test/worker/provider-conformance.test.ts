// The provider conformance suite (test/providers/conformance.ts) for every provider the worker
// has, each against its emulator, inside workerd. QuickBooks Online and Sage 50 add a line here.

import { providerConformance } from "../providers/conformance.ts";
import { xeroHarness } from "../providers/xero.harness.ts";

providerConformance("Xero", xeroHarness);
