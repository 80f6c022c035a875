/**
 * The purchase order document for a supplier whose API takes no orders (Orderspace): the facts from the database
 * (what was approved, for whom, where to) and the PDF made from them with pdf-lib. Rendered on demand from the stored
 * facts, so the document downloaded later is the one that was sent.
 */
import { and, eq, isNull } from "drizzle-orm";
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { Database } from "@/db/client";
import { companies, costCenters, purchaseOrders, requisitionLines, requisitions, supplierConnections, supplierOrders, users } from "@/db/schema";
import type { ShipToSnapshot } from "@/common/suppliers";
import { formatMoney, money, type Money } from "@/server/domain/money";
import type { ActorContext } from "@/server/actor";
import { notFound } from "@/server/errors";
import { loadVisibleRequisition } from "./access";

export interface PurchaseOrderFacts {
  purchaseOrderId: string;
  supplierOrderId: string;
  poNumber: string;
  requisitionNumber: number;
  requisitionId: string;
  buyer: { company: string; requester: string; requesterEmail: string };
  supplierName: string;
  supplierAccount: string;
  costCenter: { code: string; name: string };
  shipTo: ShipToSnapshot;
  lines: { itemCode: string; description: string; quantity: number; unitPrice: Money; lineTotal: Money }[];
  total: Money;
  paymentTerms: string | null;
  issuedAt: Date;
  emailTo: string | null;
  emailedAt: Date | null;
}

/** The purchase order of one of a company's supplier orders; another company's is "not found". */
export async function loadPurchaseOrder(db: Database, companyId: string, supplierOrderId: string): Promise<PurchaseOrderFacts> {
  const [row] = await db
    .select({
      po: purchaseOrders,
      order: supplierOrders,
      requisition: requisitions,
      company: companies.name,
      connection: supplierConnections,
      center: { code: costCenters.code, name: costCenters.name },
      requester: { name: users.name, email: users.email },
    })
    .from(purchaseOrders)
    .innerJoin(supplierOrders, eq(supplierOrders.id, purchaseOrders.supplierOrderId))
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(companies, eq(companies.id, supplierOrders.companyId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .innerJoin(users, eq(users.id, requisitions.requesterId))
    .where(and(eq(purchaseOrders.supplierOrderId, supplierOrderId), eq(purchaseOrders.companyId, companyId)));
  if (!row) throw notFound("That purchase order");
  const lines = await db
    .select()
    .from(requisitionLines)
    .where(and(eq(requisitionLines.companyId, companyId), eq(requisitionLines.supplierOrderId, supplierOrderId), isNull(requisitionLines.rejectedReason)));
  const currency = row.order.currency;
  return {
    purchaseOrderId: row.po.id,
    supplierOrderId,
    poNumber: row.po.poNumber,
    requisitionNumber: row.requisition.number,
    requisitionId: row.requisition.id,
    buyer: { company: row.company, requester: row.requester.name, requesterEmail: row.requester.email },
    supplierName: row.connection.displayName,
    supplierAccount: row.connection.accountId,
    costCenter: row.center,
    shipTo: row.order.shipTo,
    lines: lines.map((l) => ({
      itemCode: l.itemCode,
      description: l.name,
      quantity: l.quantity,
      unitPrice: money(l.unitPriceMinor, l.currency),
      lineTotal: money(l.lineTotalMinor, l.currency),
    })),
    total: money(
      lines.reduce((sum, l) => sum + l.lineTotalMinor, 0),
      currency,
    ),
    paymentTerms: row.po.paymentTerms,
    issuedAt: row.po.issuedAt,
    emailTo: row.po.emailTo,
    emailedAt: row.po.emailedAt,
  };
}

/** The standard PDF fonts speak WinAnsi: anything else would stop the document, so it is shown as "?". */
const printable = (text: string) =>
  text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/[^\x20-\x7e\xa0-\xff]/g, "?");

export const purchaseOrderFilename = (facts: Pick<PurchaseOrderFacts, "poNumber" | "requisitionNumber">) =>
  `purchase-order-${facts.poNumber.replace(/[^A-Za-z0-9_-]+/g, "-")}-REQ-${facts.requisitionNumber}.pdf`;

export async function renderPurchaseOrderPdf(facts: PurchaseOrderFacts): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Purchase order ${facts.poNumber}`);
  pdf.setAuthor(facts.buyer.company);
  pdf.setSubject(`REQ-${facts.requisitionNumber} for ${facts.supplierName}`);
  pdf.setCreationDate(facts.issuedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const margin = 50;
  let page = pdf.addPage([612, 792]);
  let y = 742;
  const write = (text: string, x: number, options: { font?: PDFFont; size?: number; at?: PDFPage } = {}) =>
    (options.at ?? page).drawText(printable(text), { x, y, size: options.size ?? 10, font: options.font ?? regular, color: rgb(0.1, 0.1, 0.1) });
  const right = (text: string, edge: number, font: PDFFont = regular, size = 10) =>
    write(text, edge - font.widthOfTextAtSize(printable(text), size), { font, size });
  const next = (gap = 14) => {
    y -= gap;
    if (y < margin + 40) {
      page = pdf.addPage([612, 792]);
      y = 742;
    }
  };
  const date = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(facts.issuedAt);

  write("PURCHASE ORDER", margin, { font: bold, size: 18 });
  right(`PO number ${facts.poNumber}`, 562, bold, 12);
  next(22);
  write(facts.buyer.company, margin, { font: bold });
  right(`Date ${date}`, 562);
  next();
  write(`Requisition REQ-${facts.requisitionNumber}, requested by ${facts.buyer.requester} (${facts.buyer.requesterEmail})`, margin);
  next();
  write(`Cost center ${facts.costCenter.code} ${facts.costCenter.name}`, margin);
  next(24);

  write("Supplier", margin, { font: bold });
  write("Ship to", 320, { font: bold });
  next();
  const ship = facts.shipTo;
  const shipLines = [
    ship.label,
    ship.attention ? `Attn: ${ship.attention}` : null,
    ship.street1,
    ship.street2,
    `${ship.city}, ${ship.region} ${ship.postalCode}`,
    ship.country,
  ].filter((l): l is string => !!l && l.trim() !== "");
  const supplierLines = [facts.supplierName, `Customer account ${facts.supplierAccount}`];
  for (let i = 0; i < Math.max(shipLines.length, supplierLines.length); i++) {
    if (supplierLines[i]) write(supplierLines[i]!, margin);
    if (shipLines[i]) write(shipLines[i]!, 320);
    next();
  }
  next(10);

  const columns = { sku: margin, description: 140, quantity: 400, unit: 480, total: 562 };
  write("SKU", columns.sku, { font: bold });
  write("Description", columns.description, { font: bold });
  right("Qty", columns.quantity + 20, bold);
  right("Unit price", columns.unit + 20, bold);
  right("Total", columns.total, bold);
  next(6);
  page.drawLine({ start: { x: margin, y }, end: { x: 562, y }, thickness: 0.5, color: rgb(0.5, 0.5, 0.5) });
  next(12);
  for (const line of facts.lines) {
    write(line.itemCode, columns.sku, { size: 9 });
    const description = line.description.length > 48 ? `${line.description.slice(0, 47)}...` : line.description;
    write(description, columns.description, { size: 9 });
    right(String(line.quantity), columns.quantity + 20, regular, 9);
    right(formatMoney(line.unitPrice), columns.unit + 20, regular, 9);
    right(formatMoney(line.lineTotal), columns.total, regular, 9);
    next(13);
  }
  page.drawLine({ start: { x: 380, y: y + 6 }, end: { x: 562, y: y + 6 }, thickness: 0.5, color: rgb(0.5, 0.5, 0.5) });
  next(4);
  right(`Total ${formatMoney(facts.total)} (${facts.total.currency}, before tax and shipping)`, 562, bold);
  next(24);
  write(`Payment terms: ${facts.paymentTerms ?? "as agreed on the customer account"}`, margin);
  next();
  write(`Please enter this order with customer PO number ${facts.poNumber}, so our portal can match it.`, margin);
  next();
  write("Questions about this order: reply to the email it came with, or to the requester above.", margin, { size: 9 });
  return pdf.save();
}

/** The PDF for whoever may see the requisition (its requester, approvers and admins); anyone else is told "not found". */
export async function purchaseOrderPdfFor(ctx: ActorContext, input: { supplierOrderId: string }): Promise<{ filename: string; pdfBase64: string }> {
  const facts = await loadPurchaseOrder(ctx.db, ctx.companyId, input.supplierOrderId);
  await loadVisibleRequisition(ctx, facts.requisitionId);
  const pdf = await renderPurchaseOrderPdf(facts);
  return { filename: purchaseOrderFilename(facts), pdfBase64: Buffer.from(pdf).toString("base64") };
}
