// The rows behind "Demo Quarry Ltd" (seed/demo.ts). Fax holds AGG SMART's credit-limit convention
// and is deliberately messy, as real companies type it.

/** [key, DisplayName, CompanyName, Fax (undefined = none), extra]. */
export type CustomerRow = [
  string,
  string,
  string | undefined,
  string | undefined,
  { parent?: string; inactive?: boolean; phone?: string; email?: string }?,
];

export const CUSTOMERS: CustomerRow[] = [
  [
    "acme",
    "ACME Aggregates",
    "ACME Aggregates Ltd",
    "10000",
    { phone: "0113 496 0000", email: "accounts@acme.test" },
  ],
  ["britannia", "Britannia Haulage", "Britannia Haulage Ltd", "10,000"],
  ["calder", "Calder Skips", "Calder Skips Ltd", "£10,000.00"],
  ["dale", "Dale Plant Hire", "Dale Plant Hire", "01234 567890"],
  ["eastfield", "Eastfield Builders", "Eastfield Builders", "ask accounts"],
  ["fenwick", "Fenwick Groundworks", "Fenwick Groundworks", undefined],
  ["gorse", "Gorse Lane Farm", undefined, ""],
  ["hallam", "Hallam Contractors", "Hallam Contractors plc", "50000"],
  ["hallamSheffield", "Sheffield Site", undefined, undefined, { parent: "hallam" }],
  ["hallamLeeds", "Leeds Site", undefined, "5000", { parent: "hallam" }],
  ["ironside", "Ironside Quarry Products", "Ironside Quarry Products", "20000", { inactive: true }],
  ["jubilee", "Jubilee Construction", "Jubilee Construction Ltd", "15000"],
  ["jubileeOld", "Jubilee Construction Ltd", "Jubilee Construction Ltd", "15000"],
  ["kirkLeeds", "Kirk & Sons (Leeds)", "Kirk & Sons", "7500"],
  ["kirkYork", "Kirk & Sons (York)", "Kirk & Sons", " 7,500 "],
  ["langley", "Langley Landscapes", "Langley Landscapes", "15000"],
  ["moorland", "Moorland Homes", "Moorland Homes Ltd", "20000"],
  ["northgate", "Northgate Civils", "Northgate Civils", "8000"],
  ["oakwood", "Oakwood Developments", "Oakwood Developments", "12000"],
  ["pennine", "Pennine Paving", "Pennine Paving", "3000"],
  ["quarrybank", "Quarrybank Farms", undefined, "1000"],
  ["riverside", "Riverside Renovations", "Riverside Renovations", "30000"],
  ["stanton", "Stanton Drives", "Stanton Drives", "2500"],
  ["tor", "Tor Valley Builders", "Tor Valley Builders", "0"],
  ["upton", "Upton Drainage", "Upton Drainage Ltd", "40000"],
];

/** Invoice states the seed produces. */
export type InvoiceKind = "open" | "paid" | "part" | "overdue" | "voided" | "deleted";

/** [job number (DocNumber), customer key, total £, kind, days ago issued, terms days]. */
export type InvoiceRow = [string, string, number, InvoiceKind, number, number];

export const INVOICES: InvoiceRow[] = [
  ["J-20001", "acme", 1250, "paid", 40, 30],
  ["J-20002", "acme", 480.5, "open", 5, 30],
  ["J-20003", "britannia", 3200, "part", 20, 30],
  ["J-20004", "britannia", 900, "overdue", 50, 30],
  ["J-20005", "calder", 12500, "overdue", 70, 30],
  ["J-20006", "calder", 640, "voided", 12, 30],
  ["J-20007", "dale", 2100, "open", 3, 14],
  ["J-20008", "eastfield", 350, "deleted", 8, 30],
  ["J-20009", "hallam", 4000, "open", 10, 30],
  ["J-20010", "hallamSheffield", 2750.25, "overdue", 45, 30],
  ["J-20011", "hallamLeeds", 1800, "part", 15, 30],
  ["J-20012", "jubilee", 5200, "open", 6, 30],
  ["J-20013", "jubileeOld", 700, "overdue", 60, 30],
  ["J-20014", "kirkLeeds", 999.99, "open", 2, 30],
  ["J-20015", "kirkYork", 1500, "paid", 25, 30],
  ["J-20016", "moorland", 8800, "open", 9, 30],
  ["J-20017", "pennine", 2950, "overdue", 35, 30],
  ["J-20018", "riverside", 6100, "part", 18, 30],
  ["J-20019", "upton", 15000, "open", 1, 30],
  ["J-20020", "ironside", 420, "overdue", 90, 30],
];
