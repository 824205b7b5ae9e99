// The "Demo Aggregates Ltd" story: UK customers of an aggregates, haulage and skip-hire firm. Credit
// limits sit in XeroNetworkKey as AGG SMART tells users to type them, including the mess real users
// make. Amounts are net pounds (VAT at 20% is added); days are counted back from the clock's today.

/** [ContactNumber, Name, XeroNetworkKey (undefined = absent), email, AccountNumber?] */
export type CustomerRow = [string, string, string | undefined, string, string?];

/** Demo customers. ACME01 … ZENI01 are AGG SMART account refs. */
export const CUSTOMERS: readonly CustomerRow[] = [
  ["ACME01", "Acme Groundworks Ltd", "10000", "accounts@acmegroundworks.co.uk", "SL-1001"],
  ["BRIT01", "Britannia Builders Ltd", "25000", "ap@britanniabuilders.co.uk", "SL-1002"],
  ["CALD01", "Calder Valley Quarries Ltd", "50000", "purchase.ledger@caldervalley.co.uk"],
  ["DALE01", "Dales Skip Hire", "5000", "office@dalesskips.co.uk"],
  ["EAST01", "Eastfield Construction Ltd", "£5,000", "invoices@eastfieldconstruction.co.uk", "SL-1005"],
  ["FERN01", "Fernhill Landscapes", "10,000", "hello@fernhill-landscapes.co.uk"],
  ["GRAN01", "Granite & Gravel Supplies Ltd", " 7500 ", "accounts@graniteandgravel.co.uk"],
  ["HILL01", "Hillside Homes Ltd", "5k", "finance@hillsidehomes.co.uk"],
  ["IRON01", "Ironbridge Civils Ltd", "abc", "ap@ironbridgecivils.co.uk"],
  ["JUBI01", "Jubilee Drainage Ltd", "-500", "office@jubileedrainage.co.uk"],
  ["KEST01", "Kestrel Plant Hire", "", "accounts@kestrelplant.co.uk"],
  ["LANG01", "Langley Demolition Ltd", undefined, "accounts@langleydemolition.co.uk", "SL-1012"],
  ["MARS01", "Marsh Lane Developments", "15000", "payables@marshlanedev.co.uk"],
  ["NORT01", "North Yorkshire Highways", "100000", "invoices@nyhighways.gov.uk", "SL-1014"],
  ["OAKL01", "Oakley Farm Estates", "3000", "farm.office@oakleyestates.co.uk"],
  ["PENN01", "Pennine Paving Ltd", "20000", "accounts@penninepaving.co.uk"],
  ["QUAR01", "Quarry Lane Motors", "8000", "service@quarrylanemotors.co.uk"],
  ["RIVE01", "Riverside Roofing Ltd", "12000", "accounts@riversideroofing.co.uk"],
  ["STON01", "Stonegate Homes Ltd", "30000", "purchaseledger@stonegatehomes.co.uk", "SL-1019"],
  ["TRNT01", "Trent Valley Aggregates Ltd", "40000", "accounts@trentvalleyagg.co.uk"],
  ["UPTN01", "Upton Skip & Waste", "6000", "office@uptonskips.co.uk"],
  ["VALE01", "Vale Groundworks Ltd", "10000", "accounts@valegroundworks.co.uk"],
  ["VALE02", "VALE GROUNDWORKS  LTD.", "5000", "vale.groundworks@outlook.com"],
  ["WOLD01", "Wolds Haulage", "9000", "woldshaulage@btinternet.com"],
  ["WOLD02", "Wolds Haulage Ltd", "9000", "accounts@woldshaulage.co.uk"],
  ["YORK01", "York Stone Merchants", "25000", "orders@yorkstonemerchants.co.uk"],
  ["ZENI01", "Zenith Skip Hire Ltd", "10000", "accounts@zenithskiphire.co.uk"],
];

/** Suppliers (no AGG SMART ref): bills make AccountsPayable balances. */
export const SUPPLIERS: readonly [string, string][] = [
  ["Hanson Quarry Products", "supplier.accounts@hanson.example.co.uk"],
  ["Shell Fuel Cards UK", "fuelcards@shell.example.co.uk"],
];

/** [job ref, contact ref, days ago, status, net £, description, payments [£, days ago][]?] */
export type InvoiceRow = [string, string, number, string, number, string, [number, number][]?];

/** Demo sales invoices, in issue order (INV-0001 …). J-10023 has a top-up invoice. */
export const INVOICES: readonly InvoiceRow[] = [
  ["J-10001", "ACME01", 40, "PAID", 1500, "Type 1 MOT sub-base, 75 t delivered", [[1800, 20]]],
  ["J-10002", "ACME01", 10, "AUTHORISED", 2000, "Crushed concrete 6F2, 100 t delivered"],
  ["J-10003", "BRIT01", 35, "AUTHORISED", 8000, "Muck away, grab hire, 40 loads"],
  ["J-10004", "BRIT01", 12, "AUTHORISED", 8500, "40mm clean stone, 340 t delivered"],
  ["J-10005", "CALD01", 70, "AUTHORISED", 20000, "Haulage, 8-wheel tippers, 25 days"],
  ["J-10006", "CALD01", 45, "AUTHORISED", 15000, "Haulage, 8-wheel tippers, 19 days"],
  ["J-10007", "CALD01", 5, "AUTHORISED", 11000, "Haulage, articulated tipper, 12 days"],
  ["J-10008", "DALE01", 8, "AUTHORISED", 3500, "Skip exchange, 8 yd mixed waste x 14"],
  ["J-10009", "EAST01", 15, "AUTHORISED", 1000, "Building sand, 40 t delivered"],
  ["J-10010", "FERN01", 20, "AUTHORISED", 7900, "Screened topsoil, 260 t delivered"],
  ["J-10011", "GRAN01", 25, "AUTHORISED", 2500, "6-10mm gravel, 100 t delivered"],
  ["J-10012", "HILL01", 3, "AUTHORISED", 1700, "Type 1 MOT sub-base, 85 t delivered"],
  ["J-10013", "IRON01", 18, "AUTHORISED", 800, "Grab hire, muck away, 4 loads"],
  ["J-10014", "JUBI01", 2, "AUTHORISED", 250, "Pea shingle, 10 t delivered"],
  ["J-10015", "KEST01", 9, "AUTHORISED", 650, "Skip hire, 12 yd builders waste"],
  ["J-10016", "LANG01", 50, "AUTHORISED", 5000, "Demolition arisings removal, 25 loads"],
  ["J-10017", "MARS01", 60, "PAID", 4000, "Crushed concrete 6F2, 200 t delivered", [[4800, 40]]],
  ["J-10018", "MARS01", 33, "PAID", 2500, "Type 1 MOT sub-base, 125 t delivered", [[3000, 10]]],
  ["J-10019", "NORT01", 95, "AUTHORISED", 12500, "Road planings, 500 t delivered"],
  ["J-10020", "NORT01", 14, "AUTHORISED", 12500, "Gritting salt, 250 t delivered"],
  ["J-10021", "OAKL01", 62, "AUTHORISED", 1500, "Hardcore for farm track, 75 t"],
  ["J-10022", "OAKL01", 6, "AUTHORISED", 1500, "Hardcore for farm track, 75 t"],
  ["J-10023", "PENN01", 11, "AUTHORISED", 10000, "Granite setts and sub-base, per quote Q-2231"],
  ["J-10023", "PENN01", 4, "AUTHORISED", 2100, "Top-up: extra sub-base, 105 t"],
  ["J-10024", "QUAR01", 30, "VOIDED", 900, "Skip hire, 6 yd (raised in error)"],
  ["J-10025", "QUAR01", 1, "DRAFT", 1200, "Skip hire, 8 yd x 3"],
  ["J-10026", "RIVE01", 40, "AUTHORISED", 5000, "Slate waste removal, grab hire", [[2500, 15]]],
  ["J-10027", "RIVE01", 7, "AUTHORISED", 3000, "Roofing batten offcuts, skip x 6", [[1000, 2]]],
  ["J-10028", "STON01", 16, "AUTHORISED", 10000, "Type 1 and 6F2 for site roads"],
  ["J-10029", "STON01", 2, "SUBMITTED", 4000, "Drainage stone, 160 t delivered"],
  ["J-10030", "TRNT01", 22, "AUTHORISED", 8400, "Haulage subcontract, 10 days"],
  ["J-10031", "UPTN01", 48, "AUTHORISED", 1700, "Tipping charges, inert waste"],
  ["J-10032", "VALE01", 4, "AUTHORISED", 1000, "Ballast, 50 t delivered"],
  ["J-10033", "VALE02", 13, "AUTHORISED", 500, "Sharp sand, 20 t delivered"],
  ["J-10034", "WOLD02", 19, "AUTHORISED", 2000, "Back-haul, 8-wheel tipper, 4 days"],
  ["J-10035", "WOLD01", 120, "PAID", 1000, "Back-haul, 8-wheel tipper, 2 days", [[1200, 100]]],
  ["J-10036", "YORK01", 1, "DRAFT", 5000, "Yorkstone flags, 30 m2"],
  ["J-10037", "ZENI01", 26, "VOIDED", 2000, "Skip hire (duplicate of J-10039)"],
  ["J-10038", "ZENI01", 21, "DELETED", 1500, "Skip hire, 12 yd (draft deleted)"],
  ["J-10039", "ZENI01", 9, "AUTHORISED", 1000, "Skip hire, 12 yd x 2"],
  [
    "J-10040",
    "ZENI01",
    31,
    "PAID",
    750,
    "Skip hire, 6 yd x 3",
    [
      [400, 25],
      [500, 12],
    ],
  ],
];

/** Supplier bills: [bill number, supplier index, days ago, status, net £, description, payments?] */
export const BILLS: readonly [string, number, number, string, number, string, [number, number][]?][] = [
  ["HQP-4410", 0, 20, "AUTHORISED", 6000, "Quarry products, monthly account"],
  ["HQP-4388", 0, 50, "PAID", 4500, "Quarry products, monthly account", [[5400, 30]]],
  ["TVA-5521", -1, 28, "AUTHORISED", 3000, "Tipper hire from Trent Valley Aggregates"],
];
