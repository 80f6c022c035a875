/** The tax and shipping each supplier is expected to add, from the company's own recent orders with it. */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { supplierOrders } from "@/db/schema";
import { estimateExtras, expectedTotal, type ExtrasEstimate } from "@/server/domain/expected-total";
import type { Money } from "@/server/domain/money";

/** How many of the latest priced orders an estimate rests on: recent enough to follow a changed rate. */
const EARLIER_ORDERS = 5;

export async function estimateFor(
  db: Database,
  companyId: string,
  connectionId: string,
  subtotal: Money,
  quotedTaxRateBps: number | null = null,
): Promise<ExtrasEstimate | null> {
  const earlier = await db
    .select({
      subtotal: supplierOrders.subtotalMinor,
      tax: supplierOrders.supplierTaxMinor,
      shipping: supplierOrders.supplierShippingMinor,
      currency: supplierOrders.currency,
    })
    .from(supplierOrders)
    .where(
      and(
        eq(supplierOrders.companyId, companyId),
        eq(supplierOrders.supplierConnectionId, connectionId),
        eq(supplierOrders.state, "placed"),
        isNotNull(supplierOrders.supplierTaxMinor),
      ),
    )
    .orderBy(desc(supplierOrders.placedAt))
    .limit(EARLIER_ORDERS);
  return estimateExtras(
    earlier.filter((o) => o.currency === subtotal.currency).map((o) => ({ subtotal: o.subtotal, tax: o.tax ?? 0, shipping: o.shipping ?? 0 })),
    subtotal.amount,
    quotedTaxRateBps,
  );
}

/** Each supplier's lines with the tax and shipping expected on them, asked of the database at once. */
export async function expectedTotals(db: Database, companyId: string, groups: { connectionId: string; subtotal: Money; quotedTaxRateBps?: number | null }[]) {
  return Promise.all(
    groups.map(async (g) => {
      const estimate = await estimateFor(db, companyId, g.connectionId, g.subtotal, g.quotedTaxRateBps ?? null);
      return { connectionId: g.connectionId, estimate, ...expectedTotal(g.subtotal, estimate) };
    }),
  );
}

/** A stored supplier order's expected total, from its subtotal and the estimate kept with it. */
export function expectedOfStored(order: {
  subtotalMinor: number;
  currency: string;
  estimatedTaxRateBps: number | null;
  estimatedShippingMinor: number | null;
}) {
  const subtotal = { amount: order.subtotalMinor, currency: order.currency };
  return expectedTotal(
    subtotal,
    order.estimatedTaxRateBps === null ? null : { taxRateBps: order.estimatedTaxRateBps, shippingMinor: order.estimatedShippingMinor },
  );
}
