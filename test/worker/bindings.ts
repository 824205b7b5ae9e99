/** Worker bindings for tests in workerd: the emulator lives at a fake host that tests route in-process. */
export const EMULATOR_ORIGIN = "https://xero-emulator.test";

export const TEST_BINDINGS = {
  XERO_CLIENT_ID: "demo-client-id",
  XERO_CLIENT_SECRET: "demo-client-secret",
  XERO_REDIRECT_URI: "https://worker.test/oauth/xero/callback",
  XERO_SCOPES:
    "openid profile email offline_access accounting.contacts.read accounting.invoices accounting.payments accounting.settings.read",
  XERO_AUTHORIZE_URL: `${EMULATOR_ORIGIN}/identity/connect/authorize`,
  XERO_TOKEN_URL: `${EMULATOR_ORIGIN}/connect/token`,
  XERO_REVOKE_URL: `${EMULATOR_ORIGIN}/connect/revocation`,
  XERO_API_URL: EMULATOR_ORIGIN,
  XERO_WEBHOOK_KEY: "test-webhook-key",
  TOKEN_ENCRYPTION_KEY: "k1:q2p7cFbqM3mC2Jf7y1cXh8n4w5T0sYbL9eVdRkAaZgE=",
  EMBED_SIGNING_SECRET: "main:test-embed-secret-0123456789abcdef,old:previous-embed-secret-9876543210",
  SERVER_API_KEY: "test-server-api-key",
  ALLOWED_ORIGINS: "https://host.test",
  AGG_WEBHOOK_URL: "",
  SYNC_INTERVAL_MINUTES: "5",
  // QuickBooks off, as on a clean clone: a developer's .dev.vars (npm start writes one with the
  // QuickBooks emulator's app) must not switch it on under the tests. Tests that want QuickBooks
  // configure it themselves (test/worker/qbo-stack.ts). The URLs are wrangler.toml's.
  QBO_CLIENT_ID: "",
  QBO_CLIENT_SECRET: "",
  QBO_REDIRECT_URI: "",
  QBO_WEBHOOK_VERIFIER: "",
  QBO_SCOPES: "com.intuit.quickbooks.accounting",
  QBO_AUTHORIZE_URL: "https://appcenter.intuit.com/connect/oauth2",
  QBO_TOKEN_URL: "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
  QBO_REVOKE_URL: "https://developer.api.intuit.com/v2/oauth2/tokens/revoke",
  QBO_API_URL: "https://quickbooks.api.intuit.com",
} as const;
