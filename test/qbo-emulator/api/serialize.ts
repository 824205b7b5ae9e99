// Company data → Intuit's JSON, field names as in Finance.xsd (schema/qbo-entities.ts). Unset
// optional fields are omitted, never null. Balances are computed from invoices on the way out.

import { intuitDateTime, money } from "../format.ts";
import {
  type BalanceIndex,
  balanceIndex,
  balanceWithJobs,
  type Company,
  customerBalance,
  type QboAccount,
  type QboCustomer,
  type QboInvoice,
  type QboPayment,
} from "../model.ts";

type Json = Record<string, unknown>;

const CURRENCY_NAMES: Record<string, string> = {
  GBP: "British Pound Sterling",
  USD: "United States Dollar",
  EUR: "Euro",
};

/** A CurrencyRef. */
export const currencyRef = (code: string) => ({ value: code, name: CURRENCY_NAMES[code] ?? code });

/** MetaData {CreateTime, LastUpdatedTime}. */
export const metaData = (createdAt: number, updatedAt: number) => ({
  CreateTime: intuitDateTime(createdAt),
  LastUpdatedTime: intuitDateTime(updatedAt),
});

const phone = (n: string | undefined) => (n === undefined ? undefined : { FreeFormNumber: n });

/** "Parent:Child" for a sub-customer. */
export function fullyQualifiedName(co: Company, c: QboCustomer): string {
  const parent = c.parentId ? co.customers.get(c.parentId) : undefined;
  return parent ? `${fullyQualifiedName(co, parent)}:${c.displayName}` : c.displayName;
}

function level(co: Company, c: QboCustomer): number {
  const parent = c.parentId ? co.customers.get(c.parentId) : undefined;
  return parent ? level(co, parent) + 1 : 0;
}

function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** A Customer; pass `idx` when serialising many (balances are computed from invoices). */
export function customerJson(co: Company, c: QboCustomer, idx: BalanceIndex = balanceIndex(co)): Json {
  const parent = c.parentId ? co.customers.get(c.parentId) : undefined;
  return compact({
    Taxable: false,
    Job: c.parentId !== undefined,
    BillWithParent: false,
    ParentRef: parent ? { value: parent.id } : undefined,
    Level: parent ? level(co, c) : undefined,
    Balance: money(customerBalance(co, c.id, idx)),
    BalanceWithJobs: money(balanceWithJobs(co, c.id, idx)),
    CurrencyRef: currencyRef(c.currency),
    PreferredDeliveryMethod: "Print",
    Notes: c.notes,
    domain: "QBO",
    sparse: false,
    Id: c.id,
    SyncToken: String(c.syncToken),
    MetaData: metaData(c.createdAt, c.updatedAt),
    FullyQualifiedName: fullyQualifiedName(co, c),
    CompanyName: c.companyName,
    DisplayName: c.displayName,
    PrintOnCheckName: c.companyName ?? c.displayName,
    Active: c.active,
    PrimaryPhone: phone(c.phone),
    Mobile: phone(c.mobile),
    Fax: phone(c.fax),
    PrimaryEmailAddr: c.email === undefined ? undefined : { Address: c.email },
  });
}

/** An Invoice. */
export function invoiceJson(co: Company, inv: QboInvoice): Json {
  const customer = co.customers.get(inv.customerId);
  const lines: Json[] = inv.lines.map((l, i) => ({
    Id: String(i + 1),
    LineNum: i + 1,
    Description: l.description,
    Amount: money(inv.voided ? 0 : l.amountPence),
    DetailType: "SalesItemLineDetail",
    SalesItemLineDetail: {
      ItemRef: { value: "1", name: "Services" },
      UnitPrice: money(inv.voided ? 0 : l.amountPence),
      Qty: 1,
      TaxCodeRef: { value: "NON" },
    },
  }));
  lines.push({ Amount: money(inv.totalPence), DetailType: "SubTotalLineDetail", SubTotalLineDetail: {} });
  return compact({
    AllowIPNPayment: false,
    AllowOnlinePayment: false,
    AllowOnlineCreditCardPayment: false,
    AllowOnlineACHPayment: false,
    domain: "QBO",
    sparse: false,
    Id: inv.id,
    SyncToken: String(inv.syncToken),
    MetaData: metaData(inv.createdAt, inv.updatedAt),
    CustomField: inv.customFields.map((f) => ({
      DefinitionId: f.definitionId,
      Name: f.name,
      Type: "StringType",
      StringValue: f.value,
    })),
    DocNumber: inv.docNumber,
    TxnDate: inv.txnDate,
    CurrencyRef: currencyRef(inv.currency),
    PrivateNote: inv.privateNote,
    LinkedTxn: inv.linked.map((l) => ({ TxnId: l.txnId, TxnType: l.txnType })),
    Line: lines,
    TxnTaxDetail: { TotalTax: 0 },
    CustomerRef: { value: inv.customerId, name: customer?.displayName ?? "" },
    DueDate: inv.dueDate,
    TotalAmt: money(inv.totalPence),
    ApplyTaxAfterDiscount: false,
    PrintStatus: "NotSet",
    EmailStatus: "NotSet",
    Balance: money(inv.balancePence),
  });
}

/** A Payment. */
export function paymentJson(co: Company, p: QboPayment): Json {
  const customer = co.customers.get(p.customerId);
  return compact({
    CustomerRef: { value: p.customerId, name: customer?.displayName ?? "" },
    DepositToAccountRef: { value: p.depositAccountId },
    PaymentRefNum: p.paymentRefNum,
    TotalAmt: money(p.totalPence),
    UnappliedAmt: money(p.unappliedPence),
    ProcessPayment: false,
    domain: "QBO",
    sparse: false,
    Id: p.id,
    SyncToken: String(p.syncToken),
    MetaData: metaData(p.createdAt, p.updatedAt),
    TxnDate: p.txnDate,
    CurrencyRef: currencyRef(p.currency),
    PrivateNote: p.privateNote,
    Line: p.lines.map((l) => ({
      Amount: money(l.amountPence),
      LinkedTxn: [{ TxnId: l.invoiceId, TxnType: "Invoice" }],
    })),
  });
}

/** An Account. */
export function accountJson(a: QboAccount): Json {
  return compact({
    Name: a.name,
    SubAccount: false,
    FullyQualifiedName: a.name,
    Active: a.active,
    Classification: a.classification,
    AccountType: a.accountType,
    AccountSubType: a.accountSubType,
    AcctNum: a.acctNum,
    CurrentBalance: money(a.currentBalancePence),
    CurrentBalanceWithSubAccounts: money(a.currentBalancePence),
    CurrencyRef: currencyRef(a.currency),
    domain: "QBO",
    sparse: false,
    Id: a.id,
    SyncToken: String(a.syncToken),
    MetaData: metaData(a.createdAt, a.updatedAt),
  });
}

/** CompanyInfo (Id "1"). */
export function companyInfoJson(co: Company): Json {
  const addr = {
    Id: "1",
    Line1: "1 Quarry Lane",
    City: "Buxton",
    Country: co.country,
    PostalCode: "SK17 9AA",
  };
  return {
    CompanyName: co.name,
    LegalName: co.legalName,
    CompanyAddr: addr,
    CustomerCommunicationAddr: addr,
    LegalAddr: addr,
    PrimaryPhone: { FreeFormNumber: "01298 000000" },
    CompanyStartDate: co.startDate,
    FiscalYearStartMonth: "April",
    Country: co.country,
    Email: { Address: "accounts@example.test" },
    WebAddr: {},
    SupportedLanguages: "en",
    NameValue: [
      { Name: "NeoEnabled", Value: "true" },
      { Name: "OfferingSku", Value: "QuickBooks Online Plus" },
      { Name: "IsQbdtMigrated", Value: "false" },
    ],
    domain: "QBO",
    sparse: false,
    Id: "1",
    SyncToken: "0",
    MetaData: metaData(co.createdAt, co.updatedAt),
  };
}

/** Preferences (Id "1"): home currency, multicurrency, custom transaction numbers. */
export function preferencesJson(co: Company): Json {
  return {
    AccountingInfoPrefs: {
      TrackDepartments: false,
      ClassTrackingPerTxn: false,
      CustomerTerminology: "Customers",
    },
    SalesFormsPrefs: { CustomTxnNumbers: co.customTxnNumbers, AllowDeposit: false, AllowDiscount: false },
    CurrencyPrefs: { MultiCurrencyEnabled: co.multiCurrency, HomeCurrency: { value: co.currency } },
    domain: "QBO",
    sparse: false,
    Id: "1",
    SyncToken: "0",
    MetaData: metaData(co.createdAt, co.updatedAt),
  };
}
