// The AGG SMART businesses the demo host serves: Demo Aggregates Ltd (its books in Xero, the
// emulator's Xero demo seed) and Demo Quarry Ltd (its books in QuickBooks Online, the QuickBooks
// emulator's demo seed). Each is its own AGG SMART tenant; `?business=quarry` picks the second.
import { DEMO_COMPANY_NAME, DEMO_QBO_IDS } from "../qbo-emulator/seed/demo.ts";
import { CUSTOMERS as QBO_CUSTOMERS, INVOICES as QBO_INVOICES } from "../qbo-emulator/seed/demo-data.ts";
import {
  DEMO_CUSTOMERS,
  DEMO_JOBS,
  DEMO_TENANT,
  type DemoCustomer,
  type DemoJob,
  NEXT_JOB_NUMBER,
} from "./data.ts";

/** One AGG SMART business (tenant) and its own records. */
export interface DemoBusiness {
  /** The `?business=` value ("" for the default business). */
  key: "" | "quarry";
  tenant: { id: string; name: string };
  /** The accounting system its books are in (the demo's suggestion; Connect Accounts offers every one configured). */
  books: "Xero" | "QuickBooks Online";
  customers: readonly DemoCustomer[];
  jobs: readonly DemoJob[];
  nextJob: number;
}

/** Demo Quarry Ltd's AGG SMART tenant (the QuickBooks company has the same name). */
export const QUARRY_TENANT = { id: "quarry-tenant", name: DEMO_COMPANY_NAME } as const;

const qboId = (key: string): string => DEMO_QBO_IDS.customers[key] ?? key;

/**
 * Quarry customers by QuickBooks Customer Id (the matcher's first key), named by DisplayName; the
 * inactive and merged-away customers left out, as AGG SMART would have archived them.
 */
export const QUARRY_CUSTOMERS: readonly DemoCustomer[] = QBO_CUSTOMERS.filter(
  ([key, , , , extra]) => !extra?.inactive && key !== "jubileeOld",
).map(([key, name]) => ({ ref: qboId(key), name }));

const SITES: Record<string, [string, string, string]> = {
  "J-20002": ["Riverside Park phase 2, Leeds LS10 1AB", "20mm clean limestone", "20 t"],
  "J-20003": ["A64 lay-by resurfacing, Tadcaster LS24 8EH", "Type 1 MOT sub-base", "170 t"],
  "J-20007": ["Ripon bypass compound, Ripon HG4 1QY", "Plant hire haulage", "3 days"],
  "J-20009": ["Hallam Fields, Sheffield S10 2TN", "6F2 recycled crushed concrete", "340 t"],
  "J-20012": ["Jubilee Way estate, Selby YO8 4PR", "Building sand", "190 t"],
  "J-20014": ["Kirkstall Road yard, Leeds LS4 2AA", "Screened topsoil", "45 t"],
  "J-20016": ["Moorland Rise plots 1–9, Harrogate HG2 7SL", "Type 1 MOT sub-base", "1 job"],
};

const pounds = (n: number): string =>
  n.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Quarry jobs: invoices of the QuickBooks demo seed by DocNumber (J-20001…), the open and part-paid ones. */
export const QUARRY_JOBS: readonly DemoJob[] = QBO_INVOICES.filter(([ref]) => ref in SITES).map(
  ([ref, key, total]) => {
    const [site, material, quantity] = SITES[ref] ?? ["", "", ""];
    return { ref, customer: qboId(key), site, material, quantity, value: pounds(total) };
  },
);

/** Every business the demo host serves, by `?business=` key. */
export const BUSINESSES: Record<DemoBusiness["key"], DemoBusiness> = {
  "": {
    key: "",
    tenant: DEMO_TENANT,
    books: "Xero",
    customers: DEMO_CUSTOMERS,
    jobs: DEMO_JOBS,
    nextJob: NEXT_JOB_NUMBER,
  },
  quarry: {
    key: "quarry",
    tenant: QUARRY_TENANT,
    books: "QuickBooks Online",
    customers: QUARRY_CUSTOMERS,
    jobs: QUARRY_JOBS,
    nextJob: Math.max(...QBO_INVOICES.map(([ref]) => Number(ref.replace(/^J-/, "")) || 0)) + 1,
  },
};

/** The business a `?business=` value names; anything unknown → the default one. */
export function businessFor(param: string | null): DemoBusiness {
  return param === "quarry" ? BUSINESSES.quarry : BUSINESSES[""];
}

/** `href` with the business's query (the default business needs none). */
export function withBusiness(href: string, b: DemoBusiness): string {
  return b.key ? `${href}?business=${b.key}` : href;
}
