/** A supplier invoice as a real PDF in the layout the sandbox reads (data.ts), for the tests and the demo. */
import { PDFDocument, StandardFonts } from "pdf-lib";

export interface InvoicePdfInput {
  number: string;
  date: string;
  supplierName: string;
  poNumber?: string | null;
  currency: string;
  lines: { itemCode: string; description: string; quantity: number; unitPrice: string; lineTotal: string }[];
  net: string;
  tax: string;
  total: string;
}

export async function invoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const rows = [
    "INVOICE",
    `Invoice number: ${input.number}`,
    `Invoice date: ${input.date}`,
    `Supplier: ${input.supplierName}`,
    ...(input.poNumber ? [`PO number: ${input.poNumber}`] : []),
    `Currency: ${input.currency}`,
    ...input.lines.map((l) => `Line: ${l.itemCode} | ${l.description} | ${l.quantity} | ${l.unitPrice} | ${l.lineTotal}`),
    `Net: ${input.net}`,
    `Tax: ${input.tax}`,
    `Total: ${input.total}`,
  ];
  rows.forEach((text, i) => page.drawText(text, { x: 50, y: 790 - i * 18, size: 11, font }));
  return doc.save();
}
