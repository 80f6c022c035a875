import { describe, expect, it } from "vitest";
import { chooseInvoiceOrder, invoiceDay, readExtractedInvoice, type InvoiceOrderCandidate } from "./invoice-reading";

describe("an invoice date as Hypatos extracts it", () => {
  it("reads ISO days and European day-first dates, and refuses days that do not exist", () => {
    expect(invoiceDay("2026-11-30")).toBe("2026-11-30");
    expect(invoiceDay(" 3.12.2026 ")).toBe("2026-12-03");
    expect(invoiceDay("31/01/2027")).toBe("2027-01-31");
    expect(invoiceDay("31.02.2026")).toBeNull();
    expect(invoiceDay("12/31/2026")).toBeNull();
    expect(invoiceDay("")).toBeNull();
  });
});

describe("reading an extracted invoice", () => {
  const complete = {
    number: "INV-7",
    date: "2026-12-01",
    supplierName: "Hygrade Supply Co.",
    purchaseOrderNumber: "PO-1",
    currency: "usd",
    netAmount: 98,
    taxAmount: 7.84,
    totalAmount: 105.84,
    items: [
      { itemCode: "FM-0014-LT", name: "Nitrile gloves", qty: 4, unitPrice: 24.5, total: 98 },
      { itemCode: "SKU-2", name: "Tape", qty: 1, unitPrice: 0 },
    ],
  };

  it("turns amounts into minor units of the invoice's currency, and a missing line total into quantity times price", () => {
    const reading = readExtractedInvoice(complete, "EUR");
    expect(reading.kind).toBe("read");
    if (reading.kind !== "read") return;
    expect(reading.invoice.currency).toBe("USD");
    expect(reading.invoice.lines[0]).toMatchObject({ quantity: 4, unitPrice: { amount: 2450, currency: "USD" }, lineTotal: { amount: 9800 } });
    expect(reading.invoice.lines[1]!.lineTotal).toEqual({ amount: 0, currency: "USD" });
    expect(reading.invoice.total).toEqual({ amount: 10584, currency: "USD" });
    expect(reading.invoice.orderReference).toBe("PO-1");
  });

  it("takes the order's currency when the invoice names none, and sums the lines when there is no net amount", () => {
    const reading = readExtractedInvoice({ ...complete, currency: null, netAmount: null }, "JPY");
    expect(reading.kind === "read" && reading.invoice.net).toEqual({ amount: 98, currency: "JPY" });
  });

  it("names everything it could not read, in one sentence", () => {
    const reading = readExtractedInvoice(
      { ...complete, number: " ", date: "soon", totalAmount: null, items: [{ name: "Gloves", qty: 1.5, unitPrice: 2 }] },
      "USD",
    );
    expect(reading).toEqual({
      kind: "incomplete",
      missing: ["the invoice number", 'the invoice date ("soon" is not a date)', "line 1's quantity", "the invoice total"],
      problem: `Hypatos could not read the invoice number, the invoice date ("soon" is not a date), line 1's quantity and the invoice total.`,
    });
  });

  it("says an invoice with no lines has none", () => {
    const reading = readExtractedInvoice({ ...complete, items: [] }, "USD");
    expect(reading.kind === "incomplete" && reading.problem).toBe("Hypatos could not read any invoice line.");
  });
});

describe("choosing the order an invoice belongs to", () => {
  const hygrade: InvoiceOrderCandidate = { supplierOrderId: "h", supplierName: "Hygrade", poNumber: "PO-1", supplierOrderRef: "HG-9", label: "REQ-1001" };
  const yodify: InvoiceOrderCandidate = { supplierOrderId: "y", supplierName: "Yodify", poNumber: "PO-1", supplierOrderRef: "Y-3", label: "REQ-1001" };
  const other: InvoiceOrderCandidate = { supplierOrderId: "o", supplierName: "Hygrade", poNumber: "PO-2", supplierOrderRef: "PO-1", label: "REQ-1002" };

  it("takes the order whose PO number it quotes, ignoring case and spaces around it", () => {
    expect(chooseInvoiceOrder(" po-2 ", null, [hygrade, other])).toEqual({ kind: "order", supplierOrderId: "o" });
  });

  it("prefers a PO number over another order's supplier reference that happens to read the same", () => {
    expect(chooseInvoiceOrder("PO-1", null, [hygrade, other])).toEqual({ kind: "order", supplierOrderId: "h" });
  });

  it("falls back to the supplier's order reference when no PO number matches", () => {
    expect(chooseInvoiceOrder("Y-3", null, [hygrade, yodify])).toEqual({ kind: "order", supplierOrderId: "y" });
  });

  it("narrows a PO number several suppliers share by the supplier named on the invoice", () => {
    expect(chooseInvoiceOrder("PO-1", "YODIFY Ltd.", [hygrade, yodify])).toEqual({ kind: "order", supplierOrderId: "y" });
  });

  it("leaves it to a person, saying why, when nothing or more than one order fits", () => {
    expect(chooseInvoiceOrder(null, "Hygrade", [hygrade])).toEqual({
      kind: "unlinked",
      problem: "The invoice quotes no PO number or order reference. Choose its order.",
    });
    expect(chooseInvoiceOrder("PO-404", null, [hygrade])).toEqual({
      kind: "unlinked",
      problem: 'No placed order has PO number or order reference "PO-404". Choose its order.',
    });
    expect(chooseInvoiceOrder("PO-1", "Acme Wholesale", [hygrade, yodify])).toEqual({
      kind: "unlinked",
      problem: '"PO-1" is quoted by several orders: REQ-1001 (Hygrade), REQ-1001 (Yodify). Choose its order.',
    });
  });
});
