/**
 * What the OrderCloud sandbox keeps across restarts (see shared/state-file.ts): every buyer's orders with their line
 * items and approvals, the approval rules (a test or the demo may have changed the threshold), and the products the
 * control API changed, whole. Orders are checked with OrderCloud's own wire schemas, since the sandbox made them.
 */
import { z } from "zod";
import { wireApprovalRule, wireLineItem, wireOrder, wireOrderApproval, wireProduct } from "@/server/suppliers/ordercloud/wire";
import type { OrderCloudSandboxState } from "./sandbox";

export const ordercloudSavedState = z.object({
  orders: z.array(z.object({ BuyerID: z.string(), order: wireOrder, lineItems: z.array(wireLineItem), approvals: z.array(wireOrderApproval) })),
  approvalRules: z.array(wireApprovalRule.extend({ BuyerID: z.string() })),
  products: z.array(wireProduct),
});
export type OrderCloudSavedState = z.output<typeof ordercloudSavedState>;

export function snapshotOf(state: OrderCloudSandboxState): OrderCloudSavedState {
  return {
    // FromUser is a view the sandbox adds on the way out; it is not stored.
    orders: [...state.orders.values()].map((r) => ({ ...r, order: { ...r.order, FromUser: undefined } })),
    approvalRules: state.approvalRules,
    products: state.catalog.products.filter((p) => state.changedProducts.has(p.ID)),
  };
}

export function restore(state: OrderCloudSandboxState, saved: OrderCloudSavedState): void {
  for (const record of saved.orders) state.orders.set(`${record.BuyerID}\u0000${record.order.ID}`, record);
  state.approvalRules = saved.approvalRules.map((r) => ({ ...r, Name: r.Name ?? null, Description: r.Description ?? null }));
  for (const product of saved.products) {
    const at = state.catalog.products.findIndex((p) => p.ID === product.ID);
    if (at >= 0) state.catalog.products[at] = product;
    state.changedProducts.add(product.ID);
  }
}
