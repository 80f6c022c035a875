/**
 * Sending one approved supplier order to its supplier, as the outbox worker asks: with the supplier order's own id as
 * the idempotency key, so a send whose answer was lost never becomes a second order. The outcome tells the worker
 * whether the work is done, refused for good (the buyer reads the supplier's words) or worth another try. A supplier
 * whose API takes no orders gets a purchase order document instead (purchase-orders.ts).
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { costCenters, requisitionLines, requisitions, supplierConnections, supplierOrders, supplierQuotes } from "@/db/schema";
import { connectorForRow, type SupplierConnectionRow } from "@/server/connections/connections";
import { quotingConnectorFor } from "@/server/quotes/quoting";
import { isSupplierError, SupplierError, type SupplierOrder } from "@/server/suppliers";
import { inLifecycle } from "./lifecycle";
import { answerSupplierHold } from "./supplier-hold";
import { issuePurchaseOrder } from "./purchase-orders";

export type PlaceOutcome =
  { kind: "placed" } | { kind: "skipped" } | { kind: "refused"; message: string } | { kind: "retry"; message: string; retryAfterMs?: number };

/** Answers a supplier gives that no retry will change. */
const isFinalRefusal = (error: unknown): error is SupplierError =>
  isSupplierError(error) && (error.kind === "validation" || error.kind === "not_found" || error.kind === "conflict");

export async function placeSupplierOrder(db: Database, supplierOrderId: string): Promise<PlaceOutcome> {
  const [row] = await db
    .select({ order: supplierOrders, requisition: requisitions, connection: supplierConnections, costCenterCode: costCenters.code })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(costCenters, eq(costCenters.id, requisitions.costCenterId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(eq(supplierOrders.id, supplierOrderId));
  if (!row || row.order.state !== "queued") return { kind: "skipped" };
  const supplier = row.connection.displayName;
  const lines = await db
    .select({ itemCode: requisitionLines.itemCode, quantity: requisitionLines.quantity })
    .from(requisitionLines)
    .where(and(eq(requisitionLines.companyId, row.order.companyId), eq(requisitionLines.supplierOrderId, supplierOrderId)));
  try {
    const connector = connectorForRow(row.connection);
    if (!connector.capabilities.placeOrder && !row.order.supplierQuoteId) {
      return await issuePurchaseOrder(db, { order: row.order, connection: row.connection, poNumber: row.requisition.poNumber }, connector);
    }
    const placed = row.order.supplierQuoteId
      ? await placeByAcceptingQuote(db, row.order.supplierQuoteId, row.connection, row.order.shipTo.supplierAddressId, row.requisition.poNumber)
      : await connector.placeOrder({
          idempotencyKey: row.order.id,
          shipToAddressId: row.order.shipTo.supplierAddressId,
          costCenterCode: row.costCenterCode,
          poNumber: row.requisition.poNumber,
          neededBy: row.requisition.neededBy,
          lines,
        });
    const recorded = await inLifecycle(db, (lifecycle) => lifecycle.placed(row.order, supplier, placed));
    if (!recorded) return { kind: "skipped" };
    // Placed; a hold the chain's approval answers is answered now, not left for the approver to meet again.
    if (placed.status === "pending_approval") await answerSupplierHold(db, row.order.id);
    return { kind: "placed" };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isFinalRefusal(error)) {
      await inLifecycle(db, (lifecycle) => lifecycle.refused(row.order, supplier, { message: error.message, field: error.details.field ?? null }));
      return { kind: "refused", message };
    }
    console.warn(`[outbox] ${supplier} order ${supplierOrderId} not placed yet, will retry: ${message}`);
    return { kind: "retry", message, retryAfterMs: isSupplierError(error) ? error.details.retryAfterMs : undefined };
  }
}

/**
 * A supplier order checked out from a quote is placed by accepting that quote at the supplier (its prices, not
 * today's list). Accepting again returns the same order, so a retry cannot order twice.
 */
async function placeByAcceptingQuote(
  db: Database,
  quoteId: string,
  connection: SupplierConnectionRow,
  shipToAddressId: string,
  poNumber: string,
): Promise<SupplierOrder> {
  const [quote] = await db.select().from(supplierQuotes).where(eq(supplierQuotes.id, quoteId));
  if (!quote?.supplierQuoteRef) {
    throw new SupplierError("not_found", "The quote this order came from is not known to the supplier.", connection.supplier, { code: "quote_missing" });
  }
  const { order } = await quotingConnectorFor(connection).acceptQuote(quote.supplierQuoteRef, shipToAddressId, poNumber);
  await db.update(supplierQuotes).set({ status: "ordered", updatedAt: new Date(), checkedAt: new Date() }).where(eq(supplierQuotes.id, quoteId));
  return order;
}
