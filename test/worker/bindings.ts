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
} as const;
