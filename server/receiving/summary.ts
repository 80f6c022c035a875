/**
 * What a supplier order's receipts add up to, read from the stored receipts and summed by the one rule
 * (server/domain/receipts.ts). Apart from receipts.ts so that the three-way match reads the same figures without
 * importing the use cases that write them.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { receiptLines, receipts, requisitionLines } from "@/db/schema";
import { summariseReceipts, type LineReceipt } from "@/server/domain/receipts";

export type OrderLineRow = typeof requisitionLines.$inferSelect;

/** A supplier order by its id and its company, so every read of its lines names the company. */
export type SupplierOrderRef = { id: string; companyId: string };

/** The order's lines still on it: a line an approver took out was never ordered. */
export function orderLinesOf(db: Database, order: SupplierOrderRef): Promise<OrderLineRow[]> {
  return db
    .select()
    .from(requisitionLines)
    .where(and(eq(requisitionLines.companyId, order.companyId), eq(requisitionLines.supplierOrderId, order.id), isNull(requisitionLines.rejectedReason)))
    .orderBy(asc(requisitionLines.itemCode));
}

export async function receiptSummary(db: Database, order: SupplierOrderRef): Promise<{ lines: OrderLineRow[]; summary: LineReceipt[] }> {
  const [lines, entries] = await Promise.all([
    orderLinesOf(db, order),
    db
      .select({ lineId: receiptLines.requisitionLineId, quantityReceived: receiptLines.quantityReceived, quantityRejected: receiptLines.quantityRejected })
      .from(receiptLines)
      .innerJoin(receipts, and(eq(receipts.id, receiptLines.receiptId), eq(receipts.companyId, receiptLines.companyId)))
      .where(and(eq(receiptLines.companyId, order.companyId), eq(receipts.supplierOrderId, order.id))),
  ]);
  return {
    lines,
    summary: summariseReceipts(
      lines.map((l) => ({ lineId: l.id, ordered: l.quantity })),
      entries,
    ),
  };
}
