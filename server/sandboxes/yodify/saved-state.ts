/**
 * What the Yodify sandbox keeps across restarts (see shared/state-file.ts):
 * orders (with their shipments), quotes, the id counters (a new order after a
 * restart never takes an old one's id), and the SKUs changed or added through
 * the control API, whole. Orders and quotes are checked with Yodify's own
 * wire schemas, since the sandbox made them; SKUs only by their id, because
 * /_sandbox/skus/{id}/patch writes malformed fields on purpose.
 */
import { z } from "zod";
import { wireOrder, wireQuote, type WireSku } from "@/server/suppliers/yodify/wire";
import type { YodifySandboxState } from "./sandbox";

export const yodifySavedState = z.object({
  counters: z.object({
    nextOrderId: z.number().int(),
    nextQuoteId: z.number().int(),
    nextShipmentId: z.number().int(),
    nextLineId: z.number().int(),
  }),
  orders: z.array(z.object({ order: wireOrder, accountId: z.number().int(), fingerprint: z.string(), createdAtMs: z.number(), changedAtMs: z.number() })),
  quotes: z.array(z.object({ quote: wireQuote, accountId: z.number().int() })),
  skus: z.array(z.looseObject({ id: z.number().int().nonnegative() })),
});
export type YodifySavedState = z.output<typeof yodifySavedState>;

export function snapshotOf(state: YodifySandboxState): YodifySavedState {
  return {
    counters: { nextOrderId: state.nextOrderId, nextQuoteId: state.nextQuoteId, nextShipmentId: state.nextShipmentId, nextLineId: state.nextLineId },
    orders: [...state.orders.values()],
    quotes: [...state.quotes.values()],
    skus: [...state.changedSkus].flatMap((id) => {
      const sku = state.skusById.get(id);
      return sku ? [sku] : [];
    }),
  };
}

export function restore(state: YodifySandboxState, saved: YodifySavedState): void {
  Object.assign(state, saved.counters);
  for (const record of saved.orders) state.orders.set(record.order.id, record);
  for (const record of saved.quotes) state.quotes.set(record.quote.id, record);
  for (const raw of saved.skus) {
    // Raw on purpose (see above): whatever the control API wrote is served again as it was.
    const sku = raw as unknown as WireSku;
    const at = state.catalog.skus.findIndex((s) => s.id === sku.id);
    if (at >= 0) state.catalog.skus[at] = sku;
    else state.catalog.skus.push(sku);
    state.skusById.set(sku.id, sku);
    state.changedSkus.add(sku.id);
  }
}
