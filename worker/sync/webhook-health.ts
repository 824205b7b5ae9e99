// Whether a tenant's webhooks are working, and what that means for polling: the same rule for
// every provider that has webhooks. While they are healthy the poll is only a safety net for a
// missed event, so it runs hourly at most; that saves a daily call budget and metered reads alike.

const HOUR = 3600_000;

/** With healthy webhooks the poll is only a safety net for a missed event. */
export const SAFETY_NET_MS = HOUR;
/**
 * Webhooks count as healthy while one arrived within this long. A day covers a quiet night; if the
 * provider disables the webhook after a day of failed deliveries, the tenant is back on its
 * interval a day later, and the hourly safety net has caught every change in between.
 */
export const WEBHOOK_HEALTHY_MS = 24 * HOUR;

/** True while a webhook for this tenant arrived within WEBHOOK_HEALTHY_MS. */
export function webhooksHealthy(lastWebhookAt: number | null, now: number): boolean {
  return lastWebhookAt !== null && now - lastWebhookAt < WEBHOOK_HEALTHY_MS;
}

/** The wait before the next poll: the interval, or the hourly safety net while webhooks are healthy. */
export function pollWaitMs(intervalMs: number, lastWebhookAt: number | null, now: number): number {
  return webhooksHealthy(lastWebhookAt, now) ? Math.max(intervalMs, SAFETY_NET_MS) : intervalMs;
}
