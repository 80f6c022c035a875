/**
 * What a requisition's status says once it is approved: the portal's part ends there, and the supplier orders decide
 * the rest. Approved (nothing with a supplier yet), partly ordered, ordered, partly shipped, shipped, delivered; and
 * received once the buyer's receipts cover every line of every order still live (whatever the supplier last said:
 * the goods at the dock are the last word); cancelled once nothing of it will be bought and at least one order was
 * cancelled (declined when a supplier's own approval declined one); not ordered when every supplier refused it.
 * Orders that ended (not sent,
 * refused, cancelled) do not hold the others back: one delivered order and one cancelled is delivered.
 */
import { isPastApproval, type RequisitionStatus, type SupplierOrderState } from "@/common/requisitions";
import { isEndedAtSupplier } from "@/common/suppliers";

export interface OrderStanding {
  state: SupplierOrderState;
  /** The supplier's status once placed, in the portal's words (server/suppliers/types.ts SupplierOrderStatus). */
  supplierStatus: string | null;
  /** Its receipts cover every line (server/domain/receipts.ts isFullyReceived). */
  fullyReceived?: boolean;
}

const isCancelled = (o: OrderStanding) => o.state === "placed" && o.supplierStatus === "cancelled";
const isDeclined = (o: OrderStanding) => o.state === "placed" && o.supplierStatus === "declined";
/** Nothing more will be bought through this order. */
const hasEnded = (o: OrderStanding) => o.state === "not_sent" || o.state === "failed" || (o.state === "placed" && isEndedAtSupplier(o.supplierStatus));
const isPlaced = (o: OrderStanding) => o.state === "placed";
const isReceived = (o: OrderStanding) => isPlaced(o) && o.fullyReceived === true;
const isDelivered = (o: OrderStanding) => isPlaced(o) && (o.supplierStatus === "delivered" || isReceived(o));
const hasShipped = (o: OrderStanding) => isPlaced(o) && (o.supplierStatus === "shipped" || isDelivered(o));

export function statusFollowingOrders(current: RequisitionStatus, orders: OrderStanding[]): RequisitionStatus {
  if (!isPastApproval(current)) return current;
  const live = orders.filter((o) => !hasEnded(o));
  if (live.length === 0) {
    // A supplier's own approval said no: the buyer reads "declined at the supplier", not a cancel someone made.
    if (orders.some(isDeclined)) return "declined";
    if (orders.some(isCancelled)) return "cancelled";
    // Every supplier refused it: nothing was ordered, and saying "approved" would hide that.
    return orders.some((o) => o.state === "failed") ? "not_ordered" : current;
  }
  const placed = live.filter(isPlaced).length;
  if (placed < live.length) return placed === 0 ? "approved" : "partly_ordered";
  if (live.every(isReceived)) return "received";
  if (live.every(isDelivered)) return "delivered";
  if (live.every(hasShipped)) return "shipped";
  if (live.some((o) => hasShipped(o) || o.supplierStatus === "partly_shipped")) return "partly_shipped";
  return "ordered";
}
