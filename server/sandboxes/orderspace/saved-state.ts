/**
 * What the Orderspace sandbox keeps across restarts (see shared/state-file.ts): the orders its staff entered, their
 * dispatches and invoices, the webhooks, the number counters, and the products and stock levels the control API
 * changed, whole. Orders, dispatches and invoices are checked with Orderspace's own wire schemas, since the sandbox made them.
 */
import { z } from "zod";
import { WEBHOOK_EVENTS, wireDispatch, wireInventoryLevel, wireInvoice, wireOrder, wireProduct } from "@/server/suppliers/orderspace/wire";
import type { OrderspaceSandboxState } from "./sandbox";

export const orderspaceSavedState = z.object({
  counters: z.object({ nextOrderNumber: z.number().int(), nextInvoiceNumber: z.number().int() }),
  orders: z.array(wireOrder),
  dispatches: z.array(wireDispatch),
  invoices: z.array(wireInvoice),
  webhooks: z.array(
    z.object({
      id: z.string(),
      endpoint: z.string(),
      signing_key: z.string(),
      events: z.array(z.enum(WEBHOOK_EVENTS)),
      disabled: z.boolean(),
      failures: z.number().int(),
    }),
  ),
  products: z.array(wireProduct),
  inventory: z.array(wireInventoryLevel),
});
export type OrderspaceSavedState = z.output<typeof orderspaceSavedState>;

export function snapshotOf(state: OrderspaceSandboxState): OrderspaceSavedState {
  const changed = state.changedProducts;
  return {
    counters: { nextOrderNumber: state.nextOrderNumber, nextInvoiceNumber: state.nextInvoiceNumber },
    orders: [...state.orders.values()],
    dispatches: [...state.dispatches.values()],
    invoices: [...state.invoices.values()],
    webhooks: [...state.webhooks.values()],
    products: state.catalog.products.filter((p) => changed.has(p.id)),
    inventory: [...state.catalog.inventory.values()].filter((l) => changed.has(`sku:${l.sku}`)),
  };
}

export function restore(state: OrderspaceSandboxState, saved: OrderspaceSavedState): void {
  state.nextOrderNumber = saved.counters.nextOrderNumber;
  state.nextInvoiceNumber = saved.counters.nextInvoiceNumber;
  for (const order of saved.orders) state.orders.set(order.id, order);
  for (const dispatch of saved.dispatches) state.dispatches.set(dispatch.id, dispatch);
  for (const invoice of saved.invoices) state.invoices.set(invoice.id, invoice);
  for (const hook of saved.webhooks) state.webhooks.set(hook.id, { ...hook });
  for (const product of saved.products) {
    const at = state.catalog.products.findIndex((p) => p.id === product.id);
    if (at >= 0) state.catalog.products[at] = product;
    state.changedProducts.add(product.id);
  }
  for (const level of saved.inventory) {
    state.catalog.inventory.set(level.sku, { ...level });
    state.changedProducts.add(`sku:${level.sku}`);
  }
}
