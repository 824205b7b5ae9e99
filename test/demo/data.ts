// The demo host's own records: the AGG SMART side of the demo (who is signed in, its customers
// by account ref, recent jobs). Customer refs and job refs match the emulator's "demo" Xero seed.
import { DEMO_CONTACTS, DEMO_ORG_NAME } from "../emulator/seed/demo.ts";
import { CUSTOMERS, INVOICES } from "../emulator/seed/demo-data.ts";

/** The AGG SMART account (tenant) the demo pages belong to: the same business as the Xero demo org. */
export const DEMO_TENANT = { id: "demo-tenant", name: DEMO_ORG_NAME } as const;

/** The signed-in demo users, one per role. */
export const DEMO_USERS = {
  staff: { id: "u-1042", name: "Sam Turner", title: "Bookings" },
  admin: { id: "u-1001", name: "Jo Hartley", title: "Office manager" },
} as const;

/** A customer as AGG SMART's customer picker lists it. */
export interface DemoCustomer {
  ref: string;
  name: string;
}

/** A booked job in today's list. */
export interface DemoJob {
  ref: string;
  customer: string;
  site: string;
  material: string;
  quantity: string;
  value: string;
  /** AGG SMART's card state for the Payment column, when the job is paid by card. */
  card?: {
    status: "authorised" | "captured" | "failed" | "expired";
    amount: string;
    authorisedDaysAgo?: number;
  };
}

/** A material on the price list: name, unit and price per unit (ex VAT, GBP). */
export interface DemoMaterial {
  name: string;
  unit: string;
  price: string;
}

/** Customers by account ref (the Xero contact's ContactNumber), as in the emulator's demo seed; archived ones left out. */
export const DEMO_CUSTOMERS: readonly DemoCustomer[] = CUSTOMERS.filter(
  ([ref]) => ref !== DEMO_CONTACTS.woldsArchived.ref,
).map(([ref, name]) => ({ ref, name }));

/** The price list the booking form offers. */
export const DEMO_MATERIALS: readonly DemoMaterial[] = [
  { name: "Type 1 MOT sub-base", unit: "t", price: "18.50" },
  { name: "20mm clean limestone", unit: "t", price: "24.00" },
  { name: "6F2 recycled crushed concrete", unit: "t", price: "11.75" },
  { name: "Building sand", unit: "t", price: "27.50" },
  { name: "Screened topsoil", unit: "t", price: "22.00" },
  { name: "8 yd³ skip hire (mixed waste)", unit: "skip", price: "265.00" },
  { name: "Grab lorry muck-away (16 t)", unit: "load", price: "310.00" },
];

/** Recent jobs; each Payment cell is an <agg-payment-status> for the job ref (invoices in the demo seed). */
export const DEMO_JOBS: readonly DemoJob[] = [
  {
    ref: "J-10023",
    customer: "PENN01",
    site: "Station Road public realm, Skipton BD23 1JT",
    material: "Granite setts and sub-base (quote Q-2231)",
    quantity: "1 job",
    value: "12,100.00",
  },
  {
    ref: "J-10014",
    customer: "JUBI01",
    site: "Balk Lane attenuation tank, Selby YO8 4PR",
    material: "Pea shingle",
    quantity: "10 t",
    value: "250.00",
    card: { status: "authorised", amount: "300.00", authorisedDaysAgo: 2 },
  },
  {
    ref: "J-10012",
    customer: "HILL01",
    site: "Hillside Meadows plots 12–18, Otley LS21 3DQ",
    material: "Type 1 MOT sub-base",
    quantity: "85 t",
    value: "1,700.00",
    card: { status: "authorised", amount: "2040.00", authorisedDaysAgo: 23 },
  },
  {
    ref: "J-10008",
    customer: "DALE01",
    site: "Dales Skip Hire yard, Ripon HG4 1QY",
    material: "8 yd³ skip exchange (mixed waste)",
    quantity: "14 skips",
    value: "3,500.00",
    card: { status: "captured", amount: "4200.00", authorisedDaysAgo: 1 },
  },
  {
    ref: "J-10026",
    customer: "RIVE01",
    site: "St Mary's Church reroof, Tadcaster LS24 9AB",
    material: "Slate waste removal, grab hire",
    quantity: "1 job",
    value: "5,000.00",
  },
  {
    ref: "J-10005",
    customer: "CALD01",
    site: "Calder Valley Quarry, Elland HX5 9DN",
    material: "Haulage, 8-wheel tippers",
    quantity: "25 days",
    value: "20,000.00",
  },
  {
    ref: "J-10001",
    customer: "ACME01",
    site: "Plot 7, Riverside Park, Leeds LS10 1AB",
    material: "Type 1 MOT sub-base",
    quantity: "75 t",
    value: "1,500.00",
  },
];

/** The job number the next booking gets: one past every job already invoiced in the seed. */
export const NEXT_JOB_NUMBER: number =
  Math.max(10000, ...INVOICES.map(([ref]) => Number(ref.replace(/^J-/, "")) || 0)) + 1;
