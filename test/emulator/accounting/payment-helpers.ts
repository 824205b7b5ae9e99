// Request and response helpers shared by the emulator's payment tests.
import type { accountingHarness } from "./testing.ts";

/** A loosely typed JSON record. */
export type Rec = Record<string, unknown>;

/** A JSON PUT. */
export const put = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "PUT",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** A payment body as Xero takes it. */
export function payment(invoice: Rec, amount: number, account: Rec = { Code: "090" }, date = "2026-11-25") {
  return { Invoice: invoice, Account: account, Date: date, Amount: amount, Reference: "AGG-PAY-1" };
}

/** GET one invoice. */
export async function invoice(h: ReturnType<typeof accountingHarness>, id: string): Promise<Rec> {
  const { body } = await h.json(`/Invoices/${id}`);
  return (body.Invoices as Rec[])[0] ?? {};
}

/** GET one contact. */
export async function contact(h: ReturnType<typeof accountingHarness>, id: string): Promise<Rec> {
  const { body } = await h.json(`/Contacts/${id}`);
  return (body.Contacts as Rec[])[0] ?? {};
}

/** The ValidationErrors messages of a 400 body. */
export function messages(body: Rec): string[] {
  return ((body.Elements as Rec[]) ?? []).flatMap((e) =>
    ((e.ValidationErrors as Rec[]) ?? []).map((v) => String(v.Message)),
  );
}
