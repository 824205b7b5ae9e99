// The accounting systems AGG SMART connects to, as plain data: every word the widget says about
// a provider comes from here, so adding one is a row, not a hunt through templates. No zod here:
// this module is in the browser bundle (the worker's schemas import PROVIDER_IDS from it).

/** Ids of the accounting systems, as the API names them (`provider` in /api/connection). */
export const PROVIDER_IDS = ["xero", "quickbooks", "sage50"] as const;

/** Which accounting system a tenant is connected to. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** What the widget needs to know and say about one accounting system. */
export interface ProviderInfo {
  id: ProviderId;
  /** Display name: "Xero", "QuickBooks Online", "Sage 50". */
  name: string;
  /** `oauth`: a consent popup; `connector`: a program on the customer's PC pushes data with a key. */
  auth: "oauth" | "connector";
  /** The field that holds a customer's credit limit, by AGG SMART's convention. */
  limitField: string;
  /** Where to go to fix an unreadable credit limit (a whole sentence). */
  limitFix: string;
  /** What the system calls the customer records ("contact" / "customer"). */
  contact: string;
  /** A payment taken in AGG SMART can be posted to the invoice in this system. */
  canPushPayments: boolean;
  /** The kind of account payments go into ("bank account", "deposit account"). */
  bankAccount: string;
  /** How to make an account accept payments, when none does. */
  bankAccountFix: string;
  /** Systems that can't take payments: the settings card's sentence saying where to mark them. */
  paymentsNote?: string;
  /** Connector systems: what the key panel and the silent-connector state say. */
  connector?: ConnectorWords;
}

/** The words of a connector system's setup (key panel, waiting, silent connector). */
export interface ConnectorWords {
  /** Where the connector runs: "the Sage PC". */
  pc: string;
  /** The `--odbc` example, with placeholders for the Sage login. */
  odbc: string;
  /** The npm script that runs the connector. */
  script: string;
  /** Where the install steps are. */
  installDoc: string;
  /** What to check on the PC when the connector has gone quiet. */
  checks: readonly string[];
}

/** The descriptor table: one row per accounting system. */
export const PROVIDERS: Readonly<Record<ProviderId, ProviderInfo>> = {
  xero: {
    id: "xero",
    name: "Xero",
    auth: "oauth",
    limitField: "Xero Network Key",
    limitFix: "In Xero, open the contact and type the limit as a plain number in Xero Network Key.",
    contact: "contact",
    canPushPayments: true,
    bankAccount: "bank account",
    bankAccountFix: "In Xero, tick “Enable payments to this account” on a bank account, then reload.",
  },
  quickbooks: {
    id: "quickbooks",
    name: "QuickBooks Online",
    auth: "oauth",
    limitField: "Fax",
    limitFix:
      "In QuickBooks Online, open the customer and type the limit as a plain number in the Fax field.",
    contact: "customer",
    canPushPayments: true,
    bankAccount: "deposit account",
    bankAccountFix: "In QuickBooks Online, add a Bank or Other Current Asset account, then reload.",
  },
  sage50: {
    id: "sage50",
    name: "Sage 50",
    auth: "connector",
    limitField: "Credit limit",
    limitFix: "In Sage 50, open the customer record and set its Credit Limit.",
    contact: "customer",
    canPushPayments: false,
    bankAccount: "bank account",
    bankAccountFix: "Sage 50 payments are recorded in Sage 50 itself.",
    paymentsNote: "Sage 50 is read-only over ODBC: mark payments in Sage.",
    connector: {
      pc: "the Sage PC",
      odbc: "DSN=SageLine50v29;UID=…;PWD=…",
      script: "connector:sage50",
      installDoc: "“Sage 50 connector (Windows)” in the AGG SMART Accounts Connect README",
      checks: [
        "the PC is switched on and online",
        "the connector's scheduled task is running",
        "Sage 50 is installed and its ODBC login still works",
      ],
    },
  },
};

/** Whether `v` is a provider id. */
export function isProviderId(v: unknown): v is ProviderId {
  return typeof v === "string" && (PROVIDER_IDS as readonly string[]).includes(v);
}

/**
 * The descriptor for `id`. An answer without a provider (read-model meta cached before providers
 * existed) can only have come from Xero, so Xero is the fallback.
 */
export function providerInfo(id: string | null | undefined): ProviderInfo {
  return isProviderId(id) ? PROVIDERS[id] : PROVIDERS.xero;
}

/** Mark-paid wording: "Mark invoices paid in Xero when paid in AGG SMART". */
export function pushPaymentsLabel(p: Pick<ProviderInfo, "name">): string {
  return `Mark invoices paid in ${p.name} when paid in AGG SMART`;
}

/** The badge's pill for an account held in the accounting system: "On hold in Sage 50". */
export function onHoldLabel(p: Pick<ProviderInfo, "name">): string {
  return `On hold in ${p.name}`;
}

/** Why an on-hold customer is blocked, and where to change it. */
export function onHoldSentence(p: Pick<ProviderInfo, "name" | "contact">): string {
  return `No new jobs on account until the ${p.contact} is taken off hold in ${p.name}.`;
}

/** The command line that runs the connector with this key every 15 minutes. */
export function connectorCommand(w: ConnectorWords, workerUrl: string, key: string): string {
  return `npm run ${w.script} -- --odbc "${w.odbc}" --worker ${workerUrl} --key ${key} --every 15`;
}
