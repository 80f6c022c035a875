/** The worker's pass over placed orders: asks each supplier where its open orders stand, oldest check first. */
import { and, asc, eq, isNotNull, isNull, lt, notInArray, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierOrders } from "@/db/schema";
import { matchEnteredOrders } from "@/server/requisitions/purchase-orders";
import { refreshSupplierOrderStatus } from "@/server/requisitions/supplier-status";

const FINAL_STATUSES = ["delivered", "cancelled"];

/** Refreshes placed orders that are not finished, oldest check first, a batch at a time. */
export async function refreshOpenSupplierOrders(db: Database, olderThanMs = 30_000, batch = 20): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const due = await db
    .select({ id: supplierOrders.id })
    .from(supplierOrders)
    .where(
      and(
        eq(supplierOrders.state, "placed"),
        // A purchase order not yet entered by the supplier has nothing to ask about; matchEnteredOrders looks for it.
        isNotNull(supplierOrders.supplierOrderRef),
        notInArray(supplierOrders.supplierStatus, FINAL_STATUSES),
        or(isNull(supplierOrders.statusCheckedAt), lt(supplierOrders.statusCheckedAt, cutoff)),
      ),
    )
    .orderBy(asc(supplierOrders.statusCheckedAt))
    .limit(batch);
  for (const { id } of due) await refreshSupplierOrderStatus(db, id);
  await matchEnteredOrders(db);
  return due.length;
}
