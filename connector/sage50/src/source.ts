// What a cycle needs from Sage, as an interface: the ODBC implementation is in odbc-source.ts,
// and pure tests can hand in rows without a driver.
import type { Sage50Company, Sage50Customer, Sage50Invoice } from "../../../shared/sage50-protocol.ts";

/** Read access to one Sage 50 company. `since` is a local "YYYY-MM-DDTHH:MM:SS" or null (everything). */
export interface SageSource {
  company(): Promise<Sage50Company>;
  customers(since: string | null): Promise<Sage50Customer[]>;
  invoices(since: string | null): Promise<Sage50Invoice[]>;
  /** Row counts, for --check. */
  counts(): Promise<{ customers: number; invoices: number }>;
  close(): Promise<void>;
}
