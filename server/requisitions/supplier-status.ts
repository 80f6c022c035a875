/**
 * Asking a supplier where a placed order stands: its status (stored through the lifecycle, which releases a
 * cancelled order's budget and lets the requisition follow its orders) and, for a supplier with a shipments API, the
 * order's shipments once it says shipped. A supplier that is down leaves the last known status and shipments in place.
 */
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierConnections, supplierOrders } from "@/db/schema";
import { connectorForRow } from "@/server/connections/connections";
import type { SupplierConnector, SupplierOrderStatus, SupplierShipment } from "@/server/suppliers";
import { inLifecycle, type ShipmentReport, type SupplierOrderRow } from "./lifecycle";
import { answerSupplierHold } from "./supplier-hold";
import { refreshInvoices } from "./purchase-orders";

/** Only an order the supplier calls shipped (or delivered, to catch the shipments' last status) can have shipments worth asking for. */
const SHIPMENT_STATUSES = new Set<SupplierOrderStatus>(["partly_shipped", "shipped", "delivered"]);

export async function refreshSupplierOrderStatus(db: Database, supplierOrderId: string): Promise<void> {
  const [row] = await db
    .select({ order: supplierOrders, connection: supplierConnections })
    .from(supplierOrders)
    .innerJoin(supplierConnections, eq(supplierConnections.id, supplierOrders.supplierConnectionId))
    .where(eq(supplierOrders.id, supplierOrderId));
  // A disabled connection is not asked anything; the order keeps the status it last had.
  if (!row?.order.supplierOrderRef || !row.connection.enabled) return;
  const supplier = row.connection.displayName;
  /** Set once the status is stored and says shipments may exist. */
  let connector: SupplierConnector | null = null;
  try {
    const orderConnector = connectorForRow(row.connection);
    const current = await orderConnector.getOrder(row.order.supplierOrderRef);
    await inLifecycle(db, (lifecycle) =>
      lifecycle.supplierSaid(row.order, supplier, { status: current.status, total: current.total, supplierNote: current.supplierNote }),
    );
    // A hold the chain's approval answers, still waiting (the supplier was down when the order was placed): try again.
    if (current.status === "pending_approval") await answerSupplierHold(db, row.order.id);
    if (SHIPMENT_STATUSES.has(current.status)) connector = orderConnector;
  } catch (error) {
    console.warn(`[status] could not refresh ${supplier} order ${row.order.supplierOrderRef}: ${error instanceof Error ? error.message : error}`);
  }
  // Apart from the status: shipments that cannot be read leave the stored ones (and the status just stored) as they are.
  if (connector) {
    try {
      await refreshShipments(db, connector, row.order, supplier);
    } catch (error) {
      console.warn(
        `[status] could not refresh shipments of ${supplier} order ${row.order.supplierOrderRef}; keeping the stored ones: ${error instanceof Error ? error.message : error}`,
      );
    }
    // Invoices come once goods are on their way; kept for matching.
    if (connector.capabilities.invoices) {
      try {
        await refreshInvoices(db, row.order.id);
      } catch (error) {
        console.warn(`[status] could not read invoices of ${supplier} order ${row.order.supplierOrderRef}: ${error instanceof Error ? error.message : error}`);
      }
    }
  }
}

const validDate = (value: unknown): Date | null => (value instanceof Date && !Number.isNaN(value.getTime()) ? value : null);
const cleanText = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

/** A shipment as it will be stored, or why it cannot be (a connector's output is still checked: it ends up as a link on the page). */
function readShipment(shipment: SupplierShipment): { ok: true; value: ShipmentReport } | { ok: false; why: string } {
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

async function refreshShipments(db: Database, connector: SupplierConnector, order: SupplierOrderRow, supplierName: string): Promise<void> {
  if (!connector.capabilities.shipments || !connector.listShipments || !order.supplierOrderRef) return;
  const listed = await connector.listShipments(order.supplierOrderRef);
  for (const shipment of listed) {
    const read = readShipment(shipment);
    if (!read.ok) {
      console.warn(`[status] left out a shipment of ${supplierName} order ${order.supplierOrderRef}: ${read.why}`);
      continue;
    }
    await inLifecycle(db, (lifecycle) => lifecycle.shipmentReported(order, supplierName, read.value));
  }
}
