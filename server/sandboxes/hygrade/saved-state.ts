/**
 * What the Hygrade sandbox keeps across restarts (see shared/state-file.ts):
 * orders, their approvals, idempotency records (a retry after a restart still
 * gets the original answer, so nothing is ordered twice), the creation
 * counter, and the items changed through the control API. The orders and
 * approvals are checked with Hygrade's own wire schemas: the sandbox made
 * them, and answers them as they are.
 */
import { z } from "zod";
import { wireApproval, wireOrder, wirePriceTier } from "@/server/suppliers/hygrade/wire";
import type { HygradeSandboxState } from "./sandbox";

export const hygradeSavedState = z.object({
  orderSeq: z.number().int().nonnegative(),
  orders: z.array(
    z.object({
      order: wireOrder,
      seq: z.number().int(),
      clientId: z.string(),
      createdAtMs: z.number(),
      statusChangedAtMs: z.number(),
      approvalId: z.string().nullable(),
    }),
  ),
  approvals: z.array(wireApproval),
  idempotency: z.array(z.object({ key: z.string(), fingerprint: z.string(), status: z.number().int(), body: z.unknown(), storedAtMs: z.number() })),
  /** Per account, the items changed through POST /_sandbox/items/{id}, as they now are. */
  changedItems: z.array(z.object({ account: z.string(), itemId: z.string(), pricing: z.array(wirePriceTier).min(1), available: z.boolean() })),
});
export type HygradeSavedState = z.output<typeof hygradeSavedState>;

export function snapshotOf(state: HygradeSandboxState): HygradeSavedState {
  return {
    orderSeq: state.orderSeq,
    orders: [...state.orders.values()],
    approvals: [...state.approvals.values()],
    idempotency: [...state.idempotency].map(([key, stored]) => ({ key, ...stored })),
    changedItems: [...state.changedItems.values()].flatMap(({ account, itemId }) => {
      const item = state.world.itemsById.get(account)?.get(itemId);
      return item ? [{ account, itemId, pricing: item.pricing, available: item.available }] : [];
    }),
  };
}

export function restore(state: HygradeSandboxState, saved: HygradeSavedState): void {
  state.orderSeq = saved.orderSeq;
  for (const record of saved.orders) state.orders.set(record.order.id, record);
  for (const approval of saved.approvals) state.approvals.set(approval.id, approval);
  for (const { key, ...stored } of saved.idempotency) state.idempotency.set(key, stored);
  for (const change of saved.changedItems) {
    // An item the seeded catalog no longer has is dropped rather than brought back.
    const item = state.world.itemsById.get(change.account)?.get(change.itemId);
    if (!item) continue;
    item.pricing = change.pricing;
    item.available = change.available;
    state.changedItems.set(changedItemKey(change.account, change.itemId), { account: change.account, itemId: change.itemId });
  }
}

export const changedItemKey = (account: string, itemId: string) => `${account}\u0000${itemId}`;
