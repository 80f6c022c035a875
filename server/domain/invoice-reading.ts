/**
 * What an accounts-payable service read from a supplier's invoice file, turned into an invoice the portal can match,
 * and which order it belongs to. Pure: the use case (server/accounts-payable/invoice-documents.ts) reads the document and
 * the candidate orders; these rules decide.
 */
import { decimalToMinor, type Money } from "./money";

/** The entities as extracted: any field may be missing from a poor scan. Amounts are decimal major units. */
export interface ExtractedInvoiceEntities {
  number?: string | null;
  date?: string | null;
  supplierName?: string | null;
  purchaseOrderNumber?: string | null;
  currency?: string | null;
  netAmount?: number | null;
  taxAmount?: number | null;
  totalAmount?: number | null;
  items?: { itemCode?: string | null; name?: string | null; qty?: number | null; unitPrice?: number | null; total?: number | null }[] | null;
}

export interface ReadInvoiceLine {
  itemCode: string | null;
  description: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
}

export interface ReadInvoice {
  number: string;
  invoiceDate: string;
  currency: string;
  /** What the invoice names its order by: the buyer's PO number, or the supplier's own order reference. */
  orderReference: string | null;
  supplierName: string | null;
  lines: ReadInvoiceLine[];
  net: Money;
  total: Money;
}

export type InvoiceReading = { kind: "read"; invoice: ReadInvoice } | { kind: "incomplete"; problem: string; missing: string[] };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EUROPEAN_DAY = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;

/** An invoice date as a calendar day; "31.12.2026" is read as day first, the way European invoices print it. */
export function invoiceDay(text: string | null | undefined): string | null {
  const value = text?.trim() ?? "";
  const iso = ISO_DAY.exec(value);
  const european = EUROPEAN_DAY.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : european ? [european[3], european[2], european[1]] : [];
  if (!y || !m || !d) return null;
  const day = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? null : day;
}

const positive = (n: number | null | undefined): n is number => typeof n === "number" && Number.isFinite(n) && n > 0;
const amount = (n: number | null | undefined): n is number => typeof n === "number" && Number.isFinite(n);

/**
 * The invoice the entities describe, or what is missing from them, in words an accounts-payable person reads. An invoice
 * without a currency is in the order's (`orderCurrency`); lines without a total are quantity times unit price.
 */
export function readExtractedInvoice(entities: ExtractedInvoiceEntities, orderCurrency: string): InvoiceReading {
  const missing: string[] = [];
  const number = entities.number?.trim() || null;
  if (!number) missing.push("the invoice number");
  const invoiceDate = invoiceDay(entities.date);
  if (!invoiceDate) missing.push(entities.date ? `the invoice date ("${entities.date}" is not a date)` : "the invoice date");
  const currency = (entities.currency?.trim() || orderCurrency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) missing.push(`the currency ("${currency}" is not a currency code)`);
  const items = entities.items ?? [];
  if (items.length === 0) missing.push("any invoice line");
  const lines: ReadInvoiceLine[] = [];
  items.forEach((item, i) => {
    const which = `line ${i + 1}`;
    const description = item.name?.trim() || item.itemCode?.trim() || "";
    if (!description) missing.push(`${which}'s description`);
    if (!positive(item.qty) || !Number.isInteger(item.qty)) missing.push(`${which}'s quantity`);
    if (!amount(item.unitPrice)) missing.push(`${which}'s unit price`);
    if (missing.length > 0 || !positive(item.qty) || !amount(item.unitPrice)) return;
    const unitPrice = decimalToMinor(item.unitPrice, currency);
    const lineTotal = amount(item.total) ? decimalToMinor(item.total, currency) : { amount: unitPrice.amount * item.qty, currency };
    lines.push({ itemCode: item.itemCode?.trim() || null, description, quantity: item.qty, unitPrice, lineTotal });
  });
  if (!amount(entities.totalAmount)) missing.push("the invoice total");
  if (missing.length > 0 || !number || !invoiceDate || !amount(entities.totalAmount)) {
    return { kind: "incomplete", missing, problem: `Hypatos could not read ${joinWords(missing)}.` };
  }
  const net = amount(entities.netAmount)
    ? decimalToMinor(entities.netAmount, currency)
    : { amount: lines.reduce((n, l) => n + l.lineTotal.amount, 0), currency };
  return {
    kind: "read",
    invoice: {
      number,
      invoiceDate,
      currency,
      orderReference: entities.purchaseOrderNumber?.trim() || null,
      supplierName: entities.supplierName?.trim() || null,
      lines,
      net,
      total: decimalToMinor(entities.totalAmount, currency),
    },
  };
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** A placed order an invoice could belong to. */
export interface InvoiceOrderCandidate {
  supplierOrderId: string;
  supplierName: string;
  poNumber: string;
  supplierOrderRef: string | null;
  /** REQ-1001, for the sentence that asks a person to choose. */
  label: string;
}

export type InvoiceOrderChoice = { kind: "order"; supplierOrderId: string } | { kind: "unlinked"; problem: string };

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** "Hygrade Supply Co." names Hygrade's order: either name contains the other once case and punctuation are set aside. */
function sameSupplier(invoiceSupplier: string, connectionName: string): boolean {
  const a = squash(invoiceSupplier);
  const b = squash(connectionName);
  return a.length > 0 && b.length > 0 && (a.includes(b) || b.includes(a));
}

/**
 * The order an invoice belongs to: the one whose PO number it quotes, or, where the PO number is missing (or names no
 * order), the one whose supplier order reference it quotes. A PO number shared by several suppliers' orders (one
 * requisition, several suppliers) is narrowed by the supplier named on the invoice. Anything else is left for a person.
 */
export function chooseInvoiceOrder(reference: string | null, supplierName: string | null, candidates: InvoiceOrderCandidate[]): InvoiceOrderChoice {
  if (!reference) return { kind: "unlinked", problem: "The invoice quotes no PO number or order reference. Choose its order." };
  const wanted = reference.trim().toLowerCase();
  const byPo = candidates.filter((c) => c.poNumber.trim().toLowerCase() === wanted);
  const byRef = candidates.filter((c) => c.supplierOrderRef !== null && c.supplierOrderRef.trim().toLowerCase() === wanted);
  const pool = byPo.length > 0 ? byPo : byRef;
  if (pool.length === 0) return { kind: "unlinked", problem: `No placed order has PO number or order reference "${reference}". Choose its order.` };
  if (pool.length === 1) return { kind: "order", supplierOrderId: pool[0]!.supplierOrderId };
  const ofSupplier = supplierName ? pool.filter((c) => sameSupplier(supplierName, c.supplierName)) : [];
  if (ofSupplier.length === 1) return { kind: "order", supplierOrderId: ofSupplier[0]!.supplierOrderId };
  const names = [...new Set(pool.map((c) => `${c.label} (${c.supplierName})`))].join(", ");
  return { kind: "unlinked", problem: `"${reference}" is quoted by several orders: ${names}. Choose its order.` };
}
