import { and, asc, eq, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditLog, requisitions, supplierConnections, supplierOrders, supplierShipments } from "@/db/schema";
import { notify } from "@/server/notifications/notify";
import { releaseSpend } from "@/server/spend/ledger";
import { connectorForRow } from "@/server/suppliers/connections";
import type { SupplierConnector, SupplierOrderStatus, SupplierShipment } from "@/server/suppliers/types";

const FINAL_STATUSES = ["delivered", "cancelled"];
/** Only an order the supplier calls shipped (or delivered, to catch the shipments' last status) can have shipments worth asking for. */
const SHIPMENT_STATUSES = new Set<SupplierOrderStatus>(["shipped", "delivered"]);

/**
 * Asks the supplier for the current status of one placed order and stores it,
 * and, for a supplier with a shipments API (capabilities.shipments), the
 * order's shipments once it says shipped. Suppliers that are down leave the
 * last known status and shipments in place.
 */
export async function refreshSupplierOrderStatus(db: Database, supplierOrderId: string): Promise<void> {
  const [row] = await db
    .select({ order: supplierOrders, connection: supplierConnections })
    .from(supplierOrders)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(eq(supplierOrders.id, supplierOrderId));
  if (!row?.order.supplierOrderRef) return;
  /** Set once the status is stored and says shipments may exist. */
  let connector: SupplierConnector | null = null;
  try {
    const orderConnector = connectorForRow(row.connection);
    const current = await orderConnector.getOrder(row.order.supplierOrderRef);
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
    if (SHIPMENT_STATUSES.has(current.status)) connector = orderConnector;
  } catch (error) {
    console.warn(
      `[status] could not refresh ${row.connection.displayName} order ${row.order.supplierOrderRef}: ${error instanceof Error ? error.message : error}`,
    );
  }
  // Apart from the status: shipments that cannot be read leave the stored ones (and the status just stored) as they are.
  if (connector) {
    try {
      await refreshShipments(db, connector, { ...row.order, supplierOrderRef: row.order.supplierOrderRef }, row.connection.displayName);
    } catch (error) {
      console.warn(
        `[status] could not refresh shipments of ${row.connection.displayName} order ${row.order.supplierOrderRef}; keeping the stored ones: ${error instanceof Error ? error.message : error}`,
      );
    }
  }
}

const validDate = (value: unknown): Date | null => (value instanceof Date && !Number.isNaN(value.getTime()) ? value : null);
const cleanText = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

/** A shipment as it will be stored, or why it cannot be (a connector's output is still checked: it ends up as a link on the page). */
function readShipment(
  shipment: SupplierShipment,
): { ok: true; value: Omit<typeof supplierShipments.$inferInsert, "companyId" | "supplierOrderId"> } | { ok: false; why: string } {
  const ref = cleanText(shipment?.shipmentId);
  if (!ref) return { ok: false, why: "it has no id" };
  const status = cleanText(shipment.status);
  if (!status) return { ok: false, why: `shipment ${ref} has no status` };
  const url = cleanText(shipment.trackingUrl);
  return {
    ok: true,
    value: {
      supplierShipmentRef: ref,
      status,
      carrierName: cleanText(shipment.carrier?.name),
      trackingNumber: cleanText(shipment.trackingNumber),
      // Only a web page is ever offered as a link.
      trackingUrl: url && /^https?:\/\//i.test(url) ? url : null,
      shippedAt: validDate(shipment.shippedAt),
      estimatedDeliveryAt: validDate(shipment.estimatedDeliveryAt),
    },
  };
}

/**
 * Stores what the supplier says about an order's shipments: one row per
 * supplier shipment, updated in place on every refresh, never removed (a
 * shipment missing from one answer keeps its last known state). A tracking
 * number seen for the first time is audited and the requester is told.
 */
async function refreshShipments(
  db: Database,
  connector: SupplierConnector,
  order: typeof supplierOrders.$inferSelect & { supplierOrderRef: string },
  supplierName: string,
): Promise<void> {
  if (!connector.capabilities.shipments || !connector.listShipments) return;
  const listed = await connector.listShipments(order.supplierOrderRef);
  for (const shipment of listed) {
    const read = readShipment(shipment);
    if (!read.ok) {
      console.warn(`[status] left out a shipment of ${supplierName} order ${order.supplierOrderRef}: ${read.why}`);
      continue;
    }
    const values = read.value;
    await db.transaction(async (tx) => {
      // First sight of this shipment, or the row as it was (locked, so two refreshes at once audit a tracking number once).
      const inserted = await tx
        .insert(supplierShipments)
        .values({ ...values, companyId: order.companyId, supplierOrderId: order.id })
        .onConflictDoNothing({ target: [supplierShipments.supplierOrderId, supplierShipments.supplierShipmentRef] })
        .returning({ id: supplierShipments.id });
      let previousTracking: string | null = null;
      if (inserted.length === 0) {
        const [stored] = await tx
          .select({ trackingNumber: supplierShipments.trackingNumber })
          .from(supplierShipments)
          .where(and(eq(supplierShipments.supplierOrderId, order.id), eq(supplierShipments.supplierShipmentRef, values.supplierShipmentRef)))
          .for("update");
        previousTracking = stored?.trackingNumber ?? null;
        await tx
          .insert(supplierShipments)
          .values({ ...values, companyId: order.companyId, supplierOrderId: order.id })
          .onConflictDoUpdate({
            target: [supplierShipments.supplierOrderId, supplierShipments.supplierShipmentRef],
            set: {
              status: values.status,
              carrierName: values.carrierName,
              // A supplier that stops sending a number or a link does not take back the one the buyer already has.
              trackingNumber: values.trackingNumber ?? sql`${supplierShipments.trackingNumber}`,
              trackingUrl: values.trackingUrl ?? sql`${supplierShipments.trackingUrl}`,
              shippedAt: values.shippedAt,
              estimatedDeliveryAt: values.estimatedDeliveryAt,
              updatedAt: new Date(),
            },
          });
      }
      if (!values.trackingNumber || values.trackingNumber === previousTracking) return;
      const carrier = values.carrierName ?? "Carrier";
      await tx.insert(auditLog).values({
        companyId: order.companyId,
        actorId: null,
        action: "supplier_order.shipped",
        subjectType: "supplier_order",
        subjectId: order.id,
        details: {
          supplier: supplierName,
          supplierOrderId: order.supplierOrderRef,
          shipment: values.supplierShipmentRef,
          carrier: values.carrierName,
          trackingNumber: values.trackingNumber,
          trackingUrl: values.trackingUrl,
        },
      });
      const [requisition] = await tx
        .select({ id: requisitions.id, requesterId: requisitions.requesterId, number: requisitions.number })
        .from(requisitions)
        .where(eq(requisitions.id, order.requisitionId));
      if (requisition) {
        await notify(tx, {
          companyId: order.companyId,
          userIds: [requisition.requesterId],
          kind: "supplier_order.shipped",
          title: `REQ-${requisition.number}: shipped by ${supplierName}`,
          body: `Your order from ${supplierName} has shipped: ${carrier} ${values.trackingNumber}`,
          link: `/requisitions/${requisition.id}`,
        });
      }
    });
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
