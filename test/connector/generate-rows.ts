// The generated company's rows, pure (no SQLite), so workerd tests can build the same company
// the connector tests read through ODBC: deterministic (seeded PRNG), with the usual messes.
import type { SeedCustomer, SeedTran } from "./sage-db.ts";

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, "0");
const day = (base: number, days: number) => new Date(base + days * 86_400_000).toISOString().slice(0, 10);

/** The rows of a company of `customers` accounts and `invoices` SI rows (plus their receipts). */
export function generateRows(
  customers = 2_000,
  invoices = 6_000,
  seed = 50,
): { customers: SeedCustomer[]; trans: SeedTran[] } {
  const rnd = prng(seed);
  const base = Date.parse("2026-01-01T00:00:00Z");
  const balances = new Array<number>(customers).fill(0);
  const trans: SeedTran[] = [];
  let tran = 1;
  for (let i = 0; i < invoices; i++) {
    const c = Math.floor(rnd() * customers);
    const ref = `C${String(c).padStart(5, "0")}`;
    const issued = Math.floor(rnd() * 330);
    const gross = Math.round((50 + rnd() * 4_950) * 100) / 100;
    const r = rnd();
    // 55% paid, 15% part-paid, 30% open (some of them overdue by now).
    const paid = r < 0.55 ? gross : r < 0.7 ? Math.round(gross * rnd() * 100) / 100 : 0;
    const modified = `${day(base, issued + (paid ? 10 : 0))} ${pad(Math.floor(rnd() * 24))}:${pad(Math.floor(rnd() * 60))}:${pad(Math.floor(rnd() * 60))}`;
    const inv: SeedTran = {
      tran: tran++,
      type: "SI",
      ref,
      invRef: `AGG-${100000 + i}`,
      date: day(base, issued),
      due: day(base, issued + 30),
      gross,
      paid,
      modified,
    };
    trans.push(inv);
    if (paid)
      trans.push({
        tran: tran++,
        type: "SR",
        ref,
        invRef: inv.invRef,
        date: modified.slice(0, 10),
        gross: paid,
        paid,
        modified,
      });
    balances[c] = (balances[c] ?? 0) + gross - paid;
  }
  const rows: SeedCustomer[] = balances.map((balance, c) => {
    const r = rnd();
    return {
      ref: `C${String(c).padStart(5, "0")}`,
      name: `Customer ${c} Property Services`,
      balance: Math.round(balance * 100) / 100,
      limit: r < 0.1 ? 0 : Math.round(rnd() * 20) * 500,
      onHold: r > 0.97,
      status: r > 0.95 && r <= 0.97 ? 2 : 0,
      inactive: r > 0.93 && r <= 0.95,
      deleted: r > 0.92 && r <= 0.93,
      modified: `${day(base, Math.floor(rnd() * 330))} 12:00:00`,
    };
  });
  return { customers: rows, trans };
}
