/**
 * What the Hypatos sandbox knows before anyone calls it: one API client with every scope the portal uses, one project
 * and one company (Hypatos ids are 24-hex), and how it reads an invoice PDF. Hypatos extracts with its own models; the
 * sandbox reads the text layer with unpdf and expects the layout the tests (and the demo) write with pdf-lib:
 *
 *   Invoice number: INV-1001
 *   Invoice date: 2026-12-01
 *   Supplier: Hygrade Supplies Ltd
 *   PO number: PO-2026-0001
 *   Currency: EUR
 *   Line: HG-100 | Copy paper A4 | 10 | 4.50 | 45.00      (item code | description | quantity | unit price | line total)
 *   Net: 45.00
 *   Tax: 9.00
 *   Total: 54.00
 */
import { extractText, getDocumentProxy } from "unpdf";

export const HYPATOS_SANDBOX_CLIENT_ID = "portal-sandbox-client";
export const HYPATOS_SANDBOX_CLIENT_SECRET = "hy-sandbox-secret-2026";
export const HYPATOS_SANDBOX_PROJECT_ID = "64a1f0c2e4b0a1b2c3d4e5f6";
export const HYPATOS_SANDBOX_COMPANY_ID = "64a1f0c2e4b0a1b2c3d4e5f7";

export const HYPATOS_SCOPES = [
  "enrichment.write",
  "enrichment.delete",
  "enrichment.read",
  "files.write",
  "files.read",
  "documents.read",
  "documents.write",
  "companies.read",
  "projects.read",
] as const;
export type HypatosScope = (typeof HYPATOS_SCOPES)[number];

/** The Document's `entities` as this sandbox's project schema shapes them. Amounts are numbers in major units, as Hypatos sends them. */
export interface ExtractedInvoice {
  number: string | null;
  date: string | null;
  supplierName: string | null;
  purchaseOrderNumber: string | null;
  currency: string | null;
  netAmount: number | null;
  taxAmount: number | null;
  totalAmount: number | null;
  items: { itemCode: string | null; name: string; qty: number; unitPrice: number; total: number }[];
}

const field = (text: string, label: string): string | null => {
  const match = new RegExp(`^\\s*${label}\\s*:[ \\t]*(.+?)\\s*$`, "m").exec(text);
  return match?.[1]?.trim() || null;
};
const amount = (text: string, label: string): number | null => {
  const match = new RegExp(`^\\s*${label}\\s*:\\s*(-?\\d+(?:\\.\\d+)?)`, "m").exec(text);
  return match?.[1] !== undefined ? Number(match[1]) : null;
};

/** Reads the invoice layout above from a text layer; what is missing is null, as a real extraction leaves it. */
export function parseInvoiceText(text: string): ExtractedInvoice {
  const items: ExtractedInvoice["items"] = [];
  const linePattern = /Line\s*:\s*([^|\n]*?)\s*\|\s*([^|\n]+?)\s*\|\s*(-?\d+(?:\.\d+)?)\s*\|\s*(-?\d+(?:\.\d+)?)\s*\|\s*(-?\d+(?:\.\d+)?)/g;
  for (const m of text.matchAll(linePattern)) {
    items.push({ itemCode: m[1]?.trim() || null, name: (m[2] ?? "").trim(), qty: Number(m[3]), unitPrice: Number(m[4]), total: Number(m[5]) });
  }
  return {
    number: field(text, "Invoice number"),
    date: field(text, "Invoice date"),
    supplierName: field(text, "Supplier"),
    purchaseOrderNumber: field(text, "PO number"),
    currency: field(text, "Currency"),
    netAmount: amount(text, "Net"),
    taxAmount: amount(text, "Tax"),
    totalAmount: amount(text, "Total"),
    items,
  };
}

/** The text of a PDF, one line per line of the page (unpdf joins a page's text items; lines drawn apart end with a newline). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

/** What a file's first bytes say it is; Hypatos takes PDF, JPEG, PNG and TIFF. */
export function sniffFileType(bytes: Uint8Array): "application/pdf" | "image/jpeg" | "image/png" | "image/tiff" | null {
  const b = bytes;
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return "application/pdf";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a)) return "image/tiff";
  return null;
}
