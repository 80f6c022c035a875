/**
 * What a requisition's status says once its supplier orders have moved on. Approved is where the portal's part ends;
 * after that the orders decide: a requisition whose every order was cancelled (or never sent, or refused, with at
 * least one cancelled) is cancelled, not approved. Later statuses (ordered, shipped, delivered) will follow the orders
 * here too.
 */
import type { RequisitionStatus, SupplierOrderState } from "@/common/requisitions";

export interface OrderStanding {
  state: SupplierOrderState;
  /** The supplier's status once placed, in the portal's words (server/suppliers/types.ts SupplierOrderStatus). */
  supplierStatus: string | null;
}

const isCancelled = (o: OrderStanding) => o.state === "placed" && o.supplierStatus === "cancelled";
/** Nothing more will be bought through this order. */
const hasEnded = (o: OrderStanding) => o.state === "not_sent" || o.state === "failed" || isCancelled(o);

export function statusFollowingOrders(current: RequisitionStatus, orders: OrderStanding[]): RequisitionStatus {
  if (current !== "approved" && current !== "cancelled") return current;
  if (orders.length > 0 && orders.every(hasEnded) && orders.some(isCancelled)) return "cancelled";
  return "approved";
}
