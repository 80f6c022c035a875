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

/** The order's lines still on it: a line an approver took out was never ordered. */
export function orderLinesOf(db: Database, supplierOrderId: string): Promise<OrderLineRow[]> {
  return db
    .select()
    .from(requisitionLines)
    .where(and(eq(requisitionLines.supplierOrderId, supplierOrderId), isNull(requisitionLines.rejectedReason)))
    .orderBy(asc(requisitionLines.itemCode));
}

export async function receiptSummary(db: Database, supplierOrderId: string): Promise<{ lines: OrderLineRow[]; summary: LineReceipt[] }> {
  const [lines, entries] = await Promise.all([
    orderLinesOf(db, supplierOrderId),
    db
      .select({ lineId: receiptLines.requisitionLineId, quantityReceived: receiptLines.quantityReceived, quantityRejected: receiptLines.quantityRejected })
      .from(receiptLines)
      .innerJoin(receipts, eq(receipts.id, receiptLines.receiptId))
      .where(eq(receipts.supplierOrderId, supplierOrderId)),
  ]);
  return {
    lines,
    summary: summariseReceipts(
      lines.map((l) => ({ lineId: l.id, ordered: l.quantity })),
      entries,
    ),
  };
}
