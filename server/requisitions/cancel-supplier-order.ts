/**
 * Cancelling one supplier order of a requisition at the supplier. The requester or an admin may ask; the supplier
 * decides whether it still can (its connector declares in which statuses), and only when it says cancelled is that
 * order's part of the budget released. The requisition's other orders go on. The cancel is an intent recorded before
 * Hygrade (or Yodify, OrderCloud) is asked, so a cancel the portal failed to write down is finished by the worker.
 */
import { and, eq } from "drizzle-orm";
import { requisitions, supplierConnections, supplierOrders } from "@/db/schema";
import { hasRole, type Actor, type ActorContext } from "@/server/actor";
import { connectorForRow } from "@/server/connections/connections";
import { AppError, notFound } from "@/server/errors";
import { carryOut, type IntentHandler } from "@/server/supplier-intents/intents";
import type { SupplierConnector, SupplierOrder, SupplierOrderStatus } from "@/server/suppliers";
import { inTransactionLifecycle, type SupplierOrderRow } from "./lifecycle";

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

/** The supplier's cancel of one placed order, as an intent (server/supplier-intents): asked, read back, recorded. */
export const cancelIntent: IntentHandler<SupplierOrder> = {
  kind: "supplier_order.cancel",
  did: () => "cancelled the order",
  link: (intent) => (typeof intent.details.requisitionId === "string" ? `/requisitions/${intent.details.requisitionId}` : null),
  act: (intent, connection) => connectorForRow(connection).cancelOrder(intent.supplierRef, { idempotencyKey: intent.idempotencyKey ?? undefined }),
  async readBack(intent, connection) {
    const order = await connectorForRow(connection).getOrder(intent.supplierRef);
    return order.status === "cancelled" ? order : null;
  },
  async record(tx, intent, result, actor) {
    const [order] = await tx.select().from(supplierOrders).where(eq(supplierOrders.id, intent.subjectId));
    if (!order) return;
    const [connection] = await tx.select().from(supplierConnections).where(eq(supplierConnections.id, intent.supplierConnectionId));
    const supplier = connection?.displayName ?? "the supplier";
    const reason = String(intent.details.reason ?? "");
    await inTransactionLifecycle(tx, (lifecycle) =>
      lifecycle.supplierSaid(
        order,
        supplier,
        { status: result.status },
        {
          actor,
          action: "supplier_order.cancelled",
          details: { supplier, supplierOrderId: intent.supplierRef, status: result.status, reason, intentId: intent.id },
          releaseReason: `Cancelled by ${actor.name}: ${reason}`,
        },
      ),
    );
  },
};

/**
 * Cancels at the supplier and records it; the answer says what actually happened: cancelled, cancelled but still being
 * recorded, or no answer (the worker finds out). A refusal is thrown with the supplier's words.
 */
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
  const outcome = await carryOut(ctx.db, cancelIntent, {
    companyId: ctx.companyId,
    actor: ctx.user,
    connection: row.connection,
    subject: { type: "supplier_order", id: row.order.id },
    supplierRef: row.order.supplierOrderRef!,
    details: { reason: input.reason, requisitionId: row.requisition.id },
    withIdempotencyKey: true,
  });
  return { supplierOrderId: row.order.id, supplierStatus: outcome.result?.status ?? null, outcome: outcome.state, message: outcome.message };
}
