/**
 * Cancelling one supplier order of a requisition at the supplier. The requester or an admin may ask; the supplier
 * decides whether it still can (its connector declares in which statuses), and only when it says cancelled is that
 * order's part of the budget released. The requisition's other orders go on.
 */
import { and, eq } from "drizzle-orm";
import { requisitions, supplierConnections, supplierOrders } from "@/db/schema";
import { hasRole, type Actor, type ActorContext } from "@/server/actor";
import { askSupplier } from "@/server/connections/ask-supplier";
import { connectorForRow } from "@/server/connections/connections";
import { AppError, notFound } from "@/server/errors";
import type { SupplierConnector, SupplierOrderStatus } from "@/server/suppliers";
import { inLifecycle, type SupplierOrderRow } from "./lifecycle";

/** Why this person may not cancel this order now, or null when they may. */
export function cancellationRefusal(
  actor: Pick<Actor, "id" | "roles">,
  requisition: { requesterId: string },
  order: Pick<SupplierOrderRow, "state" | "supplierOrderRef" | "supplierStatus">,
  connector: Pick<SupplierConnector, "capabilities">,
  supplierName: string,
): AppError | null {
  if (requisition.requesterId !== actor.id && !hasRole(actor, "admin"))
    return new AppError("forbidden", "Only the requester or an admin can cancel a supplier order.");
  if (order.state !== "placed" || !order.supplierOrderRef) {
    return new AppError("precondition", `This ${supplierName} order has not been placed, so there is nothing to cancel at the supplier.`);
  }
  if (order.supplierStatus === "cancelled") return new AppError("conflict", `This ${supplierName} order is already cancelled.`);
  const { cancelOrder, cancellableStatuses } = connector.capabilities;
  if (!cancelOrder || !(cancellableStatuses ?? []).includes(order.supplierStatus as SupplierOrderStatus)) {
    return new AppError("precondition", `${supplierName} no longer takes a cancel for this order through its API; contact ${supplierName}.`);
  }
  return null;
}

export async function cancelSupplierOrder(ctx: ActorContext, input: { supplierOrderId: string; reason: string }) {
  const [row] = await ctx.db
    .select({ order: supplierOrders, requisition: requisitions, connection: supplierConnections })
    .from(supplierOrders)
    .innerJoin(requisitions, eq(requisitions.id, supplierOrders.requisitionId))
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(and(eq(supplierOrders.id, input.supplierOrderId), eq(supplierOrders.companyId, ctx.companyId)));
  if (!row) throw notFound("That supplier order");
  const supplier = row.connection.displayName;
  const connector = connectorForRow(row.connection);
  const refusal = cancellationRefusal(ctx.user, row.requisition, row.order, connector, supplier);
  if (refusal) throw refusal;
  const result = await askSupplier(supplier, () => connector.cancelOrder(row.order.supplierOrderRef!));
  await inLifecycle(ctx.db, (lifecycle) =>
    lifecycle.supplierSaid(
      row.order,
      supplier,
      { status: result.status },
      {
        actor: ctx.user,
        action: "supplier_order.cancelled",
        details: { supplier, supplierOrderId: row.order.supplierOrderRef, status: result.status, reason: input.reason },
        releaseReason: `Cancelled by ${ctx.user.name}: ${input.reason}`,
      },
    ),
  );
  return { supplierOrderId: row.order.id, supplierStatus: result.status };
}
