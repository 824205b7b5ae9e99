// Records → Xero JSON. Field names, value forms and which fields appear in which view follow Xero:
// "full" = a single record or a paged list (Xero adds Balances, MergedToContactID, LineItems there),
// "list" = an unpaged list (lighter), "summary" = summaryOnly=true (lightest, no computed fields).
// @see https://developer.xero.com/documentation/api/accounting/contacts
// @see https://developer.xero.com/documentation/api/accounting/invoices

import { type ContactBalances, NO_BALANCES } from "./balances.ts";
import { allocatedTo } from "./credits.ts";
import { money, msDate, msDateOfDay } from "./format.ts";
import {
  type AccountRecord,
  amountDue,
  type ContactRecord,
  type InvoiceRecord,
  type OrgData,
  type PaymentRecord,
} from "./model.ts";

/** Which shape of a record to emit. */
export type View = "full" | "list" | "summary";

type Json = Record<string, unknown>;

/** Drops undefined members so they are absent from the JSON, as Xero omits unset fields. */
function compact(o: Json): Json {
  // Copying beats `delete`, which pushes V8 objects into slow dictionary mode (matters at 50,000 invoices).
  const out: Json = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A contact as Xero emits it; `balances` is used in the "full" view only. */
export function contactJson(c: ContactRecord, view: View, balances?: ContactBalances): Json {
  const base = compact({
    ContactID: c.contactId,
    ContactNumber: c.contactNumber,
    AccountNumber: c.accountNumber,
    ContactStatus: c.status,
    Name: c.name,
    FirstName: c.firstName,
    LastName: c.lastName,
    EmailAddress: c.emailAddress,
    XeroNetworkKey: c.xeroNetworkKey,
    IsSupplier: c.isSupplier,
    IsCustomer: c.isCustomer,
    DefaultCurrency: c.defaultCurrency,
    UpdatedDateUTC: msDate(c.updatedAt),
  });
  if (view === "summary") return { ...base, HasValidationErrors: false };
  const detail: Json = {
    ...base,
    BankAccountDetails: "",
    Addresses: [
      compact({ AddressType: "POBOX", City: c.city ?? "", PostalCode: c.postalCode ?? "", Country: "" }),
      { AddressType: "STREET", City: "", Region: "", PostalCode: "", Country: "" },
    ],
    Phones: [
      { PhoneType: "DEFAULT", PhoneNumber: c.phone ?? "", PhoneAreaCode: "", PhoneCountryCode: "" },
      { PhoneType: "MOBILE", PhoneNumber: "", PhoneAreaCode: "", PhoneCountryCode: "" },
    ],
    ContactGroups: [],
    HasAttachments: false,
    HasValidationErrors: false,
  };
  if (view === "list") return detail;
  const b = balances ?? NO_BALANCES;
  return compact({
    ...detail,
    MergedToContactID: c.mergedToContactId,
    ContactPersons: [],
    Balances: {
      AccountsReceivable: {
        Outstanding: money(b.receivableOutstanding),
        Overdue: money(b.receivableOverdue),
      },
      AccountsPayable: { Outstanding: money(b.payableOutstanding), Overdue: money(b.payableOverdue) },
    },
  });
}

/** The short payment entry Xero nests in an invoice's Payments array. */
function invoicePaymentJson(p: PaymentRecord): Json {
  return compact({
    PaymentID: p.paymentId,
    Date: msDateOfDay(p.date),
    Amount: money(p.amount),
    Reference: p.reference,
    CurrencyRate: 1,
    HasAccount: false,
    HasValidationErrors: false,
  });
}

/** An invoice as Xero emits it. */
export function invoiceJson(org: OrgData, inv: InvoiceRecord, view: View): Json {
  const contact = org.contacts.get(inv.contactId);
  const base: Json = compact({
    Type: inv.type,
    InvoiceID: inv.invoiceId,
    InvoiceNumber: inv.invoiceNumber,
    Reference: inv.reference,
    AmountDue: money(amountDue(inv)),
    AmountPaid: money(inv.amountPaid),
    AmountCredited: money(inv.amountCredited),
    CurrencyRate: 1,
    IsDiscounted: false,
    HasAttachments: false,
    HasErrors: false,
    Contact: compact({ ContactID: inv.contactId, Name: contact?.name }),
    Date: msDateOfDay(inv.date),
    DueDate: msDateOfDay(inv.dueDate),
    Status: inv.status,
    LineAmountTypes: inv.lineAmountTypes,
    SubTotal: money(inv.subTotal),
    TotalTax: money(inv.totalTax),
    Total: money(inv.total),
    UpdatedDateUTC: msDate(inv.updatedAt),
    CurrencyCode: inv.currencyCode,
    FullyPaidOnDate: inv.fullyPaidOnDate ? msDateOfDay(inv.fullyPaidOnDate) : undefined,
    SentToContact: inv.sentToContact,
  });
  if (view === "summary") return base;
  const payments = inv.paymentIds
    .map((id) => org.payments.get(id))
    .filter((p): p is PaymentRecord => p?.status === "AUTHORISED")
    .map(invoicePaymentJson);
  const withLinks = {
    ...base,
    Payments: payments,
    CreditNotes: allocatedTo(org, inv.invoiceId, "CREDITNOTE"),
    Prepayments: allocatedTo(org, inv.invoiceId, "PREPAYMENT"),
    Overpayments: allocatedTo(org, inv.invoiceId, "OVERPAYMENT"),
  };
  if (view === "list") return withLinks;
  return {
    ...withLinks,
    LineItems: inv.lineItems.map((l) => ({
      LineItemID: l.lineItemId,
      Description: l.description,
      Quantity: l.quantity,
      UnitAmount: money(l.unitAmount),
      AccountCode: l.accountCode,
      TaxType: l.taxType,
      TaxAmount: money(l.taxAmount),
      LineAmount: money(l.lineAmount),
      Tracking: [],
    })),
  };
}

/** A payment as GET/PUT /Payments return it. */
export function paymentJson(org: OrgData, p: PaymentRecord): Json {
  const inv = org.invoices.get(p.invoiceId);
  const acct = org.accounts.get(p.accountId);
  const contact = inv ? org.contacts.get(inv.contactId) : undefined;
  return compact({
    PaymentID: p.paymentId,
    Date: msDateOfDay(p.date),
    BankAmount: money(p.amount),
    Amount: money(p.amount),
    Reference: p.reference,
    CurrencyRate: 1,
    PaymentType: p.paymentType,
    Status: p.status,
    UpdatedDateUTC: msDate(p.updatedAt),
    HasAccount: true,
    IsReconciled: p.isReconciled,
    Account: acct ? { AccountID: acct.accountId, Code: acct.code } : undefined,
    Invoice: inv
      ? {
          Type: inv.type,
          InvoiceID: inv.invoiceId,
          InvoiceNumber: inv.invoiceNumber,
          Contact: compact({ ContactID: inv.contactId, Name: contact?.name }),
          CurrencyCode: inv.currencyCode,
          IsDiscounted: false,
          HasErrors: false,
        }
      : undefined,
    HasValidationErrors: false,
  });
}

/** A chart-of-accounts entry as GET /Accounts returns it. */
export function accountJson(a: AccountRecord): Json {
  return compact({
    AccountID: a.accountId,
    Code: a.code,
    Name: a.name,
    Status: a.status,
    Type: a.type,
    TaxType: a.taxType,
    Description: a.description,
    Class: a.class,
    EnablePaymentsToAccount: a.enablePaymentsToAccount,
    ShowInExpenseClaims: false,
    BankAccountNumber: a.bankAccountNumber,
    BankAccountType: a.bankAccountType ?? "",
    CurrencyCode: a.currencyCode,
    ReportingCode: a.type === "BANK" ? "ASS.CUR.CAS.CAS" : undefined,
    HasAttachments: false,
    UpdatedDateUTC: msDate(a.updatedAt),
    AddToWatchlist: false,
  });
}

/** The organisation as GET /Organisation returns it. */
export function organisationJson(org: OrgData): Json {
  const uk = org.countryCode === "GB";
  return {
    OrganisationID: org.organisationID,
    Name: org.name,
    LegalName: org.legalName,
    PaysTax: true,
    Version: org.version,
    OrganisationType: org.organisationType,
    BaseCurrency: org.baseCurrency,
    CountryCode: org.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: "ACTIVE",
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 3,
    SalesTaxBasis: uk ? "ACCRUALS" : "ACCRUAL",
    SalesTaxPeriod: "QUARTERLY1",
    DefaultSalesTax: uk ? "20% (VAT on Income)" : "Tax Exclusive",
    DefaultPurchasesTax: uk ? "20% (VAT on Expenses)" : "Tax Exclusive",
    CreatedDateUTC: msDate(org.createdAt),
    OrganisationEntityType: org.organisationType,
    Timezone: org.timezone,
    ShortCode: org.shortCode,
    Edition: "BUSINESS",
    Class: "STANDARD",
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}
