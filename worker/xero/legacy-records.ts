// Records written before the provider seam, when Xero was the only provider: their shapes, and
// how each becomes today's provider-neutral one. Read by the storage migrations
// (worker/store/migrations.ts) and by readers that may still meet an unmigrated record.

import * as z from "zod";

/** `connection` as stored before the seam: Xero's own names for the organisation and the connection. */
export const LegacyXeroConnection = z.looseObject({
  provider: z.literal("xero").optional(),
  xeroConnectionId: z.string(),
  xeroTenantId: z.string(),
});

/** A connection record of either shape → the neutral one (`orgRef` = Xero tenantId, `connectionRef` = connection id). */
export function upgradeXeroConnection(raw: unknown): unknown {
  const old = LegacyXeroConnection.safeParse(raw);
  if (!old.success || (raw as { orgRef?: unknown }).orgRef !== undefined) return raw;
  const { xeroConnectionId, xeroTenantId, ...rest } = old.data;
  return { ...rest, provider: "xero", orgRef: xeroTenantId, connectionRef: xeroConnectionId };
}

/** A payment outcome in the `pushed` table (before attempts were recorded, and before `amountMinor`/`currency`). */
export const LegacyPushed = z
  .looseObject({
    paymentId: z.string(),
    job: z.string(),
    invoiceNumber: z.string(),
    xeroPaymentId: z.string(),
    amount: z.string(),
    date: z.string(),
    accountCode: z.string(),
    currency: z.string().optional(),
  })
  .transform(({ xeroPaymentId, ...r }) => ({ ...r, providerPaymentId: xeroPaymentId }));
