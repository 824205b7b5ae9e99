// The settings the widget sees follow the provider's fields: a stored choice the provider does
// not have (a Xero default kept from before a QuickBooks connection) shows what is in effect.
import { describe, expect, it } from "vitest";
import { defaultSettings } from "../../worker/tenant/settings.ts";
import { toView } from "../../worker/tenant/settings-view.ts";

const QBO = {
  limitFields: [{ value: "Fax", label: "Fax" }],
  jobMatchFields: [{ value: "InvoiceNumber", label: "Invoice number (DocNumber)" }],
};
const XERO = {
  limitFields: [
    { value: "XeroNetworkKey", label: "Xero Network Key" },
    { value: "TaxNumber", label: "Tax number" },
  ],
  jobMatchFields: [
    { value: "Reference", label: "Reference" },
    { value: "InvoiceNumber", label: "Invoice number" },
  ],
};

describe("settings view", () => {
  it("shows the provider's own field when the stored one is not offered", () => {
    const stored = defaultSettings("5", { limitField: "XeroNetworkKey", jobMatchField: "Reference" });
    const view = toView(stored, undefined, QBO);
    expect(view.jobMatchField).toBe("InvoiceNumber");
    expect(view.limitField).toBe("Fax");
    expect(view.options).toEqual(QBO);
  });

  it("keeps a stored choice the provider offers", () => {
    const stored = defaultSettings("5", { limitField: "TaxNumber", jobMatchField: "InvoiceNumber" });
    const view = toView(stored, undefined, XERO);
    expect([view.jobMatchField, view.limitField]).toEqual(["InvoiceNumber", "TaxNumber"]);
  });
});
