// `npm run bench:sage50`: the Sage 50 connector's acceptance numbers on a generated company of
// 2,000 customers and 6,000 sales invoices, read through unixODBC + the SQLite ODBC driver and
// pushed to a local stand-in receiver (the real worker's PushIngest endpoint later):
// first cycle time and bytes, a no-change cycle's bytes (goal < 1 KB), one paid invoice's bytes.
import { ensureConnectorDeps } from "../../connector/sage50/ensure-deps.ts";

if (ensureConnectorDeps() !== 0) process.exit(2);
const { harness } = await import("../connector/harness.ts");
const { generateCompany } = await import("../connector/generate.ts");
const { postReceipt } = await import("../connector/sage-db.ts");
const { odbcMissing, INSTALL_HINT } = await import("../connector/odbc-available.ts");

const missing = odbcMissing();
if (missing) {
  console.error(`bench:sage50 needs unixODBC and the SQLite ODBC driver (${missing}): ${INSTALL_HINT}`);
  process.exit(2);
}

const CUSTOMERS = 2_000;
const INVOICES = 6_000;
const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

const t0 = performance.now();
const h = await harness((file) => generateCompany(file, CUSTOMERS, INVOICES));
const genMs = performance.now() - t0;
try {
  const first = await h.cycle();
  const idle = await h.cycle();
  const open = h.db
    .prepare(
      "SELECT TRAN_NUMBER, OUTSTANDING FROM AUDIT_HEADER WHERE TYPE = 'SI' AND OUTSTANDING > 0 LIMIT 1",
    )
    .get() as { TRAN_NUMBER: number; OUTSTANDING: number };
  postReceipt(h.db, open.TRAN_NUMBER, open.OUTSTANDING, "2027-01-15 10:00:00");
  const paid = await h.cycle();

  const ok = h.rx.customers.size === CUSTOMERS && h.rx.invoices.size === INVOICES;
  const goal = idle.bytes < 1024;
  console.log(
    `Sage 50 connector benchmark (${CUSTOMERS} customers, ${INVOICES} sales invoices; company generated in ${(genMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  first cycle (full):   ${(first.ms / 1000).toFixed(2)} s, ${first.batches} batches, ${kb(first.bytes)} on the wire (${kb(first.jsonBytes)} JSON)`,
  );
  console.log(
    `  no-change cycle:      ${idle.bytes} B on the wire (${idle.jsonBytes} B JSON), ${idle.ms} ms — goal < 1 KB: ${goal ? "met" : "MISSED"}`,
  );
  console.log(
    `  one invoice paid:     ${paid.bytes} B on the wire (${paid.jsonBytes} B JSON; ${paid.customers} customer + ${paid.invoices} invoice), ${paid.ms} ms`,
  );
  console.log(
    `  receiver holds ${h.rx.customers.size} customers, ${h.rx.invoices.size} invoices: ${ok ? "complete" : "INCOMPLETE"}`,
  );
  process.exitCode = ok && goal ? 0 : 1;
} finally {
  await h.dispose();
}
