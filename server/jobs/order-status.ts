import { and, asc, eq, isNull, lt, notInArray, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, supplierConnections, supplierOrders } from "@/db/schema";
import { releaseSpend } from "@/server/spend/ledger";
import { connectorForRow } from "@/server/suppliers/connections";

const FINAL_STATUSES = ["delivered", "cancelled"];

/**
 * Asks the supplier for the current status of one placed order and stores it.
 * Suppliers that are down leave the last known status in place.
 */
export async function refreshSupplierOrderStatus(db: Database, supplierOrderId: string): Promise<void> {
  const [row] = await db
    .select({ order: supplierOrders, connection: supplierConnections })
    .from(supplierOrders)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(eq(supplierOrders.id, supplierOrderId));
  if (!row?.order.supplierOrderRef) return;
  try {
    const current = await connectorForRow(row.connection).getOrder(row.order.supplierOrderRef);
    const changed = current.status !== row.order.supplierStatus;
    await db
      .update(supplierOrders)
      .set({ supplierStatus: current.status, supplierTotalMinor: current.total.amount, statusCheckedAt: new Date() })
      .where(eq(supplierOrders.id, supplierOrderId));
    // Cancelled at the supplier (by us or by them): only this supplier order's part of the requisition is released.
    if (changed && current.status === "cancelled") await releaseSpend(db, [supplierOrderId], `Cancelled at ${row.connection.displayName}`);
    if (changed) {
      await db.insert(auditLog).values({
        companyId: row.order.companyId,
        actorId: null,
        action: "supplier_order.status_changed",
        subjectType: "supplier_order",
        subjectId: supplierOrderId,
        details: { from: row.order.supplierStatus, to: current.status },
      });
    }
  } catch (error) {
    console.warn(`[status] could not refresh ${row.connection.displayName} order ${row.order.supplierOrderRef}: ${error instanceof Error ? error.message : error}`);
  }
}

/** Refreshes placed orders that are not finished, oldest check first, a batch at a time. */
export async function refreshOpenSupplierOrders(db: Database, olderThanMs = 30_000, batch = 20): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const due = await db
    .select({ id: supplierOrders.id })
    .from(supplierOrders)
    .where(
      and(
        eq(supplierOrders.state, "placed"),
        notInArray(supplierOrders.supplierStatus, FINAL_STATUSES),
        or(isNull(supplierOrders.statusCheckedAt), lt(supplierOrders.statusCheckedAt, cutoff)),
      ),
    )
    .orderBy(asc(supplierOrders.statusCheckedAt))
    .limit(batch);
  for (const { id } of due) await refreshSupplierOrderStatus(db, id);
  return due.length;
}
