/** The worker's pass over placed orders: asks each supplier where its open orders stand, oldest check first. */
import { and, asc, eq, inArray, isNotNull, isNull, lt, not, notInArray, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierConnections, supplierOrders } from "@/db/schema";
import { FINAL_SUPPLIER_STATUSES, SUPPLIERS_WITHOUT_DELIVERY } from "@/common/suppliers";
import { matchEnteredOrders } from "@/server/requisitions/purchase-orders";
import { refreshSupplierOrderStatus } from "@/server/requisitions/supplier-status";

/** A fully dispatched order at a supplier that never reports delivery: only invoices and payments may still change. */
const SHIPPED_WITHOUT_DELIVERY_EVERY_MS = 60 * 60_000;

/** Refreshes placed orders that are not finished, oldest check first, a batch at a time. */
export async function refreshOpenSupplierOrders(db: Database, olderThanMs = 30_000, batch = 20): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const rarely = new Date(Date.now() - Math.max(olderThanMs, SHIPPED_WITHOUT_DELIVERY_EVERY_MS));
  const due = await db
    .select({ id: supplierOrders.id })
    .from(supplierOrders)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(
      and(
        eq(supplierOrders.state, "placed"),
        // A disabled connection's orders keep their last status until it is enabled again.
        eq(supplierConnections.enabled, true),
        // A purchase order not yet entered by the supplier has nothing to ask about; matchEnteredOrders looks for it.
        isNotNull(supplierOrders.supplierOrderRef),
        notInArray(supplierOrders.supplierStatus, [...FINAL_SUPPLIER_STATUSES]),
        or(isNull(supplierOrders.statusCheckedAt), lt(supplierOrders.statusCheckedAt, cutoff)),
        or(
          not(and(eq(supplierOrders.supplierStatus, "shipped"), inArray(supplierConnections.supplier, [...SUPPLIERS_WITHOUT_DELIVERY]))!),
          isNull(supplierOrders.statusCheckedAt),
          lt(supplierOrders.statusCheckedAt, rarely),
        ),
      ),
    )
    .orderBy(asc(supplierOrders.statusCheckedAt))
    .limit(batch);
  for (const { id } of due) await refreshSupplierOrderStatus(db, id);
  await matchEnteredOrders(db);
  return due.length;
}
